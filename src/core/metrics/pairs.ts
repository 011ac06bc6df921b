/** The off-diagonal cells of a confusion matrix worth looking at first: which true class is mistaken for which. */

export interface ConfusedPair {
  trueClass: number;
  predicted: number;
  /** Samples of trueClass predicted as `predicted`. */
  count: number;
  /** count / (samples of trueClass): how much of that class the confusion eats. */
  shareOfTrue: number;
}

/**
 * The `top` largest off-diagonal cells of a confusion matrix (rows = true class), largest count first.
 * Ties go to the larger share of the true class (the same count hurts a small class more), then to the lower
 * true class and predicted class, so the order is stable across renders. Cells with a zero count are omitted:
 * a perfect classifier has no pairs.
 */
export function mostConfusedPairs(matrix: number[][], top = 5): ConfusedPair[] {
  const n = matrix.length;
  matrix.forEach((row, i) => {
    if (row.length !== n) {
      throw new Error(`mostConfusedPairs: row ${i} has ${row.length} columns but the matrix has ${n} rows; it must be square`);
    }
  });
  const pairs: ConfusedPair[] = [];
  for (let t = 0; t < n; t++) {
    const rowSum = matrix[t].reduce((a, b) => a + b, 0);
    for (let p = 0; p < n; p++) {
      const count = matrix[t][p];
      if (t === p || count <= 0) continue;
      pairs.push({ trueClass: t, predicted: p, count, shareOfTrue: count / rowSum });
    }
  }
  pairs.sort((a, b) => b.count - a.count || b.shareOfTrue - a.shareOfTrue || a.trueClass - b.trueClass || a.predicted - b.predicted);
  return pairs.slice(0, Math.max(0, top));
}
