import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { AugmentOptions } from './augment-options';

/**
 * On-the-fly augmentation of *training* batches only. Each sample gets its own random flip, rotation and
 * shift, composed into one affine transform so the whole batch is a single `tf.image.transform` call on the
 * backend; brightness/contrast and noise are broadcast tensor ops. Parameters come from a seeded Rng.
 */
/** Augments a batch of images [B, H, W, C] in [0, 1]; returns a new tensor in [0, 1] of the same shape. */
export function augmentBatch(x: tf.Tensor4D, o: AugmentOptions, rng: Rng): tf.Tensor4D {
  const [b, h, w] = x.shape;
  return tf.tidy(() => {
    let out: tf.Tensor4D = x;
    if (o.flip || o.rotateDeg > 0 || o.shiftPx > 0) {
      out = transformEach(out, geometricTransforms(b, h, w, o, rng));
    }
    if (o.brightness > 0) {
      // Contrast scales each image around its own mean; brightness shifts it.
      const contrast = tf.tensor4d(
        draw(b, () => 1 + rng.uniform(-o.brightness, o.brightness)),
        [b, 1, 1, 1],
      );
      const shift = tf.tensor4d(
        draw(b, () => rng.uniform(-o.brightness, o.brightness)),
        [b, 1, 1, 1],
      );
      const mean = out.mean([1, 2, 3], true);
      out = out.sub(mean).mul(contrast).add(mean).add(shift) as tf.Tensor4D;
    }
    if (o.noiseSd > 0) {
      out = out.add(tf.randomNormal(out.shape, 0, o.noiseSd, 'float32', rng.seed())) as tf.Tensor4D;
    }
    return out === x ? x.clone() : (out.clipByValue(0, 1) as tf.Tensor4D);
  });
}

/**
 * tf.image.transform with one transform row per image. The cpu backend's Transform kernel (tfjs 4.22)
 * returns after the first image of a batch and leaves the rest black, so there we transform image by image;
 * the other backends get the whole batch in one call.
 */
export function transformEach(images: tf.Tensor4D, transforms: tf.Tensor2D): tf.Tensor4D {
  if (tf.getBackend() !== 'cpu' || images.shape[0] === 1) {
    return tf.image.transform(images, transforms, 'bilinear', 'nearest');
  }
  const rows = tf.split(transforms, images.shape[0]);
  const each = tf
    .split(images, images.shape[0])
    .map((img, i) => tf.image.transform(img as tf.Tensor4D, rows[i] as tf.Tensor2D, 'bilinear', 'nearest'));
  return tf.concat(each) as tf.Tensor4D;
}

/**
 * One projective row per sample for tf.image.transform, which maps each *output* pixel (x, y) back to the
 * input point (a0·x + a1·y + a2, b0·x + b1·y + b2). The inverse of "flip, then rotate about the centre,
 * then shift" is: unshift, rotate by −θ about the centre, flip.
 */
function geometricTransforms(b: number, h: number, w: number, o: AugmentOptions, rng: Rng): tf.Tensor2D {
  const rows = new Float32Array(b * 8);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let i = 0; i < b; i++) {
    const f = o.flip && rng.next() < 0.5 ? -1 : 1;
    const theta = ((o.rotateDeg > 0 ? rng.uniform(-o.rotateDeg, o.rotateDeg) : 0) * Math.PI) / 180;
    const tx = o.shiftPx > 0 ? rng.uniform(-o.shiftPx, o.shiftPx) : 0;
    const ty = o.shiftPx > 0 ? rng.uniform(-o.shiftPx, o.shiftPx) : 0;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    rows.set(
      [f * cos, f * sin, cx - f * (cos * (tx + cx) + sin * (ty + cy)), -sin, cos, cy + sin * (tx + cx) - cos * (ty + cy), 0, 0],
      i * 8,
    );
  }
  return tf.tensor2d(rows, [b, 8]);
}

function draw(n: number, f: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}
