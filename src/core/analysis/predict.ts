import * as tf from '@tensorflow/tfjs';
import { featureSize } from '../types';

/**
 * The model's output for one input row: class probabilities (softmax) or, for regression, the one value.
 * The row must have the model's input size; everything is freed inside tidy.
 */
export async function predictOne(model: tf.LayersModel, inputs: number[], shape: number[]): Promise<number[]> {
  const size = featureSize(shape);
  if (inputs.length !== size) throw new Error(`The input has ${inputs.length} values; this model takes ${size}.`);
  const out = tf.tidy(() => model.predict(tf.tensor(inputs, [1, ...shape])) as tf.Tensor);
  try {
    return Array.from(await out.data());
  } finally {
    out.dispose();
  }
}
