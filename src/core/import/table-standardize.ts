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
  columns.forEach((c, k) => {
    const observed: number[] = [];
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c];
      if (!Number.isNaN(v)) observed.push(v);
    }
    if (observed.length === 0) {
      for (let i = 0; i < rows; i++) out[i * nFeatures + c] = 0;
      std[k] = 1;
      return;
    }
    observed.sort((a, b) => a - b);
    const mid = observed.length >> 1;
    fill[k] = observed.length % 2 ? observed[mid] : (observed[mid - 1] + observed[mid]) / 2;
    // Statistics after filling, as an imputer followed by a scaler would compute them.
    let sum = 0;
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c];
      sum += Number.isNaN(v) ? fill[k] : v;
    }
    const m = sum / trainIndices.length;
    let sq = 0;
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c];
      const d = (Number.isNaN(v) ? fill[k] : v) - m;
      sq += d * d;
    }
    const s = Math.sqrt(sq / trainIndices.length);
    mean[k] = m;
    std[k] = s;
    const scale = s > 1e-12 ? 1 / s : 1;
    for (let i = 0; i < rows; i++) {
      const o = i * nFeatures + c;
      const v = Number.isNaN(x[o]) ? fill[k] : x[o];
      out[o] = (v - m) * scale;
    }
  });
  return { x: out, mean, std, fill };
}
