import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../data/augment';
import { confusionMatrix } from '../metrics';
import { isAugmenting, type AugmentOptions } from '../data/augment-options';
import { createRng, deriveSeed, shuffleInPlace } from '../rng';
import type { RegLoss, Settings } from '../preset/schema';
import type { Task } from '../types';
import { predictProbabilities, predictValues, scoreProbabilities, scoreValues } from './evaluate';
import { EarlyStopping } from './callbacks';
import { makeOptimizer, setLearningRate } from './optimizer';
import { ReduceLROnPlateau, scheduledLr } from './schedule';
import type { BatchRecord, EpochRecord, SplitArrays } from './types';

export interface TrainInputs {
  train: SplitArrays;
  val: SplitArrays;
  /** Per-sample feature shape. */
  shape: number[];
  /** Ignored for regression. */
  numClasses: number;
  /** Absent means classification. Regression needs `targets` on both splits and a model with one linear output. */
  task?: Task;
}

/** Knobs that keep today's behaviour when absent: each falls back to its schema default. */
type OptionalKnobs = Partial<
  Pick<
    Settings,
    | 'momentum' | 'schedule' | 'lrEvery' | 'lrFactor' | 'lrDecay' | 'lrPatience' | 'minLr'
    | 'earlyStop' | 'esMonitor' | 'esPatience' | 'esMinDelta' | 'esRestore'
  >
>;

export type TrainConfig = Pick<Settings, 'epochs' | 'batchSize' | 'optimizer' | 'lr' | 'seed'> & OptionalKnobs & {
  /** Weight each sample's loss by balancedClassWeights (scikit-learn's 'balanced'); off when absent. Classification only. */
  classWeights?: boolean;
  /** Loss minimised and reported for regression; 'mse' when absent. */
  regLoss?: RegLoss;
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
  /** Polled after every batch, before shouldStop: true holds the loop there (see RunGate in ./gate). */
  isPaused?: () => boolean;
  /** Resolves when the hold ends (resume, step or stop); the batch metrics are read back before it. */
  whilePaused?: () => Promise<void>;
}

export type TrainOutcome =
  | {
      status: 'done';
      history: EpochRecord[];
      /** Set only when early stopping ended the run: the last epoch trained (also marked in its EpochRecord). */
      stoppedEarlyAt?: number;
      /** Set only when early stopping put back the weights of this (best monitored) epoch. */
      restoredEpoch?: number;
    }
  | { status: 'stopped'; history: EpochRecord[] }
  /**
   * The loss blew up. The model is left with the weights of `restoredEpoch`, the last epoch whose loss was
   * still sane (0: the initial weights), so what is evaluated afterwards is a model, not NaNs.
   */
  | { status: 'diverged'; history: EpochRecord[]; message: string; restoredEpoch: number };

/** Batch metrics are read back at most this often (or after READ_MAX unread batches): one read per group. */
const READ_EVERY_MS = 100;
const READ_MAX = 16;
/** The loop hands control back (messages such as Stop, rendering on the main thread) at least this often. */
const YIELD_EVERY_MS = 16;

/**
 * The training loop: seeded batch order, augmentation on training batches only, the data loss (cross-entropy,
 * or MSE / MAE for regression) plus the model's regularisation penalties minimised per batch, validation at
 * each epoch's end.
 *
 * Why not `model.fit`: it shuffles with Math.random (not reproducible from a seed), cannot augment per
 * batch, and reports the penalised loss; here the reported loss is the data loss, comparable to val_loss.
 *
 * Learning rate: set on the optimiser at each epoch's start from the schedule (or ReduceLROnPlateau, fed
 * each epoch's val_loss) and recorded in EpochRecord.lr; with 'constant' the optimiser is never touched.
 * Early stopping (Keras's EarlyStopping) keeps a copy of the best epoch's weights when restoring is on, and
 * puts it back when patience runs out, as Keras does (a run that reaches its last epoch keeps its last
 * weights).
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
  const regression = data.task === 'regression';
  const regLoss: RegLoss = config.regLoss ?? 'mse';
  if (regression && (!train.targets || (val.count > 0 && !val.targets))) {
    throw new Error('Regression training needs targets for the training and validation splits.');
  }
  // R² needs the spread of the targets; the training split's is fixed for the run, so batch scores compare.
  const targetVariance = regression ? variance(train.targets!) : NaN;
  const optimizer = makeOptimizer(config.optimizer, config.lr, { momentum: config.momentum });
  const schedule = {
    schedule: config.schedule ?? 'constant',
    lrEvery: config.lrEvery ?? 10,
    lrFactor: config.lrFactor ?? 0.5,
    lrDecay: config.lrDecay ?? 0.95,
  };
  const plateau =
    schedule.schedule === 'plateau'
      ? new ReduceLROnPlateau(config.lr, { factor: schedule.lrFactor, patience: config.lrPatience ?? 5, minLr: config.minLr ?? 0 })
      : null;
  let lr = config.lr;
  const stopper = config.earlyStop
    ? new EarlyStopping({ monitor: config.esMonitor ?? 'val_loss', patience: config.esPatience ?? 5, minDelta: config.esMinDelta ?? 0 })
    : null;
  const restoreBest = stopper !== null && (config.esRestore ?? true);
  /** Copies of the best epoch's weights (restoreBest only). */
  let bestWeights: tf.Tensor[] | null = null;
  // The weights after the last sane epoch, put back if the next one diverges (a blown-up model predicts NaN).
  let goodWeights: tf.Tensor[] = model.getWeights().map((w) => w.clone());
  let goodEpoch = 0;
  const diverged = (message: string): TrainOutcome => {
    model.setWeights(goodWeights);
    const kept = goodEpoch ? `the weights of epoch ${goodEpoch}, the last good one, are kept` : 'the initial weights are kept';
    return { status: 'diverged', history, message: `${message} Its curves and ${kept}.`, restoredEpoch: goodEpoch };
  };
  const batchRng = createRng(deriveSeed(config.seed, 'batches'));
  const augRng = createRng(deriveSeed(config.seed, 'augment'));
  const augment = config.augment && isAugmenting(config.augment) && shape.length === 3 ? config.augment : null;
  const batchSize = Math.max(1, Math.min(config.batchSize, train.count));

  const xTrain = tf.tensor(train.x, [train.count, ...shape]);
  const yTrain = regression
    ? tf.tensor2d(train.targets!, [train.count, 1])
    : tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, 'int32'), numClasses).toFloat());
  const classWeight = config.classWeights && !regression ? balancedClassWeights(train.y, numClasses) : null;
  const sampleWeights = classWeight ? tf.tensor1d(Float32Array.from(train.y, (k) => classWeight[k])) : null;
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const history: EpochRecord[] = [];
  let step = 0;
  let lastYield = performance.now();
  // Batch metrics not read back yet (see settle); freed in `finally` if training ends early.
  const unread: { metrics: tf.Tensor; batch: number; size: number }[] = [];

  // Both data losses run inside minimize's tape. Each pushes onto `kept` the reported loss and the batch's
  // second metric (accuracy, or the MSE that R² is made from): clones, because minimize disposes the cost it
  // is handed back.
  const classificationLoss = (probs: tf.Tensor, yb: tf.Tensor, idx: tf.Tensor1D, kept: tf.Tensor[]): tf.Scalar => {
    const perSample = tf.metrics.categoricalCrossentropy(yb, probs);
    const ce = perSample.mean() as tf.Scalar;
    // The reported loss is unweighted, so it stays comparable with val_loss when class weights are on.
    kept.push(tf.keep(ce.clone()), tf.keep(tf.metrics.categoricalAccuracy(yb, probs).mean()));
    // Weighted as Keras's class_weight does: the mean of weight × loss over the batch.
    return sampleWeights ? (perSample.mul(tf.gather(sampleWeights, idx)).mean() as tf.Scalar) : ce;
  };
  const regressionLoss = (predictions: tf.Tensor, yb: tf.Tensor, kept: tf.Tensor[]): tf.Scalar => {
    const error = predictions.sub(yb);
    const mse = error.square().mean() as tf.Scalar;
    const loss = regLoss === 'mae' ? (error.abs().mean() as tf.Scalar) : mse;
    kept.push(tf.keep(loss.clone()), tf.keep(mse.clone()));
    return loss;
  };
  const validateClassification = async (): Promise<Pick<EpochRecord, 'val_loss' | 'val_acc' | 'val_confusion'>> => {
    const valScores = val.count
      ? scoreProbabilities(await predictProbabilities(model, val, shape), val.y, numClasses)
      : null;
    return {
      val_loss: valScores?.loss ?? NaN,
      val_acc: valScores?.accuracy ?? NaN,
      val_confusion: valScores ? confusionMatrix(Array.from(val.y), valScores.predictions, numClasses) : null,
    };
  };
  const validateRegression = async (): Promise<Pick<EpochRecord, 'val_loss' | 'val_acc' | 'val_confusion'>> => {
    if (!val.count) return { val_loss: NaN, val_acc: NaN, val_confusion: null };
    const scores = scoreValues(await predictValues(model, val, shape), val.targets!, regLoss);
    return { val_loss: scores.loss, val_acc: scores.metrics.r2, val_confusion: null };
  };

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const t0 = performance.now();
      const epochLr = plateau ? plateau.lr : scheduledLr(schedule, config.lr, epoch, config.epochs);
      if (epochLr !== lr) {
        setLearningRate(optimizer, epochLr);
        lr = epochLr;
      }
      shuffleInPlace(order, batchRng);
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      // Batch metrics stay on the backend and are read back in groups (every READ_EVERY_MS or READ_MAX batches)
      // with one read for the group, always leaving the newest batch unread so the backend never idles waiting
      // for us: a read-back per batch cost an MLP about a tenth of its speed (bench/README.md).
      let lastRead = performance.now();

      const settle = async (keepNewest: boolean): Promise<string | null> => {
        const group = unread.splice(0, keepNewest ? Math.max(0, unread.length - 1) : unread.length);
        if (!group.length) return null;
        lastRead = performance.now();
        const joined = tf.stack(group.map((g) => g.metrics));
        const values = await joined.data().finally(() => {
          joined.dispose();
          for (const g of group) g.metrics.dispose();
        });
        let problem: string | null = null;
        group.forEach(({ batch, size }, i) => {
          if (problem) return;
          const loss = values[2 * i];
          // Regression reads back the batch MSE whatever the loss, and scores it against the targets' spread.
          const acc = regression ? rSquaredFromMse(values[2 * i + 1], targetVariance) : values[2 * i + 1];
          step++;
          if (!Number.isFinite(loss)) {
            problem = `The loss became ${loss} at epoch ${epoch}, batch ${batch + 1}: training diverged. Try a lower learning rate (now ${lr}).`;
            return;
          }
          lossSum += loss * size;
          accSum += acc * size;
          seen += size;
          callbacks.onBatchEnd?.({ epoch, batch, step, loss, acc, size });
        });
        return problem;
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
            const out = model.apply(xb, { training: true }) as tf.Tensor;
            const dataLoss = regression ? regressionLoss(out, yb, kept) : classificationLoss(out, yb, idx, kept);
            const penalties = model.calculateLosses();
            return penalties.length ? (tf.addN([dataLoss, ...penalties]) as tf.Scalar) : dataLoss;
          });
          return tf.stack(kept);
        });
        tf.dispose(kept);
        unread.push({ metrics, batch, size });
        if (unread.length > READ_MAX || performance.now() - lastRead >= READ_EVERY_MS) {
          const problem = await settle(true);
          if (problem) return diverged(problem);
        }
        // Yield on a time budget rather than after every batch: fast batches would pay for it in speed,
        // and a Stop message still lands within YIELD_EVERY_MS (slow batches yield after each one).
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          await callbacks.yieldControl?.();
          lastYield = performance.now();
        }
        if (callbacks.isPaused?.()) {
          // Everything trained so far is reported before the hold, so a paused chart is complete.
          const problem = await settle(false);
          if (problem) return diverged(problem);
          await callbacks.whilePaused?.();
          lastYield = performance.now();
        }
        if (callbacks.shouldStop?.()) {
          await settle(false);
          return { status: 'stopped', history };
        }
      }
      const problem = await settle(false);
      if (problem) return diverged(problem);

      const v = regression ? await validateRegression() : await validateClassification();
      const record: EpochRecord = {
        epoch,
        loss: lossSum / seen,
        acc: accSum / seen,
        val_loss: v.val_loss,
        val_acc: v.val_acc,
        lr,
        val_confusion: v.val_confusion,
        ms: performance.now() - t0,
      };
      const blowUp = regression
        ? regressionDivergence(record.loss, regLoss, targetVariance, lr)
        : divergence(record.loss, numClasses, lr);
      plateau?.update(record.val_loss);
      // Decided before the record is reported, so the stop (and the restored weights) go out with it.
      let stopEarly = false;
      if (stopper && !blowUp) {
        const decision = stopper.update(epoch, record[config.esMonitor ?? 'val_loss']);
        if (decision === 'improved' && restoreBest) {
          tf.dispose(bestWeights ?? []);
          bestWeights = model.getWeights().map((w) => w.clone());
        } else if (decision === 'stop') {
          stopEarly = true;
          if (bestWeights) model.setWeights(bestWeights);
          record.earlyStop = { restoredEpoch: bestWeights ? stopper.bestEpoch : null };
        }
      }
      history.push(record);
      if (!blowUp) {
        tf.dispose(goodWeights);
        goodWeights = model.getWeights().map((w) => w.clone());
        goodEpoch = epoch;
      }
      await callbacks.onEpochEnd?.(record);
      if (blowUp) return diverged(blowUp);
      if (stopEarly) {
        const restored = record.earlyStop?.restoredEpoch;
        return { status: 'done', history, stoppedEarlyAt: epoch, ...(restored != null ? { restoredEpoch: restored } : {}) };
      }
      if (callbacks.shouldStop?.()) return { status: 'stopped', history };
    }
    return { status: 'done', history };
  } finally {
    for (const u of unread.splice(0)) u.metrics.dispose();
    xTrain.dispose();
    yTrain.dispose();
    sampleWeights?.dispose();
    tf.dispose(bestWeights ?? []);
    tf.dispose(goodWeights);
    optimizer.dispose();
  }
}

/**
 * scikit-learn's compute_class_weight('balanced', classes=np.unique(y), y): n / (K · n_k) for each class k,
 * K counting the classes present, so every class present carries the same total weight n / K. A class
 * absent from the labels gets 0 (it has no samples to weigh).
 */
export function balancedClassWeights(labels: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c ? labels.length / (present * c) : 0));
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

/** Population variance (divide by n), the Var in R² = 1 − MSE / Var. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  return sq / n;
}

/**
 * R² of predictions with this MSE on targets of this variance. Constant targets follow sklearn's
 * force_finite rule, as regressionMetrics does: 1 for a perfect fit, 0 otherwise.
 */
export function rSquaredFromMse(mse: number, targetVariance: number): number {
  if (targetVariance > 0) return 1 - mse / targetVariance;
  return mse === 0 ? 1 : 0;
}

/**
 * Predicting the training mean everywhere gives MSE = Var (and MAE ≤ std), so a regression whose epoch
 * loss is over 100 × Var (MAE: 10 × std, the same factor in the targets' unit) does far worse than a constant
 * guess: its weights have blown up. Constant targets have no spread to compare against and use 1.
 */
export function regressionDivergence(epochLoss: number, loss: RegLoss, targetVariance: number, lr: number): string | null {
  const spread = targetVariance > 0 ? targetVariance : 1;
  const baseline = loss === 'mae' ? Math.sqrt(spread) : spread;
  const factor = loss === 'mae' ? 10 : 100;
  if (Number.isFinite(epochLoss) && epochLoss <= factor * baseline) return null;
  const name = loss === 'mae' ? 'mean absolute error' : 'mean squared error';
  return `Training diverged: the epoch's training ${name} is ${epochLoss.toPrecision(3)}, over ${factor} times the ${baseline.toPrecision(3)} of always predicting the mean. Try a lower learning rate (now ${lr}).`;
}
