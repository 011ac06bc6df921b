import type * as tf from '@tensorflow/tfjs';
import { copyWithWeights } from './model-copy';

/**
 * Magnitude pruning: the same values with exactly round(sparsity · n) of the smallest |w| set to 0. Ties in
 * magnitude go to the lower index, so the result is deterministic; NaN counts as the largest magnitude
 * (it is never "unimportant"). Weights that are already 0 are the smallest and are counted, so the result
 * has at least that many zeros. The input is not changed.
 */
export function pruneMagnitude(values: Float32Array, sparsity: number): Float32Array {
  if (!(sparsity >= 0 && sparsity <= 1)) throw new RangeError(`Sparsity must lie in [0, 1], got ${sparsity}.`);
  const n = values.length;
  const k = Math.round(sparsity * n);
  const out = values.slice();
  if (k === 0) return out;
  const magnitude = new Float32Array(n);
  for (let i = 0; i < n; i++) magnitude[i] = Number.isNaN(values[i]) ? Infinity : Math.abs(values[i]);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => magnitude[a] - magnitude[b] || a - b);
  for (let i = 0; i < k; i++) out[order[i]] = 0;
  return out;
}

/**
 * A copy of `model` with each kernel pruned to `sparsity` on its own (per layer, so a small layer is not
 * emptied to spare a large one). Biases are kept: they are a fraction of a percent of the weights, and
 * zeroing one shifts a unit's whole output rather than removing one connection, which is why pruning
 * schedules (Han et al. 2015, TF Model Optimization) leave them alone. The caller disposes the copy.
 */
export async function prunedCopy(model: tf.LayersModel, sparsity: number): Promise<tf.LayersModel> {
  if (!(sparsity >= 0 && sparsity <= 1)) throw new RangeError(`Sparsity must lie in [0, 1], got ${sparsity}.`);
  return copyWithWeights(model, (w, _name, isKernel) => (isKernel ? pruneMagnitude(w, sparsity) : w));
}
