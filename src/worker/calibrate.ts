import * as tf from '@tensorflow/tfjs';
import type { BackendTiming, TrainingBackend } from '../core/backends/choice';
import type { SplitArrays } from '../core/train/types';
import type { Task } from '../core/types';
import { startBackend } from './backend';

export interface CalibrationModel {
  /** A fresh model of the run's architecture (built on whichever backend is active). */
  build: () => tf.LayersModel;
  shape: number[];
  numClasses: number;
  task: Task;
  batchSize: number;
}

/** Timed steps stop once this much time has passed on a backend. */
const STEP_BUDGET_MS = 120;
const MAX_STEPS = 6;
/**
 * Smaller batches keep the calibration short on slow models; per-sample cost changes little beyond this on
 * the CPU-bound backends it compares.
 */
const MAX_CALIBRATION_BATCH = 32;

/**
 * Times a few training steps of the run's own model on one backend: a first step, not counted (it allocates,
 * sets up XNNPACK operators on WASM and compiles shaders on WebGL: twice to ten times a later step), then at
 * least one more, and more until a short budget is spent. Uses the run's first training rows,
 * so image models see images, not noise. Leaves no tensors behind.
 */
export async function timeModel(backend: TrainingBackend, m: CalibrationModel, train: SplitArrays): Promise<BackendTiming> {
  if (!(await startBackend(backend))) return { backend, samplesPerSec: 0, warmupMs: 0, error: 'could not start' };
  const batch = Math.max(1, Math.min(m.batchSize, MAX_CALIBRATION_BATCH, train.count));
  const features = m.shape.reduce((a, b) => a * b, 1);
  let model: tf.LayersModel | null = null;
  let x: tf.Tensor | null = null;
  let y: tf.Tensor | null = null;
  try {
    model = m.build();
    x = tf.tensor(train.x.subarray(0, batch * features), [batch, ...m.shape]);
    const labels = train.y.subarray(0, batch);
    y =
      m.task === 'regression'
        ? tf.tensor2d(Float32Array.from(train.targets?.subarray(0, batch) ?? new Float32Array(batch)), [batch, 1])
        : tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), m.numClasses));
    model.compile({ optimizer: tf.train.adam(1e-3), loss: m.task === 'regression' ? 'meanSquaredError' : 'categoricalCrossentropy' });
    let t0 = performance.now();
    // trainOnBatch reads the loss back, so a step's time includes finishing its work on the backend.
    await model.trainOnBatch(x, y);
    const warmupMs = performance.now() - t0;
    let steps = 0;
    t0 = performance.now();
    while (steps < 1 || (steps < MAX_STEPS && performance.now() - t0 < STEP_BUDGET_MS)) {
      await model.trainOnBatch(x, y);
      steps++;
    }
    return { backend, samplesPerSec: (steps * batch * 1000) / Math.max(performance.now() - t0, 1e-3), warmupMs };
  } catch (err) {
    return { backend, samplesPerSec: 0, warmupMs: 0, error: err instanceof Error ? err.message : String(err) };
  } finally {
    x?.dispose();
    y?.dispose();
    model?.optimizer?.dispose();
    model?.dispose();
  }
}

const PROBE_N = 256;
const PROBE_REPS = 4;

/**
 * Matrix-multiply throughput (GFLOP/s) of a backend: one 256×256 product to compile and warm up, then four.
 * Dense and conv layers are matrix products underneath, so the ratio of two backends' figures predicts the
 * ratio of their training speeds well enough to rule out a backend that is several times slower, at the cost
 * of one shader program instead of a whole model's.
 */
export async function matmulGflops(backend: TrainingBackend): Promise<number> {
  if (!(await startBackend(backend))) return 0;
  const a = tf.randomUniform([PROBE_N, PROBE_N]);
  const b = tf.randomUniform([PROBE_N, PROBE_N]);
  try {
    const warm = tf.matMul(a, b);
    await warm.data();
    warm.dispose();
    const t0 = performance.now();
    const outs = Array.from({ length: PROBE_REPS }, () => tf.matMul(a, b));
    await outs[outs.length - 1].data();
    const ms = performance.now() - t0;
    tf.dispose(outs);
    return (PROBE_REPS * 2 * PROBE_N ** 3) / (ms * 1e6);
  } finally {
    a.dispose();
    b.dispose();
  }
}
