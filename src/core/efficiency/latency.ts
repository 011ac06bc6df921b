import * as tf from '@tensorflow/tfjs';
import { createRng } from '../rng';

/** Fixed: the input values do not matter for timing, but a fixed seed keeps runs repeatable. */
const INPUT_SEED = 0x1a7e;
/** Untimed calls first: WebGL compiles its shaders and allocates textures on the first call of a shape. */
const WARMUP_CALLS = 3;
/**
 * Browsers coarsen performance.now() (to 0.1 ms without cross-origin isolation), so a tiny model's call
 * can read as 0. Each timed sample runs enough back-to-back calls to last about this long and divides.
 */
const MIN_SAMPLE_MS = 2;
const MAX_CALLS_PER_SAMPLE = 200;

export interface Latency {
  /** One sample on its own (batch of 1), read back. */
  perSampleMs: number;
  /** A batch of 32, read back. */
  perBatch32Ms: number;
  backend: string;
}

/**
 * Inference latency on the current backend: the median over `repeats` timings of predict plus
 * `await data()`, since WebGL only queues work and the read-back is where the wait for the GPU happens.
 * Inputs are seeded uniform [0, 1) values; every tensor is freed.
 */
export async function measureLatency(model: tf.LayersModel, shape: number[], repeats = 20): Promise<Latency> {
  return {
    perSampleMs: await timeBatch(model, shape, 1, repeats),
    perBatch32Ms: await timeBatch(model, shape, 32, repeats),
    backend: tf.getBackend(),
  };
}

async function timeBatch(model: tf.LayersModel, shape: number[], n: number, repeats: number): Promise<number> {
  const size = shape.reduce((a, b) => a * b, 1);
  const rng = createRng(INPUT_SEED);
  const x = tf.tensor(
    Float32Array.from({ length: n * size }, () => rng.next()),
    [n, ...shape],
  );
  try {
    let last = 0;
    for (let i = 0; i < WARMUP_CALLS; i++) last = await timeCalls(model, x, 1);
    // From the last warm-up call, which no longer pays for shader compilation.
    const calls = Math.min(MAX_CALLS_PER_SAMPLE, Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(last, 1e-3))));
    const times: number[] = [];
    for (let r = 0; r < Math.max(1, repeats); r++) times.push((await timeCalls(model, x, calls)) / calls);
    return median(times);
  } finally {
    x.dispose();
  }
}

/** Wall time of `calls` predictions, each read back before the next starts. */
async function timeCalls(model: tf.LayersModel, x: tf.Tensor, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const out = model.predict(x);
    const ys = Array.isArray(out) ? out : [out];
    try {
      await Promise.all(ys.map((y) => y.data()));
    } finally {
      tf.dispose(ys);
    }
  }
  return performance.now() - start;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
