import type * as tf from '@tensorflow/tfjs';
import { resolveTrainConfig, type TrainConfig } from './loop-config';
import type { TrainCallbacks, TrainInputs, TrainOutcome } from './loop-types';
import { setLearningRate } from './optimizer';
import { trainEpochBatches } from './train-epoch';
import { checkInputs, closeRun, openRun, type TrainRun } from './train-run';
import { divergence, regressionDivergence } from './train-stats';
import type { EpochRecord } from './types';
import { validateEpoch } from './validate';

export type { TrainConfig } from './loop-config';
export type { TrainCallbacks, TrainInputs, TrainOutcome } from './loop-types';
export { balancedClassWeights, divergence, regressionDivergence, rSquaredFromMse, variance } from './train-stats';

/**
 * The training loop: seeded batch order, augmentation on training batches only, the data loss (cross-entropy,
 * or MSE / MAE for regression) plus the model's regularisation penalties minimised per batch, validation at
 * each epoch's end.
 *
 * Why not `model.fit`: it shuffles with Math.random (not reproducible from a seed), cannot augment per
 * batch, and reports the penalised loss; here the reported loss is the data loss, comparable to val_loss.
 *
 * The steps, each in its module: the run's setup (train-run.ts), an epoch's batches (train-epoch.ts) made of
 * batch steps (batch-step.ts) whose metrics are read back in groups (read-back.ts), validation (validate.ts),
 * and what each epoch's end decides (epoch-end.ts: learning rate, early stopping, divergence).
 *
 * Learning rate: set on the optimiser at each epoch's start from the schedule (or ReduceLROnPlateau, fed
 * each epoch's val_loss) and recorded in EpochRecord.lr; with 'constant' the optimiser is never touched.
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
  checkInputs(data);
  const run = openRun(model, data, resolveTrainConfig(config), callbacks);
  try {
    for (let epoch = 1; epoch <= run.config.epochs; epoch++) {
      const outcome = await runEpoch(run, epoch);
      if (outcome) return outcome;
    }
    return { status: 'done', history: run.history };
  } finally {
    closeRun(run);
  }
}

/** Trains, validates and judges one epoch; returns the run's outcome if it ends there. */
async function runEpoch(run: TrainRun, epoch: number): Promise<TrainOutcome | null> {
  const t0 = performance.now();
  setEpochRate(run, epoch);
  const batches = await trainEpochBatches(run.batches, epoch, run.lr);
  if (batches === 'stopped') return { status: 'stopped', history: run.history };
  if (batches !== 'trained') return run.epochEnd.diverged(batches.diverged, run.history);
  const { loss, acc } = run.batches.reader.epochMeans();
  const v = await validateEpoch(run.model, run.data, run.config.regLoss);
  const record: EpochRecord = {
    epoch,
    loss,
    acc,
    val_loss: v.val_loss,
    val_acc: v.val_acc,
    lr: run.lr,
    val_confusion: v.val_confusion,
    ms: performance.now() - t0,
  };
  return endEpoch(run, record);
}

/** The optimiser is touched only when the epoch's rate differs from the last one. */
function setEpochRate(run: TrainRun, epoch: number): void {
  const epochLr = run.epochEnd.learningRate(epoch);
  if (epochLr !== run.lr) {
    setLearningRate(run.batches.step.optimizer, epochLr);
    run.lr = epochLr;
  }
}

/** Judges the epoch, then reports it; returns the outcome if divergence, early stopping or Stop ends the run. */
async function endEpoch(run: TrainRun, record: EpochRecord): Promise<TrainOutcome | null> {
  const { history, callbacks } = run;
  const blowUp = epochDivergence(run, record);
  // Decided before the record is reported, so the stop (and the restored weights) go out with it.
  const stopEarly = run.epochEnd.judge(record, blowUp);
  history.push(record);
  await callbacks.onEpochEnd?.(record);
  if (blowUp) return run.epochEnd.diverged(blowUp, history);
  if (stopEarly) {
    const restored = record.earlyStop?.restoredEpoch;
    return { status: 'done', history, stoppedEarlyAt: record.epoch, ...(restored != null ? { restoredEpoch: restored } : {}) };
  }
  if (callbacks.shouldStop?.()) return { status: 'stopped', history };
  return null;
}

/** Why the epoch's training loss says the run blew up, or null. */
function epochDivergence(run: TrainRun, record: EpochRecord): string | null {
  return run.data.task === 'regression'
    ? regressionDivergence(record.loss, run.config.regLoss, run.targetVariance, record.lr)
    : divergence(record.loss, run.data.numClasses, record.lr);
}
