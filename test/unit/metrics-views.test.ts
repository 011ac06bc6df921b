/**
 * The metrics behind the evaluation views (confused pairs, subgroups, weakest classes), checked against values
 * worked out by hand in the comments, with sklearn's definitions where one applies.
 */
import { describe, expect, it } from 'vitest';
import { classificationReport, mostConfusedPairs, subgroupReport, weakestClasses } from '../../src/core/metrics';

describe('mostConfusedPairs', () => {
  // Row sums: 8, 7, 10.
  const matrix = [
    [5, 2, 1],
    [4, 3, 0],
    [0, 2, 8],
  ];

  it('lists off-diagonal cells by count, ties by share of the true class', () => {
    expect(mostConfusedPairs(matrix)).toEqual([
      { trueClass: 1, predicted: 0, count: 4, shareOfTrue: 4 / 7 },
      // count 2 twice: 2/8 of class 0 beats 2/10 of class 2
      { trueClass: 0, predicted: 1, count: 2, shareOfTrue: 0.25 },
      { trueClass: 2, predicted: 1, count: 2, shareOfTrue: 0.2 },
      { trueClass: 0, predicted: 2, count: 1, shareOfTrue: 0.125 },
    ]);
  });

  it('keeps only the top n', () => {
    expect(mostConfusedPairs(matrix, 2).map((p) => [p.trueClass, p.predicted])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(mostConfusedPairs(matrix, 0)).toEqual([]);
  });

  it('breaks full ties by true class, then predicted class', () => {
    const pairs = mostConfusedPairs([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(pairs.map((p) => [p.trueClass, p.predicted])).toEqual([
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 2],
      [2, 0],
    ]);
  });

  it('has no pairs when every sample is on the diagonal, or a class is empty', () => {
    expect(
      mostConfusedPairs([
        [3, 0],
        [0, 4],
      ]),
    ).toEqual([]);
    expect(
      mostConfusedPairs([
        [0, 0],
        [0, 0],
      ]),
    ).toEqual([]);
    expect(mostConfusedPairs([])).toEqual([]);
  });

  it('rejects a non-square matrix', () => {
    expect(() => mostConfusedPairs([[1, 2], [3]])).toThrow(/square/);
  });
});

describe('subgroupReport', () => {
  const labels = [0, 0, 1, 1, 2, 2, 0, 1];
  const predictions = [0, 1, 1, 1, 2, 0, 0, 2];
  const groups = {
    name: 'colour',
    values: ['red', 'green', 'blue', 'grey', 'white'],
    index: Int32Array.from([0, 0, 0, 1, 1, 1, 2, 4]), // no grey samples
  };

  it('reports accuracy and macro F1 per non-empty group', () => {
    const report = subgroupReport(labels, predictions, groups, 3);
    expect(report.attribute).toBe('colour');
    expect(report.rows.map((r) => r.value)).toEqual(['red', 'green', 'blue', 'white']);
    const byValue = Object.fromEntries(report.rows.map((r) => [r.value, r]));

    // red: true [0,0,1], pred [0,1,1]. Class 0: P 1, R 1/2, F1 2/3; class 1: P 1/2, R 1, F1 2/3; class 2 absent.
    // Macro over the present classes {0, 1}: 2/3 (sklearn f1_score(average='macro')); over all 3 it would be 4/9.
    expect(byValue.red.count).toBe(3);
    expect(byValue.red.accuracy).toBeCloseTo(2 / 3, 12);
    expect(byValue.red.macroF1).toBeCloseTo(2 / 3, 12);

    // green: true [1,2,2], pred [1,2,0]. Class 0 is only predicted (a real mistake): F1 0; class 1: F1 1;
    // class 2: P 1, R 1/2, F1 2/3. Macro over {0, 1, 2} = 5/9.
    expect(byValue.green.accuracy).toBeCloseTo(2 / 3, 12);
    expect(byValue.green.macroF1).toBeCloseTo(5 / 9, 12);

    // One-sample groups: blue right (everything 1), white wrong (true 1, pred 2: both present classes F1 0).
    expect(byValue.blue).toEqual({ value: 'blue', count: 1, accuracy: 1, macroF1: 1 });
    expect(byValue.white).toEqual({ value: 'white', count: 1, accuracy: 0, macroF1: 0 });

    expect(report.largestGap).toEqual({ metric: 'accuracy', best: 'blue', worst: 'white', gap: 1 });
  });

  it('has no gap with a single group, and a zero gap (first group twice) when all groups tie', () => {
    const one = subgroupReport([0, 1], [0, 0], { name: 'size', values: ['small', 'large'], index: [1, 1] }, 2);
    expect(one.rows).toEqual([{ value: 'large', count: 2, accuracy: 0.5, macroF1: expect.closeTo(1 / 3, 12) }]);
    expect(one.largestGap).toBeNull();

    const tie = subgroupReport([0, 1], [0, 1], { name: 'size', values: ['small', 'large'], index: [0, 1] }, 2);
    expect(tie.largestGap).toEqual({ metric: 'accuracy', best: 'small', worst: 'small', gap: 0 });
  });

  it('gives no rows for no samples', () => {
    expect(subgroupReport([], [], { name: 'size', values: ['small'], index: [] }, 2)).toEqual({
      attribute: 'size',
      rows: [],
      largestGap: null,
    });
  });

  it('rejects mismatched lengths and out-of-range group indices', () => {
    expect(() => subgroupReport([0, 1], [0, 1], { name: 'c', values: ['a'], index: [0] }, 2)).toThrow(/length/);
    expect(() => subgroupReport([0, 1], [0, 1], { name: 'c', values: ['a'], index: [0, 1] }, 2)).toThrow(/groups\.index/);
    expect(() => subgroupReport([0, 3], [0, 1], { name: 'c', values: ['a'], index: [0, 0] }, 2)).toThrow(/labels/);
  });
});

describe('weakestClasses', () => {
  // Class 0: P 2/3, R 2/3, F1 2/3. Class 1: P 1/2, R 1/2, F1 1/2. Class 2: all 1. Class 3: no samples.
  const report = classificationReport([0, 0, 0, 1, 1, 2, 2, 2], [0, 0, 1, 1, 0, 2, 2, 2], 4);

  it('ranks classes with samples from the lowest F1', () => {
    const weakest = weakestClasses(report, 2);
    expect(weakest.map((c) => c.classIndex)).toEqual([1, 0]);
    expect(weakest[0]).toEqual({ classIndex: 1, precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  });

  it('leaves out classes without test samples, even with n past the end', () => {
    expect(weakestClasses(report, 10).map((c) => c.classIndex)).toEqual([1, 0, 2]);
    expect(weakestClasses(report).map((c) => c.classIndex)).toEqual([1]);
  });

  it('breaks F1 ties by the lower recall, and recall ties by the lower F1', () => {
    // Class 0: P 1/2, R 1, F1 2/3. Class 1: P 1, R 1/2, F1 2/3.
    const tied = classificationReport([0, 1, 1], [0, 0, 1], 2);
    expect(weakestClasses(tied, 2).map((c) => c.classIndex)).toEqual([1, 0]);
    expect(weakestClasses(tied, 2, 'recall').map((c) => c.classIndex)).toEqual([1, 0]);
    // Class 0: P 1/2, R 1, F1 2/3; class 1: P 0, R 0; class 2: P 1, R 1. By recall: 1, then the 1.0 tie by F1.
    const byRecall = classificationReport([0, 1, 2], [0, 0, 2], 3);
    expect(weakestClasses(byRecall, 3, 'recall').map((c) => c.classIndex)).toEqual([1, 0, 2]);
  });
});
