import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/core/model/build';
import type { Settings } from '../../src/core/preset/schema';
import { trainBatch } from '../../src/core/train/batch-step';
import { makeOptimizer } from '../../src/core/train/optimizer';
import { trainEpochBatches } from '../../src/core/train/train-epoch';
import { closeRun, openRun } from '../../src/core/train/train-run';
import type { SplitArrays } from '../../src/core/train/types';
import { startBackend } from '../../src/worker/backend';
import { yieldToEventLoop } from '../../src/worker/yield';
import { makeStep } from './kernels';
import { compiledReference } from './reference';

/**
 * The `gap` diagnosis (issue 18, bench/README.md "The CNN near the limit", layer 3): the same model and data
 * trained four ways, from the `kernels` figure's bare step up to Fitlab's own epoch loop, each timed per
 * epoch, so the difference between the page's bare step and Fitlab in its worker can be split into its parts.
 * Runs in the page (gap.ts) or in a worker of its own (gap.worker.ts), which is the app's worker less the
 * runner (messages, heartbeat, pause gate).
 */
export type GapVariant = 'bare-random' | 'bare-real' | 'trainBatch' | 'loop' | 'fit';

export interface GapInput {
  settings: Settings;
  shape: number[];
  numClasses: number;
  train: SplitArrays;
}

export interface GapResult {
  variant: GapVariant;
  where: 'page' | 'worker';
  threads: number;
  batchSize: number;
  /** Milliseconds per batch of each epoch (epoch 1 holds the warm-up). */
  msPerBatch: number[];
}

/** Steps of the `kernels` figure's bare step over one epoch of the split, in order; one read-back per step. */
function bareEpoch(step: (i: number) => number, batches: number, epoch: number): void {
  for (let b = 0; b < batches; b++) step(epoch * batches + b);
}

/** Fitlab's batch step (batch-step.ts: gather, forward, loss + accuracy, backward, update), metrics dropped unread. */
function trainBatchEpoch(run: ReturnType<typeof openRun>, batchSize: number): void {
  const order = run.batches.order;
  for (let start = 0; start < order.length; start += batchSize) {
    trainBatch(run.batches.step, order.subarray(start, Math.min(order.length, start + batchSize))).dispose();
  }
}

/** One variant set up to train epoch after epoch; `free` disposes of everything it made. */
interface GapTrainer {
  epoch(e: number): Promise<void>;
  free(): void;
}

/** The `kernels` figure's bare step on random data of the split's shapes, or on the split itself. */
function bareTrainer(input: GapInput, real: boolean): GapTrainer {
  const { settings, shape, numClasses, train } = input;
  const model = buildModel(settings, { shape, numClasses });
  const optimizer = makeOptimizer(settings.optimizer, settings.lr);
  const x = real ? tf.tensor(train.x, [train.count, ...shape]) : tf.randomUniform([train.count, ...shape]);
  const labels = real ? tf.tensor1d(train.y, 'int32') : tf.randomUniform([train.count], 0, numClasses, 'int32');
  const y = tf.tidy(() => tf.oneHot(labels, numClasses).toFloat());
  labels.dispose();
  const step = makeStep(model, optimizer, x, y, settings.batchSize);
  const batches = Math.ceil(train.count / settings.batchSize);
  return {
    epoch: async (e) => bareEpoch(step, batches, e),
    free: () => {
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** The `fit_overhead` reference: a bare `model.fit` (bench/page/reference.ts), one epoch a call, no validation. */
function fitTrainer(input: GapInput): GapTrainer {
  const { settings, shape, numClasses, train } = input;
  const { model, xs, ys, free } = compiledReference(settings, shape, numClasses, train);
  return {
    epoch: async () => {
      await model.fit(xs, ys, { epochs: 1, batchSize: settings.batchSize, shuffle: true, verbose: 0, yieldEvery: 'never' });
    },
    free,
  };
}

/** Fitlab's own run (train-run.ts): its batch step alone, or its epoch loop with the worker's yield. */
function fitlabTrainer(input: GapInput, loop: boolean): GapTrainer {
  const { settings, shape, numClasses, train } = input;
  const model = buildModel(settings, { shape, numClasses });
  const empty = { x: new Float32Array(0), y: new Int32Array(0), count: 0 };
  const callbacks = loop ? { yieldControl: yieldToEventLoop, onBatchEnd: () => {} } : {};
  const run = openRun(model, { train, val: empty, shape, numClasses }, { ...settings, augment: null }, callbacks);
  return {
    epoch: async (e) => {
      if (loop) await trainEpochBatches(run.batches, e, run.lr);
      else trainBatchEpoch(run, settings.batchSize);
      // One read-back at the epoch's end, so the time includes finishing the work.
      await model.trainableWeights[0]!.read().data();
    },
    free: () => {
      closeRun(run);
      model.dispose();
    },
  };
}

/**
 * The variants for `epochs` epochs, interleaved epoch by epoch (A B C D A B C D …) so that a machine shared
 * with other work slows each of them alike; each has its own model, optimiser and data.
 */
export async function gapRun(input: GapInput, variants: GapVariant[], epochs: number, where: 'page' | 'worker'): Promise<GapResult[]> {
  if (!(await startBackend('wasm'))) throw new Error('WASM did not start.');
  const batches = Math.ceil(input.train.count / input.settings.batchSize);
  const trainers = variants.map((v) =>
    v === 'fit' ? fitTrainer(input) : v.startsWith('bare') ? bareTrainer(input, v === 'bare-real') : fitlabTrainer(input, v === 'loop'),
  );
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const results = variants.map((variant) => ({
    variant,
    where,
    threads: wasm.getThreadsCount(),
    batchSize: input.settings.batchSize,
    msPerBatch: [] as number[],
  }));
  try {
    for (let e = 1; e <= epochs; e++) {
      for (const [i, trainer] of trainers.entries()) {
        const t0 = performance.now();
        await trainer.epoch(e);
        results[i]!.msPerBatch.push((performance.now() - t0) / batches);
      }
    }
  } finally {
    for (const t of trainers) t.free();
  }
  return results;
}
