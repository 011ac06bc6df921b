import * as tf from '@tensorflow/tfjs';
import type { SplitArrays } from './types';

// Scoring is plain arithmetic, kept TF.js-free in scores.ts so the UI can use it without loading TF.js.
export { EPSILON, scoreProbabilities, scoreValues, type ProbabilityScores, type ValueScores } from './scores';

const EVAL_BATCH = 256;

/**
 * Class probabilities for every sample, read back once. Batched so a large test split never needs one
 * giant activation tensor; every intermediate is freed inside tidy.
 */
export async function predictProbabilities(model: tf.LayersModel, data: SplitArrays, shape: number[]): Promise<Float32Array> {
  const size = shape.reduce((a, b) => a * b, 1);
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < data.count; start += EVAL_BATCH) {
    const n = Math.min(EVAL_BATCH, data.count - start);
    parts.push(
      tf.tidy(() => {
        const xb = tf.tensor(data.x.subarray(start * size, (start + n) * size), [n, ...shape]);
        return model.predict(xb) as tf.Tensor;
      }),
    );
  }
  const all = parts.length === 1 ? parts[0] : tf.concat(parts, 0);
  try {
    return (await all.data()) as Float32Array;
  } finally {
    if (all !== parts[0]) all.dispose();
    tf.dispose(parts);
  }
}

/** A regression model's prediction for every sample: its output is [n, 1], so the flat read-back is one value each. */
export async function predictValues(model: tf.LayersModel, data: SplitArrays, shape: number[]): Promise<Float32Array> {
  if (data.count === 0) return new Float32Array(0);
  return predictProbabilities(model, data, shape);
}
