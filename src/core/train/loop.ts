import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../data/augment';
import { isAugmenting, type AugmentOptions } from '../data/augment-options';
import { createRng, deriveSeed, shuffleInPlace } from '../rng';
import type { Settings } from '../preset/schema';
import { predictProbabilities, scoreProbabilities } from './evaluate';
import { makeOptimizer } from './optimizer';
import type { BatchRecord, EpochRecord, SplitArrays } from './types';

export interface TrainInputs {
  train: SplitArrays;
  val: SplitArrays;
  /** Per-sample feature shape. */
  shape: number[];
  numClasses: number;
}

export type TrainConfig = Pick<Settings, 'epochs' | 'batchSize' | 'optimizer' | 'lr' | 'seed'> & {
  /** Augmentation for image training batches; null or all-off for none. */
  augment: AugmentOptions | null;
};

export interface TrainCallbacks {
  onBatchEnd?: (r: BatchRecord) => void;
  onEpochEnd?: (r: EpochRecord) => void | Promise<void>;
  /** Polled after every batch: Stop takes effect within one batch. */
  shouldStop?: () => boolean;
  /** Lets the host breathe between batches (message handling, rendering). */
  yieldControl?: () => Promise<void>;
}

export type TrainOutcome =
  | { status: 'done'; history: EpochRecord[] }
  | { status: 'stopped'; history: EpochRecord[] }
  | { status: 'diverged'; history: EpochRecord[]; message: string };

/**
 * The training loop: seeded batch order, augmentation on training batches only, cross-entropy plus the
 * model's regularisation penalties minimised per batch, validation at each epoch's end.
 *
 * Why not `model.fit`: it shuffles with Math.random (not reproducible from a seed), cannot augment per
 * batch, and reports the penalised loss; here the reported loss is the data loss, comparable to val_loss.
 *
 * Memory: the training split is uploaded once; each batch is gathered on the backend inside tidy, so the
 * tensor count after every epoch is the same (tested).
 */
export async function trainModel(
  model: tf.LayersModel,
  data: TrainInputs,
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
): Promise<TrainOutcome> {
  const { train, val, shape, numClasses } = data;
  if (train.count === 0) throw new Error('The training split is empty: lower the validation/test fractions or raise the train size.');
  const optimizer = makeOptimizer(config.optimizer, config.lr);
  const batchRng = createRng(deriveSeed(config.seed, 'batches'));
  const augRng = createRng(deriveSeed(config.seed, 'augment'));
  const augment = config.augment && isAugmenting(config.augment) && shape.length === 3 ? config.augment : null;
  const batchSize = Math.max(1, Math.min(config.batchSize, train.count));

  const xTrain = tf.tensor(train.x, [train.count, ...shape]);
  const yTrain = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, 'int32'), numClasses).toFloat());
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const history: EpochRecord[] = [];
  let step = 0;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const t0 = performance.now();
      shuffleInPlace(order, batchRng);
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      // Metrics of batch i are read while batch i+1 runs, so the backend never idles waiting for us.
      let pending: { values: Promise<tf.TypedArray>; batch: number; size: number } | null = null;

      const settle = async (): Promise<string | null> => {
        if (!pending) return null;
        const { values, batch, size } = pending;
        pending = null;
        const [loss, acc] = await values;
        step++;
        if (!Number.isFinite(loss)) {
          return `The loss became ${loss} at epoch ${epoch}, batch ${batch + 1}: training diverged. Try a lower learning rate (now ${config.lr}).`;
        }
        lossSum += loss * size;
        accSum += acc * size;
        seen += size;
        callbacks.onBatchEnd?.({ epoch, batch, step, loss, acc, size });
        return null;
      };

      for (let start = 0, batch = 0; start < train.count; start += batchSize, batch++) {
        const size = Math.min(batchSize, train.count - start);
        // tf.keep shields the data loss and accuracy from every tidy, so they are freed by hand below.
        const kept: tf.Tensor[] = [];
        const metrics = tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(start, start + size), 'int32');
          const xRaw = tf.gather(xTrain, idx) as tf.Tensor4D;
          const xb = augment ? augmentBatch(xRaw, augment, augRng) : xRaw;
          const yb = tf.gather(yTrain, idx);
          optimizer.minimize(() => {
            const probs = model.apply(xb, { training: true }) as tf.Tensor;
            const ce = tf.metrics.categoricalCrossentropy(yb, probs).mean() as tf.Scalar;
            // A clone, because minimize disposes the cost it is handed back.
            kept.push(tf.keep(ce.clone()), tf.keep(tf.metrics.categoricalAccuracy(yb, probs).mean()));
            const penalties = model.calculateLosses();
            return penalties.length ? (tf.addN([ce, ...penalties]) as tf.Scalar) : ce;
          });
          return tf.stack(kept);
        });
        tf.dispose(kept);
        const values = metrics.data();
        void values.finally(() => metrics.dispose());
        const problem = await settle();
        pending = { values, batch, size };
        if (problem) return { status: 'diverged', history, message: problem };
        await callbacks.yieldControl?.();
        if (callbacks.shouldStop?.()) {
          await settle();
          return { status: 'stopped', history };
        }
      }
      const problem = await settle();
      if (problem) return { status: 'diverged', history, message: problem };

      const valScores = val.count
        ? scoreProbabilities(await predictProbabilities(model, val, shape), val.y, numClasses)
        : { loss: NaN, accuracy: NaN };
      const record: EpochRecord = {
        epoch,
        loss: lossSum / seen,
        acc: accSum / seen,
        val_loss: valScores.loss,
        val_acc: valScores.accuracy,
        lr: config.lr,
        ms: performance.now() - t0,
      };
      history.push(record);
      await callbacks.onEpochEnd?.(record);
      const blowUp = divergence(record.loss, numClasses, config.lr);
      if (blowUp) return { status: 'diverged', history, message: blowUp };
      if (callbacks.shouldStop?.()) return { status: 'stopped', history };
    }
    return { status: 'done', history };
  } finally {
    xTrain.dispose();
    yTrain.dispose();
    optimizer.dispose();
  }
}

/**
 * Cross-entropy is clipped (probabilities ≥ 1e-7), so an exploded network rarely reaches NaN: it gets
 * stuck predicting one class with certainty, at a loss near −ln(1e-7)·(share wrong). An epoch whose mean
 * training loss is over three times that of a uniform guess (ln K) is treated as diverged.
 */
export function divergence(epochLoss: number, numClasses: number, lr: number): string | null {
  const ceiling = 3 * Math.log(Math.max(2, numClasses));
  if (Number.isFinite(epochLoss) && epochLoss <= ceiling) return null;
  return `Training diverged: the epoch's training loss is ${epochLoss.toFixed(2)}, far above the ${Math.log(Math.max(2, numClasses)).toFixed(2)} of a uniform guess. Try a lower learning rate (now ${lr}).`;
}
