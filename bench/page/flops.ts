import * as tf from '@tensorflow/tfjs';
import type { TrainingBackend } from '../../src/core/backends/choice';
import { buildModel } from '../../src/core/model/build';
import { trainingFlopsPerSample, type TrainingFlops } from '../../src/core/model/flops';
import { startBackend, wasmThreads } from '../../src/worker/backend';
import { loadSplits } from './data';

/** The training FLOPs per sample of the model a query builds (the app's buildModel, as the worker builds it). */
export async function modelFlops(query: string): Promise<TrainingFlops> {
  const { settings, shape, numClasses } = await loadSplits(query);
  const model = buildModel(settings, { shape, numClasses });
  try {
    return trainingFlopsPerSample(model);
  } finally {
    model.dispose();
  }
}

/**
 * The peak this page reaches on `backend`: GFLOP/s of an n×n by n×n matrix multiply (2n³ FLOPs), the best
 * of `reps` timed products after a warm-up one, each read back so the time includes finishing the work.
 */
export async function peakGflops(backend: TrainingBackend, n = 1024, reps = 5): Promise<{ gflops: number; n: number; threads: number }> {
  if (!(await startBackend(backend))) throw new Error(`${backend} did not start on the bench page.`);
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  let best = Infinity;
  try {
    for (let i = 0; i <= reps; i++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      if (i > 0) best = Math.min(best, performance.now() - t0);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  const threads = await wasmThreads();
  return { gflops: (2 * n ** 3) / (best / 1000) / 1e9, n, threads };
}
