/**
 * Plain results of the efficiency analyses (size, latency, quantisation, pruning) and model downloads.
 * They cross the worker boundary, so no tensors: numbers, strings and typed arrays only.
 */

/** How each weight is stored: IEEE single, IEEE half, or 8-bit per-tensor affine (TF.js's 'uint8'). */
export type WeightPrecision = 'float32' | 'float16' | 'int8';

export interface EfficiencyReport {
  /** Every weight of the model, trainable or not. */
  params: number;
  /** Bytes of weight data at each precision; int8 adds the 8 bytes of min/scale each tensor carries. */
  bytes: Record<WeightPrecision, number>;
  /** Median wall time of one forward pass, read back included, on the backend named. */
  latency: { perSampleMs: number; perBatch32Ms: number; backend: string };
  /** The task's score on the test split (accuracy, or R² for regression) with the weights as trained. */
  baselineAccuracy: number;
  /** The same score with every weight rounded to the precision, and the largest change to any weight. */
  quantized: Record<'float16' | 'int8', { accuracy: number; maxAbsError: number }>;
  /** The score after zeroing that fraction of each kernel's smallest weights, in the order measured. */
  pruning: { sparsity: number; accuracy: number }[];
}

/** A model in TF.js layers format: `model.json` names `${fileStem}.weights.bin`, whose bytes are `weights`. */
export interface ModelArtifacts {
  precision: WeightPrecision;
  modelJson: string;
  /** Backed by a plain ArrayBuffer (never shared), so it can go straight into a Blob or a transfer list. */
  weights: Uint8Array<ArrayBuffer>;
  fileStem: string;
}
