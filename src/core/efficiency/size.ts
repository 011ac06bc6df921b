import type * as tf from '@tensorflow/tfjs';
import type { WeightPrecision } from './types';

/** Bytes each int8 tensor adds for its dequantisation parameters: min and scale, 4 bytes each. */
export const INT8_TENSOR_OVERHEAD_BYTES = 8;

/**
 * Parameter count and weight bytes at each precision: 4 per parameter in float32, 2 in float16, and in
 * int8 one per parameter plus min and scale per tensor. These are the weights file sizes an export writes
 * (the int8 overhead sits in model.json), not the topology's JSON.
 */
export function parameterBytes(model: tf.LayersModel): { params: number; bytes: Record<WeightPrecision, number> } {
  let params = 0;
  for (const w of model.weights) params += w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
  const tensors = model.weights.length;
  return {
    params,
    bytes: { float32: 4 * params, float16: 2 * params, int8: params + INT8_TENSOR_OVERHEAD_BYTES * tensors },
  };
}
