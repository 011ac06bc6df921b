import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../data/augment';
import type { AugmentOptions } from '../data/augment-options';
import type { RegLoss } from '../preset/schema';
import type { Rng } from '../rng';
import { balancedClassWeights } from './train-stats';
import type { SplitArrays } from './types';

/** The training split on the backend, uploaded once per run: each batch is gathered from it. */
export interface TrainingTensors {
  x: tf.Tensor;
  /** One-hot labels, or the regression targets as one column. */
  y: tf.Tensor;
  /** Each sample's balanced class weight; null when class weights are off (and for regression). */
  sampleWeights: tf.Tensor1D | null;
}

export function uploadTrainingSplit(
  train: SplitArrays,
  shape: number[],
  numClasses: number,
  regression: boolean,
  classWeights: boolean,
): TrainingTensors {
  const x = tf.tensor(train.x, [train.count, ...shape]);
  const y = regression
    ? tf.tensor2d(train.targets!, [train.count, 1])
    : tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, 'int32'), numClasses).toFloat());
  const weights = classWeights && !regression ? balancedClassWeights(train.y, numClasses) : null;
  const sampleWeights = weights ? tf.tensor1d(Float32Array.from(train.y, (k) => weights[k])) : null;
  return { x, y, sampleWeights };
}

export function disposeTrainingTensors(t: TrainingTensors): void {
  t.x.dispose();
  t.y.dispose();
  t.sampleWeights?.dispose();
}

/** Everything a batch step reads, fixed for the run. */
export interface BatchStep {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  tensors: TrainingTensors;
  regression: boolean;
  regLoss: RegLoss;
  /** Augmentation of image batches; null for none. */
  augment: AugmentOptions | null;
  augRng: Rng;
}

/**
 * One optimiser step on the samples at `indices` (augmented when augmentation is on): the data loss plus the
 * model's regularisation penalties is minimised. Returns the batch's reported loss and second metric
 * (accuracy, or the MSE that R² is made from) stacked, still on the backend: see MetricReadBack.
 */
export function trainBatch(step: BatchStep, indices: Int32Array): tf.Tensor {
  const { model, tensors, augment } = step;
  // tf.keep shields the data loss and accuracy from every tidy, so they are freed by hand below.
  const kept: tf.Tensor[] = [];
  const metrics = tf.tidy(() => {
    const idx = tf.tensor1d(indices, 'int32');
    const xRaw = tf.gather(tensors.x, idx) as tf.Tensor4D;
    const xb = augment ? augmentBatch(xRaw, augment, step.augRng) : xRaw;
    const yb = tf.gather(tensors.y, idx);
    step.optimizer.minimize(() => {
      const out = model.apply(xb, { training: true }) as tf.Tensor;
      const dataLoss = step.regression
        ? regressionLoss(out, yb, step.regLoss, kept)
        : classificationLoss(out, yb, idx, tensors.sampleWeights, kept);
      const penalties = model.calculateLosses();
      return penalties.length ? (tf.addN([dataLoss, ...penalties]) as tf.Scalar) : dataLoss;
    });
    return tf.stack(kept);
  });
  tf.dispose(kept);
  return metrics;
}

// Both data losses run inside minimize's tape. Each pushes onto `kept` the reported loss and the batch's
// second metric: clones, because minimize disposes the cost it is handed back.

function classificationLoss(
  probs: tf.Tensor,
  yb: tf.Tensor,
  idx: tf.Tensor1D,
  sampleWeights: tf.Tensor1D | null,
  kept: tf.Tensor[],
): tf.Scalar {
  const perSample = tf.metrics.categoricalCrossentropy(yb, probs);
  const ce = perSample.mean() as tf.Scalar;
  // The reported loss is unweighted, so it stays comparable with val_loss when class weights are on.
  kept.push(tf.keep(ce.clone()), tf.keep(tf.metrics.categoricalAccuracy(yb, probs).mean()));
  // Weighted as Keras's class_weight does: the mean of weight × loss over the batch.
  return sampleWeights ? (perSample.mul(tf.gather(sampleWeights, idx)).mean() as tf.Scalar) : ce;
}

function regressionLoss(predictions: tf.Tensor, yb: tf.Tensor, regLoss: RegLoss, kept: tf.Tensor[]): tf.Scalar {
  const error = predictions.sub(yb);
  const mse = error.square().mean() as tf.Scalar;
  const loss = regLoss === 'mae' ? (error.abs().mean() as tf.Scalar) : mse;
  kept.push(tf.keep(loss.clone()), tf.keep(mse.clone()));
  return loss;
}
