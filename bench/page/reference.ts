import * as tf from '@tensorflow/tfjs';
import { confusionMatrix } from '../../src/core/metrics';
import { buildModel } from '../../src/core/model/build';
import { predictProbabilities, scoreProbabilities } from '../../src/core/train/evaluate';
import { makeOptimizer } from '../../src/core/train/optimizer';
import type { TrainingBackend } from '../../src/core/backends/choice';
import type { Settings } from '../../src/core/preset/schema';
import type { SplitArrays } from '../../src/core/train/types';
import { startBackend } from '../../src/worker/backend';
import { loadSplits } from './data';

export interface ReferenceRun {
  backend: string;
  trainCount: number;
  valCount: number;
  epochs: number;
  /** Page times (performance.now()) at the end of each epoch, its validation included. */
  epochEnds: number[];
  /** Training samples of epochs 2…N over the time between the ends of epoch 1 and N. */
  epochSamplesPerS: number;
  /** Milliseconds spent in the per-epoch validation (the same code as Fitlab's), epochs 2…N. */
  validationMs: number;
  /** Milliseconds from each epoch's start to its end, before validation. */
  trainingMs: number[];
}

/**
 * The reference: a bare `model.fit` on the model buildModel makes for the same settings, the same
 * training split (noisy labels included) and batch size, compiled with the same optimiser. Validation is
 * counted on both sides, and to count the same work it is Fitlab's own validation (predictProbabilities,
 * scoreProbabilities, confusionMatrix on the validation split) run at each epoch's end: model.fit's
 * built-in validationData would predict in batches of 32 where Fitlab uses 256.
 * yieldEvery 'never': the fastest model.fit (no requestAnimationFrame waits between batches).
 */
export async function referenceFit(query: string, backend: TrainingBackend = 'webgl'): Promise<ReferenceRun> {
  if (!(await startBackend(backend))) throw new Error(`${backend} did not start on the bench page.`);
  const { settings: s, shape, numClasses, train, val } = await loadSplits(query);
  const { model, xs, ys, free } = compiledReference(s, shape, numClasses, train);
  const epochEnds: number[] = [];
  const trainingMs: number[] = [];
  let epochStart = 0;
  let validationMs = 0;
  try {
    await model.fit(xs, ys, {
      epochs: s.epochs,
      batchSize: s.batchSize,
      shuffle: true,
      verbose: 0,
      yieldEvery: 'never',
      callbacks: {
        onEpochBegin: () => {
          epochStart = performance.now();
        },
        // A custom callback's onEpochEnd first reads the epoch's logs back: the GPU has finished the epoch.
        onEpochEnd: async (epoch) => {
          const v0 = performance.now();
          trainingMs.push(v0 - epochStart);
          const probs = await predictProbabilities(model, val, shape);
          const scores = scoreProbabilities(probs, val.y, numClasses);
          confusionMatrix(Array.from(val.y), scores.predictions, numClasses);
          const t = performance.now();
          if (epoch > 0) validationMs += t - v0;
          epochEnds.push(t);
        },
      },
    });
  } finally {
    free();
  }
  const n = epochEnds.length;
  return {
    backend,
    trainCount: train.count,
    valCount: val.count,
    epochs: n,
    epochEnds,
    epochSamplesPerS: n > 1 ? (train.count * (n - 1)) / ((epochEnds[n - 1] - epochEnds[0]) / 1000) : NaN,
    validationMs,
    trainingMs,
  };
}

/**
 * The reference's model, compiled with Fitlab's optimiser, and the training split as model.fit takes it (images,
 * one-hot labels): for `referenceFit` and the `gap` diagnosis's `fit` variant. `free` disposes of all of it.
 */
export function compiledReference(settings: Settings, shape: number[], numClasses: number, train: SplitArrays) {
  const model = buildModel(settings, { shape, numClasses });
  const optimizer = makeOptimizer(settings.optimizer, settings.lr);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor(train.x, [train.count, ...shape]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, 'int32'), numClasses).toFloat());
  const free = () => {
    tf.dispose([xs, ys]);
    model.dispose();
    optimizer.dispose();
  };
  return { model, xs, ys, free };
}
