import type * as tf from '@tensorflow/tfjs';
import { explain } from '../core/analysis/explain';
import type { Explanation } from '../core/analysis/types';
import { insideSnapshot } from '../core/inside/snapshot';
import type { InsideSnapshot } from '../core/inside/types';
import type { SplitArrays } from '../core/train/types';
import { featureSize } from '../core/types';

/**
 * The "Inside" view's questions, asked where the model lives (the training worker, or the main thread after
 * a fallback): one test example seen through every layer, and an input the user made.
 */

/** Only image classifiers have feature maps to show. */
export function showsInside(shape: number[], task: string): boolean {
  return task === 'classification' && shape.length === 3;
}

export async function insideOfTest(model: tf.LayersModel, test: SplitArrays, shape: number[], testIndex: number): Promise<InsideSnapshot> {
  if (!Number.isInteger(testIndex) || testIndex < 0 || testIndex >= test.count)
    throw new Error(`No test example ${testIndex}: the test split has ${test.count}.`);
  if (shape.length !== 3) throw new Error('Feature maps are shown for image models only.');
  const size = featureSize(shape);
  return insideSnapshot(model, test.x.slice(testIndex * size, (testIndex + 1) * size), shape, testIndex);
}

/** Probabilities and saliency of the top class for the user's own input (already preprocessed to `shape`). */
export async function classifyInput(model: tf.LayersModel, input: number[], shape: number[]): Promise<Explanation> {
  const size = featureSize(shape);
  if (input.length !== size) throw new Error(`The input has ${input.length} values; this model takes ${shape.join('×')} = ${size}.`);
  if (!input.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) throw new Error('The input must be pixel values from 0 to 1.');
  return explain(model, Float32Array.from(input), shape, -1);
}
