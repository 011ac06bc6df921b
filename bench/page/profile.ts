import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../../src/core/data/augment';
import { buildModel } from '../../src/core/model/build';
import { createRng, shuffleInPlace } from '../../src/core/rng';
import { trainModel } from '../../src/core/train/loop';
import { makeOptimizer } from '../../src/core/train/optimizer';
import { startBackend } from '../../src/worker/backend';
import { yieldToEventLoop } from '../../src/worker/yield';
import { loadSplits } from './data';

export interface StepProfile {
  backend: string;
  batchSize: number;
  steps: number;
  /** model.predict on one batch, read back: the forward pass alone. */
  forwardMs: number;
  /** One training step (gather, forward, backward, update), its loss read back before the next. */
  trainStepMs: number;
  /** Image data only: augmentBatch on one gathered batch with every augmentation on (the bench's AUGMENT_ALL), read back. */
  augmentMs: number | null;
  /** The kernels of one training step by total time (cpu backend only: WebGL's timer queries are unavailable under SwiftShader). */
  kernels: { name: string; ms: number; calls: number }[] | null;
}

/**
 * Where a batch's time goes, on `backend` in this page: the forward pass and a full training step of the
 * query's model, each synchronised (read back) so the times are the backend's, not the dispatch's. Not a
 * figure: a diagnosis for the README when a figure falls short.
 */
export async function profileSteps(query: string, backend: 'webgl' | 'cpu', steps: number): Promise<StepProfile> {
  const ok = await startBackend(backend);
  if (!ok) throw new Error(`${backend} did not start`);
  const { settings: s, shape, numClasses, train } = await loadSplits(query);
  const model = buildModel(s, { shape, numClasses });
  const optimizer = makeOptimizer(s.optimizer, s.lr);
  const n = Math.min(train.count, s.batchSize * (steps + 1));
  const xs = tf.tensor(train.x.subarray(0, n * shape.reduce((a, b) => a * b, 1)), [n, ...shape]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y.subarray(0, n), 'int32'), numClasses).toFloat());
  const batch = (i: number) =>
    tf.tensor1d(
      Int32Array.from({ length: s.batchSize }, (_, j) => (i * s.batchSize + j) % n),
      'int32',
    );
  const step = (i: number) =>
    tf.tidy(() => {
      const idx = batch(i);
      const xb = tf.gather(xs, idx);
      const yb = tf.gather(ys, idx);
      return optimizer.minimize(
        () => tf.metrics.categoricalCrossentropy(yb, model.apply(xb, { training: true }) as tf.Tensor).mean() as tf.Scalar,
        true,
      )!;
    });
  const timed = async (run: (i: number) => tf.Tensor): Promise<number> => {
    const warm = run(0);
    await warm.data();
    warm.dispose();
    const t0 = performance.now();
    for (let i = 1; i <= steps; i++) {
      const out = run(i);
      await out.data();
      out.dispose();
    }
    return (performance.now() - t0) / steps;
  };
  try {
    const forwardMs = await timed((i) => tf.tidy(() => model.predict(tf.gather(xs, batch(i))) as tf.Tensor));
    const trainStepMs = await timed(step);
    const augmentRng = createRng(s.seed);
    const all = { flip: true, rotateDeg: 10, shiftPx: 2, brightness: 0.15, noiseSd: 0.05 };
    const augmentMs =
      shape.length === 3 ? await timed((i) => tf.tidy(() => augmentBatch(tf.gather(xs, batch(i)) as tf.Tensor4D, all, augmentRng))) : null;
    let kernels: StepProfile['kernels'] = null;
    if (backend === 'cpu') {
      const info = await tf.profile(async () => {
        const out = step(steps + 1);
        await out.data();
        out.dispose();
      });
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels) {
        const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += ms;
        e.calls++;
        byName.set(k.name, e);
      }
      kernels = [...byName]
        .map(([name, e]) => ({ name, ...e }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 8);
    }
    return { backend, batchSize: s.batchSize, steps, forwardMs, trainStepMs, augmentMs, kernels };
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
    optimizer.dispose();
    await startBackend('webgl');
  }
}

export type LoopVariant = 'model.fit' | 'trainModel' | 'trainModel+yield' | 'minimize' | 'minimize+readback';
export const LOOP_VARIANTS: LoopVariant[] = ['model.fit', 'trainModel', 'trainModel+yield', 'minimize', 'minimize+readback'];

/**
 * Training samples/s of one epoch loop on the page's WebGL, without validation (an empty validation split
 * for trainModel), epochs 2…N timed between synchronised epoch ends: model.fit (yieldEvery 'never'), Fitlab's
 * trainModel as is (it reads each batch's loss and accuracy back, one batch behind) with and without the
 * runner's per-batch yield, and a bare optimizer.minimize loop with and without a per-batch loss readback.
 * The differences say where Fitlab's per-batch time goes.
 */
export async function profileLoop(query: string, variant: LoopVariant): Promise<{ variant: LoopVariant; samplesPerS: number }> {
  if (!(await startBackend('webgl'))) throw new Error('WebGL did not start');
  const { settings: s, shape, numClasses, train } = await loadSplits(query);
  const model = buildModel(s, { shape, numClasses });
  const optimizer = makeOptimizer(s.optimizer, s.lr);
  const ends: number[] = [];
  const xs = tf.tensor(train.x, [train.count, ...shape]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, 'int32'), numClasses).toFloat());
  try {
    if (variant === 'model.fit') {
      model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      await model.fit(xs, ys, {
        epochs: s.epochs,
        batchSize: s.batchSize,
        shuffle: true,
        verbose: 0,
        yieldEvery: 'never',
        callbacks: { onEpochEnd: () => void ends.push(performance.now()) },
      });
    } else if (variant === 'trainModel' || variant === 'trainModel+yield') {
      const empty = { x: new Float32Array(0), y: new Int32Array(0), count: 0 };
      await trainModel(
        model,
        { train, val: empty, shape, numClasses },
        { ...s, augment: null },
        {
          onEpochEnd: () => void ends.push(performance.now()),
          ...(variant === 'trainModel+yield' ? { yieldControl: yieldToEventLoop } : {}),
        },
      );
    } else {
      const order = Int32Array.from({ length: train.count }, (_, i) => i);
      const rng = createRng(s.seed);
      for (let epoch = 1; epoch <= s.epochs; epoch++) {
        shuffleInPlace(order, rng);
        let pending: Promise<unknown> | null = null;
        let last: tf.Scalar | null = null;
        for (let start = 0; start < train.count; start += s.batchSize) {
          const size = Math.min(s.batchSize, train.count - start);
          const loss = tf.tidy(() => {
            const idx = tf.tensor1d(order.subarray(start, start + size), 'int32');
            const xb = tf.gather(xs, idx);
            const yb = tf.gather(ys, idx);
            return optimizer.minimize(
              () => tf.metrics.categoricalCrossentropy(yb, model.apply(xb, { training: true }) as tf.Tensor).mean() as tf.Scalar,
              true,
            )!;
          });
          if (variant === 'minimize+readback') {
            const read = loss.data().finally(() => loss.dispose());
            if (pending) await pending;
            pending = read;
          } else {
            last?.dispose();
            last = loss;
          }
        }
        if (pending) await pending;
        if (last) {
          await last.data();
          last.dispose();
        }
        ends.push(performance.now());
      }
    }
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
    optimizer.dispose();
  }
  return { variant, samplesPerS: (train.count * (ends.length - 1)) / ((ends[ends.length - 1] - ends[0]) / 1000) };
}
