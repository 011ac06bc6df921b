import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shuffleInPlace } from '../../src/core/rng';
import { TOY_IDS, makeToyDataset, type ToyId, type ToyOptions } from '../../src/core/data/toy';
import { SHAPE_CLASSES, makeShapesDataset } from '../../src/core/data/shapes';
import { classCounts, gatherRows, splitDataset, type SplitOptions } from '../../src/core/data/split';
import { featureSize, type Dataset } from '../../src/core/types';

// ---------------------------------------------------------------- helpers

const draws = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

const labelCounts = (ds: Dataset): number[] =>
  classCounts(
    ds,
    Int32Array.from({ length: ds.count }, (_, i) => i),
  );

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((p, q) => p - q);

const SPLIT: SplitOptions = { valFraction: 0.2, testFraction: 0.2, trainSize: 0, labelNoise: 0, seed: 7 };

/** An unbalanced 3-class dataset (50 / 31 / 19 samples) so rounding per class actually matters. */
function unbalanced(): Dataset {
  const sizes = [50, 31, 19];
  const y = Int32Array.from(sizes.flatMap((n, k) => new Array<number>(n).fill(k)));
  const x = Float32Array.from({ length: y.length * 2 }, (_, i) => i); // row i = [2i, 2i+1]
  return { id: 'test', kind: 'points', shape: [2], count: y.length, x, y, classNames: ['a', 'b', 'c'] };
}

// ---------------------------------------------------------------- rng

describe('rng', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draws(42, 100)).toEqual(draws(42, 100));
    const a = createRng(9);
    const b = createRng(9);
    for (let i = 0; i < 50; i++) {
      expect(a.normal()).toBe(b.normal());
      expect(a.int(17)).toBe(b.int(17));
      expect(a.seed()).toBe(b.seed());
    }
  });

  it('gives different sequences for different seeds', () => {
    expect(draws(1, 20)).not.toEqual(draws(2, 20));
    expect(draws(0, 20)).not.toEqual(draws(1, 20));
  });

  it('keeps next/int/uniform in range', () => {
    const rng = createRng(3);
    for (let i = 0; i < 2000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const k = rng.int(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
      const v = rng.uniform(-2, 3);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThan(3);
    }
  });

  it('normal() has roughly zero mean and unit variance', () => {
    const rng = createRng(11);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });

  it('deriveSeed is deterministic, differs by purpose and by seed, and is a non-negative int32', () => {
    expect(deriveSeed(5, 'split')).toBe(deriveSeed(5, 'split'));
    const purposes = ['split', 'init', 'batches', 'augment', 'label-noise'];
    const seeds = purposes.map((p) => deriveSeed(5, p));
    expect(new Set(seeds).size).toBe(purposes.length);
    expect(deriveSeed(5, 'split')).not.toBe(deriveSeed(6, 'split'));
    for (const s of seeds) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(0x7fffffff);
    }
  });

  it('shuffleInPlace is a seeded permutation', () => {
    const base = Array.from({ length: 200 }, (_, i) => i);
    const a = [...base];
    shuffleInPlace(a, createRng(1));
    expect(sorted(a)).toEqual(base);
    expect(a).not.toEqual(base);

    const b = [...base];
    shuffleInPlace(b, createRng(1));
    expect(b).toEqual(a);

    const c = Int32Array.from(base);
    shuffleInPlace(c, createRng(2));
    expect(sorted(c)).toEqual(base);
    expect(Array.from(c)).not.toEqual(a);
  });
});

// ---------------------------------------------------------------- toy datasets

describe('toy datasets', () => {
  const opts = (o: Partial<ToyOptions> = {}): ToyOptions => ({ samples: 300, noise: 0.15, classes: 3, seed: 4, ...o });

  describe.each(TOY_IDS.map((id) => [id]))('%s', (id: ToyId) => {
    const classes = id === 'xor' ? 2 : 3;

    it('is deterministic under a seed and changes with the seed', () => {
      const a = makeToyDataset(id, opts());
      const b = makeToyDataset(id, opts());
      expect(a.x).toEqual(b.x);
      expect(a.y).toEqual(b.y);
      expect(makeToyDataset(id, opts({ seed: 5 })).x).not.toEqual(a.x);
    });

    it('has the right count, shape and label range', () => {
      const ds = makeToyDataset(id, opts());
      expect(ds.kind).toBe('points');
      expect(ds.shape).toEqual([2]);
      expect(ds.count).toBe(300);
      expect(ds.x.length).toBe(600);
      expect(ds.y.length).toBe(300);
      expect(ds.classNames).toHaveLength(classes);
      for (const label of ds.y) expect(label >= 0 && label < classes).toBe(true);
      for (const v of ds.x) expect(Number.isFinite(v)).toBe(true);
    });

    it('is class balanced', () => {
      const ds = makeToyDataset(id, opts());
      expect(labelCounts(ds)).toEqual(new Array(classes).fill(300 / classes));
    });

    it('keeps coordinates within about [-1.5, 1.5] at the default noise', () => {
      const ds = makeToyDataset(id, opts({ samples: 1000 }));
      let maxAbs = 0;
      for (const v of ds.x) maxAbs = Math.max(maxAbs, Math.abs(v));
      expect(maxAbs).toBeLessThanOrEqual(1.5);
      // ...and actually uses the space (not collapsed to a point).
      expect(maxAbs).toBeGreaterThan(0.5);
    });
  });

  it('xor is always binary, whatever classes are asked for', () => {
    for (const classes of [2, 3, 5]) {
      const ds = makeToyDataset('xor', opts({ classes }));
      expect(ds.classNames).toHaveLength(2);
      expect(sorted([...new Set(ds.y)])).toEqual([0, 1]);
    }
  });

  it('xor labels match the sign rule for low noise', () => {
    const ds = makeToyDataset('xor', opts({ noise: 0, samples: 400 }));
    for (let i = 0; i < ds.count; i++) {
      const sameSign = ds.x[2 * i] * ds.x[2 * i + 1] > 0;
      expect(ds.y[i]).toBe(sameSign ? 0 : 1);
    }
  });

  // Fails at the time of writing: toy.ts gives classes blocks of ceil(n / classes) samples, so the last class
  // gets the remainder (e.g. 21 samples, 5 classes → 5, 5, 5, 5, 1).
  it('keeps class sizes within one sample of each other for any sample count', () => {
    for (const id of TOY_IDS) {
      for (let samples = 20; samples <= 60; samples++) {
        for (const classes of [2, 3, 4, 5]) {
          const counts = labelCounts(makeToyDataset(id, opts({ samples, classes })));
          expect(Math.max(...counts) - Math.min(...counts), `${id} n=${samples} k=${classes}: ${counts}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('clamps classes to the supported range and sample count to at least one per class', () => {
    expect(makeToyDataset('spiral', opts({ classes: 9 })).classNames).toHaveLength(5);
    expect(makeToyDataset('circles', opts({ classes: 1 })).classNames).toHaveLength(2);
    expect(makeToyDataset('gaussian', opts({ samples: 1, classes: 4 })).count).toBe(4);
  });
});

// ---------------------------------------------------------------- shapes

describe('shapes dataset', () => {
  const ds = makeShapesDataset({ samples: 60, noise: 0.2, seed: 3 });

  it('is deterministic under a seed and changes with the seed', () => {
    const again = makeShapesDataset({ samples: 60, noise: 0.2, seed: 3 });
    expect(again.x).toEqual(ds.x);
    expect(again.y).toEqual(ds.y);
    expect(makeShapesDataset({ samples: 60, noise: 0.2, seed: 4 }).x).not.toEqual(ds.x);
  });

  it('is 32×32×3 images in [0, 1]', () => {
    expect(ds.kind).toBe('image');
    expect(ds.shape).toEqual([32, 32, 3]);
    expect(ds.count).toBe(60);
    expect(ds.x.length).toBe(60 * 32 * 32 * 3);
    let min = Infinity;
    let max = -Infinity;
    for (const v of ds.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.5); // shapes stand out from the background
  });

  it('has 10 balanced classes', () => {
    expect(ds.classNames).toEqual([...SHAPE_CLASSES]);
    expect(labelCounts(ds)).toEqual(new Array(10).fill(6));
  });

  it('has colour, size and position attributes with one valid index per sample', () => {
    const attrs = ds.attributes!;
    expect(Object.keys(attrs).sort()).toEqual(['colour', 'position', 'size']);
    expect(attrs.colour.values).toHaveLength(6);
    expect(attrs.size.values).toEqual(['small', 'medium', 'large']);
    expect(attrs.position.values).toHaveLength(4);
    for (const { values, index } of Object.values(attrs)) {
      expect(index.length).toBe(ds.count);
      for (const v of index) expect(v >= 0 && v < values.length).toBe(true);
    }
  });
});

// ---------------------------------------------------------------- split

describe('splitDataset', () => {
  const data = unbalanced();
  const sizes = labelCounts(data); // [50, 31, 19]

  /** Expected per-class (test, val, train) counts: test and val rounded per class, train the rest. */
  const expectedPerClass = (o: SplitOptions) =>
    sizes.map((n) => {
      const test = Math.round(n * o.testFraction);
      const val = Math.round(n * o.valFraction);
      return { test, val, train: n - test - val };
    });

  it('gives disjoint splits that cover the data when trainSize is 0', () => {
    const s = splitDataset(data, SPLIT);
    const all = [...s.train, ...s.val, ...s.test];
    expect(all).toHaveLength(data.count);
    expect(new Set(all).size).toBe(data.count);
    expect(sorted(all)).toEqual(Array.from({ length: data.count }, (_, i) => i));
  });

  it('has sizes equal to the per-class rounding and is stratified', () => {
    for (const o of [SPLIT, { ...SPLIT, valFraction: 0.15, testFraction: 0.33 }]) {
      const s = splitDataset(data, o);
      const exp = expectedPerClass(o);
      expect(classCounts(data, s.test)).toEqual(exp.map((e) => e.test));
      expect(classCounts(data, s.val)).toEqual(exp.map((e) => e.val));
      expect(classCounts(data, s.train)).toEqual(exp.map((e) => e.train));
      // Each class's share in each split is within one sample of its fraction.
      const fractions = { test: o.testFraction, val: o.valFraction, train: 1 - o.testFraction - o.valFraction };
      for (const part of ['train', 'val', 'test'] as const) {
        const counts = classCounts(data, s[part]);
        counts.forEach((c, k) => expect(Math.abs(c - sizes[k] * fractions[part])).toBeLessThanOrEqual(1));
      }
    }
  });

  it('is deterministic under a seed and differs across seeds', () => {
    const a = splitDataset(data, SPLIT);
    const b = splitDataset(data, SPLIT);
    expect(b).toEqual(a);
    const c = splitDataset(data, { ...SPLIT, seed: 8 });
    expect(sorted(c.test)).not.toEqual(sorted(a.test));
    expect(Array.from(c.train)).not.toEqual(Array.from(a.train));
  });

  it('test and val membership does not depend on trainSize or labelNoise (no leakage)', () => {
    const base = splitDataset(data, SPLIT);
    for (const o of [{ trainSize: 10 }, { trainSize: 37 }, { labelNoise: 0.5 }, { trainSize: 20, labelNoise: 0.9 }]) {
      const s = splitDataset(data, { ...SPLIT, ...o });
      expect(sorted(s.test)).toEqual(sorted(base.test));
      expect(sorted(s.val)).toEqual(sorted(base.val));
      for (const i of s.train) expect(base.train).toContain(i);
    }
  });

  // The docs promise "test indices depend only on the seed and the fractions"; the test *order* is what a
  // per-sample view (labels/predictions of TestResult) is indexed by, so it should not move either.
  it('test and val order does not depend on labelNoise', () => {
    const base = splitDataset(data, SPLIT);
    const noisy = splitDataset(data, { ...SPLIT, labelNoise: 0.5 });
    expect(Array.from(noisy.test)).toEqual(Array.from(base.test));
    expect(Array.from(noisy.val)).toEqual(Array.from(base.val));
  });

  // Fails at the time of writing: split.ts shuffles the (capped) train indices with the same rng *before*
  // shuffling val and test, so the number of draws consumed depends on trainSize and the val/test order moves.
  it('test and val order does not depend on trainSize', () => {
    const base = splitDataset(data, SPLIT);
    const capped = splitDataset(data, { ...SPLIT, trainSize: 10 });
    expect(Array.from(capped.test)).toEqual(Array.from(base.test));
    expect(Array.from(capped.val)).toEqual(Array.from(base.val));
  });

  it('caps the train set exactly, stratified by class', () => {
    const full = splitDataset(data, SPLIT);
    const fullCounts = classCounts(data, full.train); // [30, 19, 11] → 60
    const total = full.train.length;
    for (const cap of [1, 10, 23, 59]) {
      const s = splitDataset(data, { ...SPLIT, trainSize: cap });
      expect(s.train.length).toBe(cap);
      expect(s.trainLabels.length).toBe(cap);
      expect(new Set(s.train).size).toBe(cap);
      classCounts(data, s.train).forEach((c, k) => {
        expect(Math.abs(c - (fullCounts[k] * cap) / total)).toBeLessThan(1);
      });
    }
    // A cap at or above the train size keeps everything.
    expect(splitDataset(data, { ...SPLIT, trainSize: total }).train.length).toBe(total);
    expect(splitDataset(data, { ...SPLIT, trainSize: 10_000 }).train.length).toBe(total);
  });

  it('label noise flips about the requested share of train labels, always to a different class', () => {
    const big = makeToyDataset('gaussian', { samples: 2000, noise: 0.2, classes: 4, seed: 1 });
    for (const labelNoise of [0, 0.2, 0.5]) {
      const s = splitDataset(big, { ...SPLIT, labelNoise });
      let changed = 0;
      for (let i = 0; i < s.train.length; i++) if (s.trainLabels[i] !== big.y[s.train[i]]) changed++;
      expect(s.noisyLabels).toBe(changed); // every flip really changes the class
      expect(Math.abs(changed / s.train.length - labelNoise)).toBeLessThan(0.04);
      for (const label of s.trainLabels) expect(label >= 0 && label < 4).toBe(true);
    }
    // Without noise, trainLabels are exactly the dataset's labels.
    const clean = splitDataset(big, SPLIT);
    expect(Array.from(clean.trainLabels)).toEqual(Array.from(clean.train, (i) => big.y[i]));
  });

  it('label noise never touches validation or test', () => {
    const big = makeToyDataset('gaussian', { samples: 1000, noise: 0.2, classes: 3, seed: 1 });
    const s = splitDataset(big, { ...SPLIT, labelNoise: 0.9 });
    // Val/test are indices only: gathering them without labels yields the dataset's true labels.
    expect(Array.from(gatherRows(big, s.val).y)).toEqual(Array.from(s.val, (i) => big.y[i]));
    expect(Array.from(gatherRows(big, s.test).y)).toEqual(Array.from(s.test, (i) => big.y[i]));
    expect(s.noisyLabels).toBeGreaterThan(0.8 * s.train.length);
  });
});

// ---------------------------------------------------------------- gatherRows

describe('gatherRows', () => {
  it('copies the requested rows and labels', () => {
    const data = unbalanced();
    const idx = Int32Array.from([5, 0, 99, 50]);
    const out = gatherRows(data, idx);
    expect(out.count).toBe(4);
    expect(Array.from(out.x)).toEqual([10, 11, 0, 1, 198, 199, 100, 101]);
    expect(Array.from(out.y)).toEqual([0, 0, 2, 1]);
  });

  it('uses overriding labels when given and copies (not views) the features', () => {
    const data = unbalanced();
    const out = gatherRows(data, Int32Array.from([1, 2]), Int32Array.from([2, 1]));
    expect(Array.from(out.y)).toEqual([2, 1]);
    out.x[0] = -1;
    expect(data.x[2]).toBe(2);
  });

  it('works for images (multi-dimensional rows)', () => {
    const ds = makeShapesDataset({ samples: 20, noise: 0, seed: 1 });
    const size = featureSize(ds.shape);
    const out = gatherRows(ds, Int32Array.from([7]));
    expect(out.x).toEqual(ds.x.slice(7 * size, 8 * size));
  });
});
