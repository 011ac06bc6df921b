import * as tf from '@tensorflow/tfjs';
import { transformEach } from '../data/augment';
import { createRng, deriveSeed } from '../rng';
import type { SplitArrays } from '../train/types';
import { featureSize } from '../types';
import { PERTURBATIONS, isImage, isPoint } from './perturbations';
import type { PerturbationKind, RobustnessCurve, RobustnessPoint } from './types';

export { PERTURBATIONS, defaultStrengths, perturbationsFor, type PerturbationSpec } from './perturbations';

/**
 * Robustness sweeps: how test accuracy falls as the inputs drift away from what the model was trained on.
 * Each perturbation is a pure, seeded function of a batch, so the same seed gives the same curve.
 *
 * Conventions (also stated where each is implemented):
 * - Rotation is counter-clockwise *as displayed*, in degrees: about the image centre for images (rows run
 *   downwards on screen), about the origin for points (y points up on the scatter), so (1, 0) → (0, 1) at 90°.
 * - Geometric image perturbations fill uncovered pixels with the nearest edge pixel, like training
 *   augmentation: the shapes dataset has a grey, not black, background, so a constant-0 fill would add black
 *   bars, an extra shift the sweep did not mean to measure. Matching augment.ts also means that training with
 *   rotation/shift augmentation trains exactly the transformation a sweep tests.
 * - Image shift moves each image by `strength` pixels in one of the four axis directions, drawn per image
 *   from the seed: integer shifts stay exact copies (no interpolation blur), and mixing directions keeps one
 *   lucky or unlucky direction from deciding the curve. Point shift moves the *whole* test set by `strength`
 *   data units along the diagonal (+x, +y)/√2: a covariate shift of the distribution, which per-point random
 *   directions would only turn into another kind of noise.
 * - Noise is N(0, σ²) added to every feature (pixel values, or point coordinates in data units); brightness
 *   adds a constant to every pixel. Images are clipped back to [0, 1]; points are not clipped.
 */

const BATCH = 256;

/**
 * Applies one perturbation to a batch `x` of shape [B, ...shape]; returns a new tensor of the same shape
 * (the caller disposes both). Strength 0 is the identity (a clone), so the sweep's first point is exactly
 * the unperturbed accuracy. Deterministic given `seed`.
 */
export function perturb(x: tf.Tensor, shape: number[], kind: PerturbationKind, strength: number, seed: number): tf.Tensor {
  const image = isImage(shape);
  const point = isPoint(shape);
  if (kind !== 'noise' && !image && !point) throw new Error(`${PERTURBATIONS[kind].label} needs images or 2-D points.`);
  if (point && !PERTURBATIONS[kind].points) throw new Error(`${PERTURBATIONS[kind].label} does not apply to 2-D points.`);
  if (strength === 0) return x.clone();
  return tf.tidy(() => {
    switch (kind) {
      case 'rotation':
        return image ? rotateImages(x as tf.Tensor4D, strength) : rotatePoints(x as tf.Tensor2D, strength);
      case 'noise': {
        const noisy = x.add(tf.randomNormal(x.shape, 0, strength, 'float32', seed));
        return image ? noisy.clipByValue(0, 1) : noisy;
      }
      case 'brightness':
        return x.add(strength).clipByValue(0, 1);
      case 'shift':
        return image
          ? shiftImages(x as tf.Tensor4D, strength, seed)
          : x.add(tf.tensor1d([strength * Math.SQRT1_2, strength * Math.SQRT1_2]));
    }
  });
}

/**
 * tf.image.transform maps each *output* pixel (x, y) back to the input point (a0·x + a1·y + a2,
 * b0·x + b1·y + b2). Turning the content counter-clockwise on screen by θ (x right, y down) means sampling
 * the output pixel at offset d from the centre c from c + R·d with R = [[cos, −sin], [sin, cos]].
 */
function rotateImages(x: tf.Tensor4D, degrees: number): tf.Tensor4D {
  const [b, h, w] = x.shape;
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const row = [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy, 0, 0];
  const rows = new Float32Array(b * 8);
  for (let i = 0; i < b; i++) rows.set(row, i * 8);
  return transformEach(x, tf.tensor2d(rows, [b, 8])).clipByValue(0, 1) as tf.Tensor4D;
}

/** Counter-clockwise about the origin: [x, y] · [[cos, sin], [−sin, cos]] = [x·cos − y·sin, x·sin + y·cos]. */
function rotatePoints(x: tf.Tensor2D, degrees: number): tf.Tensor2D {
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return tf.matMul(x, tf.tensor2d([cos, sin, -sin, cos], [2, 2]));
}

/** Moves image i by `px` pixels right, left, down or up (seeded per image): the output samples input − shift. */
function shiftImages(x: tf.Tensor4D, px: number, seed: number): tf.Tensor4D {
  const b = x.shape[0];
  const rng = createRng(seed);
  const directions: [number, number][] = [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ];
  const rows = new Float32Array(b * 8);
  for (let i = 0; i < b; i++) {
    const [dx, dy] = directions[rng.int(4)];
    rows.set([1, 0, -dx * px, 0, 1, -dy * px, 0, 0], i * 8);
  }
  return transformEach(x, tf.tensor2d(rows, [b, 8])).clipByValue(0, 1) as tf.Tensor4D;
}

export interface SweepOptions {
  /** Checked between batches; a stopped sweep returns the strengths it finished. */
  shouldStop?: () => boolean;
  /** Awaited between batches, so a UI or worker stays responsive. */
  yieldControl?: () => Promise<void>;
}

/**
 * Accuracy of `model` on `split` perturbed at each strength. Batches get seeds that depend on the batch but
 * not on the strength (common random numbers): each image meets the same noise pattern and shift direction,
 * only scaled, so the curve's shape reflects the strength and not a fresh draw at every point.
 */
export async function robustnessSweep(
  model: tf.LayersModel,
  split: SplitArrays,
  shape: number[],
  kind: PerturbationKind,
  strengths: number[],
  seed: number,
  options: SweepOptions = {},
): Promise<RobustnessCurve> {
  const size = featureSize(shape);
  const points: RobustnessPoint[] = [];
  for (const strength of strengths) {
    let correct = 0;
    for (let start = 0; start < split.count; start += BATCH) {
      if (options.shouldStop?.()) return { perturbation: kind, points };
      const n = Math.min(BATCH, split.count - start);
      const batchSeed = deriveSeed(seed, `robustness:${kind}:${start}`);
      const probs = tf.tidy(() => {
        const xb = tf.tensor(split.x.subarray(start * size, (start + n) * size), [n, ...shape]);
        return model.predict(perturb(xb, shape, kind, strength, batchSeed)) as tf.Tensor;
      });
      let values: Float32Array;
      try {
        values = (await probs.data()) as Float32Array;
      } finally {
        probs.dispose();
      }
      correct += countCorrect(values, split.y, start, n);
      await options.yieldControl?.();
    }
    points.push({ strength, accuracy: split.count ? correct / split.count : NaN });
  }
  return { perturbation: kind, points };
}

/** Correct argmax predictions; ties go to the lower class, as in scoreProbabilities. */
function countCorrect(probs: Float32Array, labels: Int32Array, start: number, n: number): number {
  const k = probs.length / n;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    if (best === labels[start + i]) correct++;
  }
  return correct;
}
