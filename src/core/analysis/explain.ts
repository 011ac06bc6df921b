import * as tf from '@tensorflow/tfjs';
import { featureSize } from '../types';
import type { Explanation } from './types';

/**
 * Why did the model predict this class? Two standard answers for one input:
 *
 * - Vanilla saliency (Simonyan et al., 2014): |∂ score / ∂ input|, max over channels, scaled to [0, 1].
 * - Grad-CAM (Selvaraju et al., 2017) on the last conv layer: each feature map A_k weighted by the spatial
 *   mean of ∂ score / ∂ A_k, summed, rectified, bilinearly upsampled to the input size, scaled to [0, 1].
 *
 * The score is the class's pre-softmax logit, as in both papers: a confident softmax probability is flat
 * (its gradient vanishes) and mixes in every other class's logit. Fitlab's models end in a dense layer with
 * a softmax activation, so the logit is that layer's x·W + b, computed from its own weights. A model ending
 * in anything else falls back to the probability.
 *
 * The forward pass applies the Sequential's layers one by one with `training: false`, so dropout is off and
 * the conv output can be cut out for Grad-CAM.
 */
export async function explain(
  model: tf.LayersModel,
  image: Float32Array,
  shape: number[],
  testIndex: number,
  classIndex?: number,
): Promise<Explanation> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const x = tf.tensor(image, [1, ...shape]);
  let probabilities: number[];
  let saliency: Float32Array;
  let gradCam: Float32Array | null = null;
  try {
    const probs = tf.tidy(() => model.predict(x) as tf.Tensor);
    try {
      probabilities = Array.from(await probs.data());
    } finally {
      probs.dispose();
    }
    const predicted = argmax(probabilities);
    const c = classIndex ?? predicted;
    if (!Number.isInteger(c) || c < 0 || c >= probabilities.length) throw new Error(`No class ${c} to explain.`);

    const [h, w] = mapSize(shape);
    const convAt = lastIndexWhere(layers, (l) => l.getClassName() === 'Conv2D');
    const maps = tf.tidy(() => {
      const score = (input: tf.Tensor, from: number) => classScore(layers, input, from, c);
      const grad = tf
        .grad((input: tf.Tensor) => score(input, 0))(x)
        .abs();
      const sal = shape.length === 3 ? grad.max(3) : grad;
      if (convAt < 0) return [sal];
      const acts = forward(layers, x, 0, convAt + 1) as tf.Tensor4D;
      const gradA = tf.grad((a: tf.Tensor) => score(a, convAt + 1))(acts);
      const weights = gradA.mean([1, 2], true);
      const cam = tf.relu(acts.mul(weights).sum(3, true)) as tf.Tensor4D;
      // Half-pixel centres: the upsampled map stays centred on the input instead of drifting to the top left.
      return [sal, tf.image.resizeBilinear(cam, [h, w], false, true)];
    });
    try {
      saliency = (await maps[0].data()) as Float32Array;
      if (maps[1]) gradCam = (await maps[1].data()) as Float32Array;
    } finally {
      tf.dispose(maps);
    }
    return {
      testIndex,
      classIndex: c,
      predicted,
      probabilities,
      height: h,
      width: w,
      saliency: normalise(saliency),
      gradCam: gradCam ? normalise(gradCam) : null,
    };
  } finally {
    x.dispose();
  }
}

/** Height × width of the explanation maps: the image's, or one row of features for non-image inputs. */
function mapSize(shape: number[]): [number, number] {
  return shape.length === 3 ? [shape[0], shape[1]] : [1, featureSize(shape)];
}

/** Applies layers [from, to) in inference mode. */
function forward(layers: tf.layers.Layer[], input: tf.Tensor, from: number, to: number): tf.Tensor {
  let out = input;
  for (let i = from; i < to; i++) out = layers[i].apply(out, { training: false }) as tf.Tensor;
  return out;
}

/** Summed score of class c (logit if reachable, else probability) for the batch, from layer `from` on. */
function classScore(layers: tf.layers.Layer[], input: tf.Tensor, from: number, c: number): tf.Scalar {
  const last = layers[layers.length - 1];
  const hidden = forward(layers, input, from, layers.length - 1);
  let scores: tf.Tensor;
  if (isSoftmax(last) && last.getClassName() === 'Dense') {
    // getWeights returns the layer's own variables (no copies): nothing here to dispose.
    const [kernel, bias] = last.getWeights();
    scores = tf.matMul(hidden as tf.Tensor2D, kernel as tf.Tensor2D);
    if (bias) scores = scores.add(bias);
  } else if (isSoftmax(last) && last.getClassName() === 'Activation') {
    scores = hidden;
  } else {
    scores = last.apply(hidden, { training: false }) as tf.Tensor;
  }
  return scores.gather([c], 1).sum();
}

function isSoftmax(layer: tf.layers.Layer): boolean {
  return layer.getConfig().activation === 'softmax';
}

function lastIndexWhere<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Scales non-negative values so the largest is 1; an all-zero (or non-finite) map stays all zeros. */
function normalise(values: Float32Array): number[] {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (!(max > 0) || !Number.isFinite(max)) return Array.from(values, () => 0);
  return Array.from(values, (v) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v / max)) : 0));
}
