import type * as tf from '@tensorflow/tfjs';
import { isAugmenting } from '../data/augment-options';
import { createRng, deriveSeed } from '../rng';
import { disposeTrainingTensors, uploadTrainingSplit } from './batch-step';
import { EpochEnd } from './epoch-end';
import type { LoopConfig } from './loop-config';
import type { TrainCallbacks, TrainInputs } from './loop-types';
import { makeOptimizer } from './optimizer';
import { MetricReadBack } from './read-back';
import type { BatchLoop } from './train-epoch';
import { variance } from './train-stats';
import type { EpochRecord } from './types';

/** One training run's state: what its epochs share, all freed by closeRun. */
export interface TrainRun {
  model: tf.LayersModel;
  data: TrainInputs;
  config: LoopConfig;
  callbacks: TrainCallbacks;
  /** The training targets' variance (regression; NaN otherwise): R² and the divergence test need it. */
  targetVariance: number;
  batches: BatchLoop;
  epochEnd: EpochEnd;
  history: EpochRecord[];
  /** The rate the optimiser is set to now. */
  lr: number;
}

/** Checks the splits before anything is put on the backend; throws a message the user can act on. */
export function checkInputs({ train, val, task }: TrainInputs): void {
  if (train.count === 0) throw new Error('The training split is empty: lower the validation/test fractions or raise the train size.');
  if (task === 'regression' && (!train.targets || (val.count > 0 && !val.targets))) {
    throw new Error('Regression training needs targets for the training and validation splits.');
  }
}

/**
 * Sets a run up: its optimiser, the seeded batch-order and augmentation generators, the training split
 * uploaded once to the backend, and the epoch-end keeper (which copies the initial weights).
 */
export function openRun(model: tf.LayersModel, data: TrainInputs, config: LoopConfig, callbacks: TrainCallbacks): TrainRun {
  const { train, shape } = data;
  const regression = data.task === 'regression';
  // R² needs the spread of the targets; the training split's is fixed for the run, so batch scores compare.
  const targetVariance = regression ? variance(train.targets!) : NaN;
  const optimizer = makeOptimizer(config.optimizer, config.lr, { momentum: config.momentum });
  const epochEnd = new EpochEnd(model, config);
  const augRng = createRng(deriveSeed(config.seed, 'augment'));
  const augment = config.augment && isAugmenting(config.augment) && shape.length === 3 ? config.augment : null;
  const tensors = uploadTrainingSplit(train, shape, data.numClasses, regression, config.classWeights);
  const batches: BatchLoop = {
    step: { model, optimizer, tensors, regression, regLoss: config.regLoss, augment, augRng },
    reader: new MetricReadBack(regression, targetVariance, callbacks),
    callbacks,
    order: Int32Array.from({ length: train.count }, (_, i) => i),
    batchRng: createRng(deriveSeed(config.seed, 'batches')),
    batchSize: Math.max(1, Math.min(config.batchSize, train.count)),
    lastYield: performance.now(),
  };
  return { model, data, config, callbacks, targetVariance, batches, epochEnd, history: [], lr: config.lr };
}

export function closeRun(run: TrainRun): void {
  run.batches.reader.dispose();
  disposeTrainingTensors(run.batches.step.tensors);
  run.epochEnd.dispose();
  run.batches.step.optimizer.dispose();
}
