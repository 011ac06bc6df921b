/**
 * The last stage of a table's import, run after the split (src/core/data/custom.ts): numeric features
 * filled and scaled with the training rows' statistics only.
 */

/**
 * Fills and standardises the `columns` of sample-major `x` (nFeatures per row) with statistics of the
 * training rows only: missing values (NaN) become the training median, then each column is shifted by the
 * training mean and divided by the training standard deviation (population, as scikit-learn's
 * StandardScaler). A column constant on the training rows (std 0) is only centred, never divided by zero;
 * a column with no value at all on the training rows becomes 0. Returns a new array.
 */
export function standardize(
  x: Float32Array,
  nFeatures: number,
  columns: number[],
  trainIndices: Int32Array,
): { x: Float32Array; mean: Float64Array; std: Float64Array; fill: Float64Array } {
  const out = new Float32Array(x);
  const rows = nFeatures > 0 ? Math.floor(x.length / nFeatures) : 0;
  const mean = new Float64Array(columns.length);
  const std = new Float64Array(columns.length);
  const fill = new Float64Array(columns.length);
  // The loops below index `x` inside its bounds (a training row index is < rows, a column < nFeatures): they
  // stay indexed loops for speed, with `!` where the index is in range by that bound.
  columns.forEach((c, k) => {
    const observed: number[] = [];
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c]!;
      if (!Number.isNaN(v)) observed.push(v);
    }
    if (observed.length === 0) {
      for (let i = 0; i < rows; i++) out[i * nFeatures + c] = 0;
      std[k] = 1;
      return;
    }
    observed.sort((a, b) => a - b);
    const median = medianOfSorted(observed);
    fill[k] = median;
    // Statistics after filling, as an imputer followed by a scaler would compute them.
    let sum = 0;
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c]!;
      sum += Number.isNaN(v) ? median : v;
    }
    const m = sum / trainIndices.length;
    let sq = 0;
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c]!;
      const d = (Number.isNaN(v) ? median : v) - m;
      sq += d * d;
    }
    const s = Math.sqrt(sq / trainIndices.length);
    mean[k] = m;
    std[k] = s;
    const scale = s > 1e-12 ? 1 / s : 1;
    for (let i = 0; i < rows; i++) {
      const o = i * nFeatures + c;
      const xo = x[o]!;
      out[o] = ((Number.isNaN(xo) ? median : xo) - m) * scale;
    }
  });
  return { x: out, mean, std, fill };
}

/** The middle value of ascending, non-empty `sorted` (the mean of the two middle ones for an even count). */
function medianOfSorted(sorted: readonly number[]): number {
  const half = sorted.length >> 1;
  const upper = sorted[half] ?? NaN; // NaN only for an empty list, which is never passed
  return sorted.length % 2 ? upper : ((sorted[half - 1] ?? NaN) + upper) / 2;
}
