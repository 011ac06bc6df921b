import type * as tf from '@tensorflow/tfjs';
import { predictProbabilities } from '../train/evaluate';
import { planePoints } from '../network/plane';
import type { DecisionGrid } from './types';

/**
 * The model's prediction over the 2-D input plane, for drawing its decision regions behind the data.
 * Toy datasets are stored scaled to about [−1, 1]², so the default extent of 1.2 shows every point with a
 * margin. Each cell is evaluated at its centre (not its corner), so the map is symmetric about the origin.
 */
export async function decisionGrid(model: tf.LayersModel, resolution = 48, extent = 1.2): Promise<DecisionGrid> {
  const inputShape = model.inputs[0].shape;
  if (inputShape.length !== 2 || inputShape[1] !== 2) {
    throw new Error('A decision boundary needs a model of 2-D points.');
  }
  const n = resolution * resolution;
  const x = planePoints(resolution, extent);
  // Same batching and read-back as evaluation; the labels are unused.
  const probs = await predictProbabilities(model, { x, y: new Int32Array(n), count: n }, [2]);
  const k = probs.length / n;
  const classes = new Array<number>(n);
  const confidence = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    classes[i] = best;
    confidence[i] = probs[i * k + best];
  }
  // Every class's probability too, so a click on the plane can show them.
  return { resolution, extent, classes, confidence, probabilities: Array.from(probs) };
}
