import { describe, expect, it } from 'vitest';
import { kFold, leaveOneOut, stratifiedKFold, summarise, type Fold } from '../../src/core/cv/folds';

/** Val sets disjoint and covering 0 … n−1; train = the complement; both sorted. */
function expectPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const f of folds) {
    expect(f.train.length + f.val.length).toBe(n);
    const inVal = new Set(f.val);
    for (const i of f.val) seen[i]++;
    for (const i of f.train) expect(inVal.has(i)).toBe(false);
    expect(new Set([...f.train, ...f.val]).size).toBe(n);
    for (const arr of [f.train, f.val]) for (let j = 1; j < arr.length; j++) expect(arr[j]).toBeGreaterThan(arr[j - 1]);
  }
  expect([...seen].every((c) => c === 1)).toBe(true);
}

const spread = (xs: number[]): number => Math.max(...xs) - Math.min(...xs);

describe('kFold', () => {
  it('partitions 0 … n−1 with fold sizes differing by at most 1', () => {
    for (const [n, k] of [
      [10, 3],
      [103, 5],
      [7, 7],
      [50, 2],
    ]) {
      const folds = kFold(n, k, 42);
      expect(folds).toHaveLength(k);
      expectPartition(folds, n);
      expect(spread(folds.map((f) => f.val.length))).toBeLessThanOrEqual(1);
    }
    expect(kFold(10, 3, 1).map((f) => f.val.length)).toEqual([4, 3, 3]);
  });

  it('is reproducible under a seed and changes with it', () => {
    const a = kFold(40, 4, 7);
    expect(kFold(40, 4, 7)).toEqual(a);
    expect(kFold(40, 4, 8).map((f) => [...f.val])).not.toEqual(a.map((f) => [...f.val]));
    // Shuffled: the first fold is not simply 0 … 9.
    expect([...a[0].val]).not.toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('rejects impossible k', () => {
    expect(() => kFold(5, 6, 1)).toThrow(/cannot exceed/);
    expect(() => kFold(5, 1, 1)).toThrow(/k must be/);
  });
});

describe('stratifiedKFold', () => {
  it('keeps every class within 1 of even across folds, and fold sizes within 1', () => {
    // Imbalanced 3 classes: 37, 12, 5 members, shuffled positions.
    const labels: number[] = [];
    for (let i = 0; i < 54; i++) labels.push(i % 9 === 0 ? 2 : i % 4 === 1 ? 1 : 0);
    const counts = [0, 1, 2].map((c) => labels.filter((y) => y === c).length);
    for (const k of [2, 3, 5]) {
      for (const seed of [1, 2, 3]) {
        const folds = stratifiedKFold(labels, k, seed);
        expectPartition(folds, labels.length);
        expect(spread(folds.map((f) => f.val.length))).toBeLessThanOrEqual(1);
        for (let c = 0; c < 3; c++) {
          const perFold = folds.map((f) => [...f.val].filter((i) => labels[i] === c).length);
          expect(spread(perFold)).toBeLessThanOrEqual(1);
          expect(perFold.reduce((a, b) => a + b, 0)).toBe(counts[c]);
        }
      }
    }
  });

  it('is reproducible under a seed and changes with it', () => {
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    const a = stratifiedKFold(labels, 5, 11);
    expect(stratifiedKFold(labels, 5, 11)).toEqual(a);
    expect(stratifiedKFold(labels, 5, 12).map((f) => [...f.val])).not.toEqual(a.map((f) => [...f.val]));
  });

  it('handles a class smaller than k', () => {
    const labels = [0, 0, 0, 0, 0, 0, 1, 1];
    const folds = stratifiedKFold(labels, 4, 3);
    expectPartition(folds, 8);
    expect(folds.map((f) => [...f.val].filter((i) => labels[i] === 1).length).sort()).toEqual([0, 0, 1, 1]);
  });
});

describe('leaveOneOut', () => {
  it('holds out one sample per fold', () => {
    const folds = leaveOneOut(5);
    expectPartition(folds, 5);
    expect(folds.map((f) => [...f.val])).toEqual([[0], [1], [2], [3], [4]]);
    expect([...folds[2].train]).toEqual([0, 1, 3, 4]);
    expect(leaveOneOut(200)).toHaveLength(200);
  });

  it('refuses more than 200 samples with a clear message', () => {
    expect(() => leaveOneOut(201)).toThrow(
      'leave-one-out trains one model per sample, so it is limited to 200 samples (got 201); use k-fold instead',
    );
  });
});

describe('summarise', () => {
  it('matches numpy: mean and std with ddof=1', () => {
    // np.mean(x) = 0.85, np.std(x, ddof=1) = 0.07905694150420946
    const s = summarise([0.8, 0.85, 0.9, 0.75, 0.95]);
    expect(s.mean).toBeCloseTo(0.85, 12);
    expect(s.std).toBeCloseTo(0.07905694150420946, 12);
  });

  it('gives NaN std for one value and NaN for none', () => {
    expect(summarise([3])).toEqual({ mean: 3, std: NaN });
    expect(summarise([])).toEqual({ mean: NaN, std: NaN });
    expect(summarise([2, 2, 2])).toEqual({ mean: 2, std: 0 });
  });
});
