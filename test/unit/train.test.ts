import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AugmentOptions } from '../../src/core/data/augment-options';
import { makeShapesDataset } from '../../src/core/data/shapes';
import { gatherRows, splitDataset } from '../../src/core/data/split';
import { makeToyDataset } from '../../src/core/data/toy';
import { buildModel, type ModelSettings } from '../../src/core/model/build';
import { SeededDropout } from '../../src/core/model/seeded-dropout';
import { defaultSettings } from '../../src/core/preset/schema';
import type { Dataset } from '../../src/core/types';
import { EPSILON, scoreProbabilities } from '../../src/core/train/evaluate';
import {
  divergence,
  trainModel,
  type TrainCallbacks,
  type TrainConfig,
  type TrainInputs,
  type TrainOutcome,
} from '../../src/core/train/loop';
import { makeTestResult } from '../../src/core/train/test-result';
import type { BatchRecord, EpochRecord } from '../../src/core/train/types';
import { createRng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---------------------------------------------------------------- helpers

function inputsFrom(ds: Dataset, seed = 1): TrainInputs {
  const s = splitDataset(ds, { valFraction: 0.2, testFraction: 0.2, trainSize: 0, labelNoise: 0, seed });
  return {
    train: gatherRows(ds, s.train, s.trainLabels),
    val: gatherRows(ds, s.val),
    shape: ds.shape,
    numClasses: ds.classNames.length,
  };
}

/** Gaussian blobs, 3 classes, 300 samples: 180 train (6 batches of ≤ 32), 60 val. */
const TOY = inputsFrom(makeToyDataset('gaussian', { samples: 300, noise: 0.2, classes: 3, seed: 1 }));
/** 60 shapes images: 36 train, 12 val. */
const IMAGES = inputsFrom(makeShapesDataset({ samples: 60, noise: 0.1, seed: 1 }));

const MLP: Partial<ModelSettings> = { model: 'mlp', hidden: [16] };
const TINY_CNN: Partial<ModelSettings> = { model: 'cnn', conv: [{ filters: 4, pool: true }], dense: [8], kernel: 3 };
const AUGMENT_ALL: AugmentOptions = { flip: true, rotateDeg: 15, shiftPx: 2, brightness: 0.2, noiseSd: 0.05 };

const config = (patch: Partial<TrainConfig> = {}): TrainConfig => ({
  epochs: 5,
  batchSize: 32,
  optimizer: 'adam',
  lr: 0.03,
  seed: 1,
  augment: null,
  ...patch,
});

interface RunResult {
  outcome: TrainOutcome;
  batches: BatchRecord[];
  epochs: EpochRecord[];
  /** tf.memory().numTensors at the end of each epoch. */
  tensorsAtEpochEnd: number[];
  /** numTensors before the model was built and after it was disposed. */
  tensorsBefore: number;
  tensorsAfter: number;
  /** Final weights, read before disposal. */
  weights: number[];
  /** Wall time of trainModel, ms. */
  wallMs: number;
}

/**
 * Builds a model, trains it, disposes it; records everything a test may look at. `extra` are callbacks of
 * the test's own, or a function of the model that returns them (for tests that reach into the model).
 */
async function run(
  model: Partial<ModelSettings>,
  data: TrainInputs,
  cfg: Partial<TrainConfig> = {},
  extra: TrainCallbacks | ((m: tf.LayersModel) => TrainCallbacks) = {},
): Promise<RunResult> {
  const tensorsBefore = tf.memory().numTensors;
  const m = buildModel({ ...defaultSettings(), seed: cfg.seed ?? 1, ...model }, { shape: data.shape, numClasses: data.numClasses });
  const callbacks = typeof extra === 'function' ? extra(m) : extra;
  const batches: BatchRecord[] = [];
  const epochs: EpochRecord[] = [];
  const tensorsAtEpochEnd: number[] = [];
  const t0 = performance.now();
  const outcome = await trainModel(m, data, config(cfg), {
    ...callbacks,
    onBatchEnd: (r) => {
      batches.push(r);
      callbacks.onBatchEnd?.(r);
    },
    onEpochEnd: async (r) => {
      epochs.push(r);
      tensorsAtEpochEnd.push(tf.memory().numTensors);
      await callbacks.onEpochEnd?.(r);
    },
  });
  const wallMs = performance.now() - t0;
  const weights = m.getWeights().flatMap((w) => Array.from(w.dataSync()));
  m.dispose();
  // Metrics read-backs settle asynchronously; give them a turn before counting.
  await new Promise((r) => setTimeout(r, 0));
  return { outcome, batches, epochs, tensorsAtEpochEnd, tensorsBefore, tensorsAfter: tf.memory().numTensors, weights, wallMs };
}

/** A history without wall times, which are the only field allowed to differ between identical runs. */
const withoutTimes = (h: EpochRecord[]) => h.map(({ ms: _ms, ...rest }) => rest);

function expectNoLeaks(r: RunResult): void {
  expect(r.tensorsAtEpochEnd.length).toBeGreaterThanOrEqual(2);
  expect(new Set(r.tensorsAtEpochEnd).size).toBe(1);
  expect(r.tensorsAfter).toBe(r.tensorsBefore);
}

// ---------------------------------------------------------------- training

describe('trainModel', () => {
  it('lowers the loss and reports one finite record per epoch', async () => {
    const r = await run(MLP, TOY, { epochs: 5 });
    expect(r.outcome.status).toBe('done');
    const h = r.outcome.history;
    expect(h).toHaveLength(5);
    expect(h).toEqual(r.epochs);
    h.forEach((rec, i) => {
      expect(Object.keys(rec).sort()).toEqual(['acc', 'epoch', 'loss', 'lr', 'ms', 'val_acc', 'val_confusion', 'val_loss']);
      expect(rec.epoch).toBe(i + 1);
      expect(rec.lr).toBe(0.03);
      const { val_confusion, ...scalars } = rec;
      for (const v of Object.values(scalars)) expect(Number.isFinite(v)).toBe(true);
      // The epoch's validation confusion matrix covers the whole validation split and matches val_acc.
      const cm = val_confusion!;
      const total = cm.flat().reduce((a, b) => a + b, 0);
      expect(total).toBe(TOY.val.count);
      expect(cm.reduce((s, row, k) => s + row[k], 0) / total).toBeCloseTo(rec.val_acc, 12);
      for (const a of [rec.acc, rec.val_acc]) expect(a >= 0 && a <= 1).toBe(true);
      expect(rec.ms).toBeGreaterThan(0);
    });
    // Each epoch's time is its own: together they fit inside the run's wall time.
    expect(h.reduce((s, rec) => s + rec.ms, 0)).toBeLessThanOrEqual(r.wallMs);
    expect(h[4].loss).toBeLessThan(h[0].loss);
    expect(h[4].val_loss).toBeLessThan(h[0].val_loss);
    expect(h[4].val_acc).toBeGreaterThan(0.7); // well-separated blobs
  });

  it('reports every batch with a global step, and each epoch sees every training sample once', async () => {
    const r = await run(MLP, TOY, { epochs: 2 });
    const perEpoch = Math.ceil(TOY.train.count / 32);
    expect(r.batches).toHaveLength(2 * perEpoch);
    r.batches.forEach((b, i) => {
      expect(b.step).toBe(i + 1);
      expect(b.epoch).toBe(1 + Math.floor(i / perEpoch));
      expect(b.batch).toBe(i % perEpoch);
      expect(Number.isFinite(b.loss)).toBe(true);
    });
    for (const epoch of [1, 2]) {
      const sizes = r.batches.filter((b) => b.epoch === epoch).map((b) => b.size);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(TOY.train.count);
    }
    // The epoch loss is the size-weighted mean of its batch losses.
    const e1 = r.batches.filter((b) => b.epoch === 1);
    const mean = e1.reduce((s, b) => s + b.loss * b.size, 0) / TOY.train.count;
    expect(r.outcome.history[0].loss).toBeCloseTo(mean, 10);
  });

  it('throws on an empty training split', async () => {
    const m = buildModel({ ...defaultSettings(), ...MLP }, { shape: [2], numClasses: 3 });
    const empty = { ...TOY, train: { x: new Float32Array(0), y: new Int32Array(0), count: 0 } };
    await expect(trainModel(m, empty, config())).rejects.toThrow(/training split is empty/);
    m.dispose();
  });

  it('reports NaN validation metrics when there is no validation split', async () => {
    const noVal = { ...TOY, val: { x: new Float32Array(0), y: new Int32Array(0), count: 0 } };
    const r = await run(MLP, noVal, { epochs: 1 });
    expect(r.outcome.status).toBe('done');
    expect(r.outcome.history[0].val_loss).toBeNaN();
    expect(Number.isFinite(r.outcome.history[0].loss)).toBe(true);
  });
});

// ---------------------------------------------------------------- memory

describe('trainModel: tensor memory', () => {
  it('keeps the tensor count constant across epochs and frees everything (MLP)', async () => {
    expectNoLeaks(await run(MLP, TOY, { epochs: 4 }));
  });

  it('… with dropout and L2', async () => {
    expectNoLeaks(await run({ ...MLP, dropout: true, dropoutRate: 0.3, l2: true, l2Lambda: 0.01 }, TOY, { epochs: 4 }));
  });

  it('… with sgd and rmsprop', async () => {
    expectNoLeaks(await run(MLP, TOY, { epochs: 3, optimizer: 'sgd', lr: 0.1 }));
    expectNoLeaks(await run(MLP, TOY, { epochs: 3, optimizer: 'rmsprop', lr: 0.01 }));
  });

  it('… with an image dataset, a tiny CNN and augmentation', async () => {
    const r = await run({ ...TINY_CNN, dropout: true, dropoutRate: 0.2 }, IMAGES, { epochs: 2, batchSize: 16, augment: AUGMENT_ALL });
    expect(r.outcome.status).toBe('done');
    expectNoLeaks(r);
  });

  it('… when stopped early or when it diverges', async () => {
    let calls = 0;
    const stopped = await run(MLP, TOY, { epochs: 3 }, { shouldStop: () => ++calls >= 8 });
    expect(stopped.outcome.status).toBe('stopped');
    expect(stopped.tensorsAfter).toBe(stopped.tensorsBefore);
    const diverged = await run(MLP, TOY, { epochs: 3, optimizer: 'sgd', lr: 1e38 });
    expect(diverged.outcome.status).toBe('diverged');
    expect(diverged.tensorsAfter).toBe(diverged.tensorsBefore);
  });
});

// ---------------------------------------------------------------- reproducibility

describe('trainModel: reproducibility', () => {
  it('the same settings and seed give identical histories (exact, on cpu)', async () => {
    for (const [model, data, cfg] of [
      [{ ...MLP, dropout: true, dropoutRate: 0.3 }, TOY, { epochs: 3 }],
      [TINY_CNN, IMAGES, { epochs: 2, batchSize: 16, augment: AUGMENT_ALL }],
    ] as const) {
      const a = await run(model, data, cfg);
      const b = await run(model, data, cfg);
      expect(withoutTimes(b.outcome.history)).toEqual(withoutTimes(a.outcome.history));
      expect(b.batches.map((x) => x.loss)).toEqual(a.batches.map((x) => x.loss));
      expect(b.weights).toEqual(a.weights);
    }
  });

  it('a different seed gives a different history', async () => {
    const a = await run(MLP, TOY, { epochs: 2, seed: 1 });
    const b = await run(MLP, TOY, { epochs: 2, seed: 2 });
    expect(b.batches.map((x) => x.loss)).not.toEqual(a.batches.map((x) => x.loss));
  });

  it('augmentation changes the training batches', async () => {
    const plain = await run(TINY_CNN, IMAGES, { epochs: 1, batchSize: 16 });
    const augmented = await run(TINY_CNN, IMAGES, { epochs: 1, batchSize: 16, augment: AUGMENT_ALL });
    expect(augmented.batches[0].loss).not.toBe(plain.batches[0].loss);
  });
});

// ---------------------------------------------------------------- regularisation in the loop

describe('trainModel: regularisation', () => {
  it('reports the data loss only: the L2 penalty is not added to the reported loss', async () => {
    // Identical initial weights (L2 draws no randomness), so the first batch's data loss must match exactly.
    const plain = await run(MLP, TOY, { epochs: 1 });
    const l2 = await run({ ...MLP, l2: true, l2Lambda: 1 }, TOY, { epochs: 1 });
    expect(l2.batches[0].loss).toBe(plain.batches[0].loss);
  });

  it('the L2 penalty is really minimised: weights end up smaller', async () => {
    const sq = (w: number[]) => w.reduce((s, v) => s + v * v, 0);
    const plain = await run(MLP, TOY, { epochs: 3 });
    const l2 = await run({ ...MLP, l2: true, l2Lambda: 0.1 }, TOY, { epochs: 3 });
    expect(sq(l2.weights)).toBeLessThan(0.5 * sq(plain.weights));
  });

  it('dropout is active while training: it zeroes about the rate of its inputs on every training step', async () => {
    // Watch every SeededDropout call the loop makes: of the units that came in non-zero, how many left as zero.
    const original = SeededDropout.prototype.call;
    const dropped: number[] = [];
    let inference = 0;
    const spy = vi.spyOn(SeededDropout.prototype, 'call').mockImplementation(function (this: SeededDropout, inputs, kwargs) {
      const out = original.call(this, inputs, kwargs);
      if (!kwargs.training) inference++;
      else {
        const x = Array.from((Array.isArray(inputs) ? inputs[0] : inputs).dataSync());
        const y = out.dataSync();
        const live = x.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
        dropped.push(x.reduce((n, v, i) => n + (v !== 0 && y[i] === 0 ? 1 : 0), 0) / live);
      }
      return out;
    });
    try {
      const r = await run({ ...MLP, dropout: true, dropoutRate: 0.5 }, TOY, { epochs: 1 });
      // One call per hidden layer per training batch, each dropping about half.
      expect(dropped).toHaveLength(r.batches.length * MLP.hidden!.length);
      const mean = dropped.reduce((a, b) => a + b, 0) / dropped.length;
      expect(mean).toBeGreaterThan(0.4);
      expect(mean).toBeLessThan(0.6);
      // Validation runs the layer in inference mode: nothing dropped there.
      expect(inference).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });
});

// ---------------------------------------------------------------- stop and divergence

describe('trainModel: stop and divergence', () => {
  it('stops within one batch when shouldStop turns true', async () => {
    let polls = 0;
    const r = await run(MLP, TOY, { epochs: 3 }, { shouldStop: () => ++polls >= 2 });
    expect(r.outcome.status).toBe('stopped');
    expect(r.batches).toHaveLength(2);
    expect(r.batches.map((b) => b.step)).toEqual([1, 2]);
    expect(polls).toBe(2);
    expect(r.outcome.history).toEqual([]);
  });

  it('a stop at an epoch boundary keeps the finished epochs', async () => {
    const perEpoch = Math.ceil(TOY.train.count / 32);
    let polls = 0;
    // Polled after each batch and once more after each epoch: stop on the end-of-epoch poll of epoch 1.
    const r = await run(MLP, TOY, { epochs: 3 }, { shouldStop: () => ++polls > perEpoch });
    expect(r.outcome.status).toBe('stopped');
    expect(r.outcome.history).toHaveLength(1);
    expect(r.batches).toHaveLength(perEpoch);
  });

  it('a loss that becomes NaN ends the run as diverged, naming the learning rate', async () => {
    const r = await run(MLP, TOY, { epochs: 3, optimizer: 'sgd', lr: 1e38 });
    expect(r.outcome.status).toBe('diverged');
    if (r.outcome.status !== 'diverged') return;
    expect(r.outcome.message).toMatch(/NaN|Infinity/);
    expect(r.outcome.message).toMatch(/learning rate/);
    expect(r.outcome.message).toContain('1e+38');
    expect(r.outcome.history).toEqual([]);
    for (const b of r.batches) expect(Number.isFinite(b.loss)).toBe(true);
  });

  it('a run that blows up mid-way keeps its curves and the weights of the last good epoch', async () => {
    // Two sane epochs, then the weights are poisoned so that epoch 3's loss is NaN.
    const r = await run(MLP, TOY, { epochs: 5 }, (m) => ({
      onEpochEnd: (rec) => {
        if (rec.epoch !== 2) return;
        const w = m.getWeights();
        const poisoned = tf.fill(w[0].shape, NaN);
        m.setWeights([poisoned, ...w.slice(1)]);
        poisoned.dispose();
      },
    }));
    expect(r.outcome.status).toBe('diverged');
    if (r.outcome.status !== 'diverged') return;
    expect(r.outcome.restoredEpoch).toBe(2);
    expect(r.outcome.history.map((e) => e.epoch)).toEqual([1, 2]);
    expect(r.outcome.message).toMatch(/weights of epoch 2, the last good one, are kept/);
    expect(r.weights.length).toBeGreaterThan(0);
    expect(r.weights.every(Number.isFinite)).toBe(true);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });

  it('a loss stuck far above a uniform guess ends the run as diverged, keeping that epoch', async () => {
    const r = await run(MLP, TOY, { epochs: 3, optimizer: 'sgd', lr: 1e6 });
    expect(r.outcome.status).toBe('diverged');
    if (r.outcome.status !== 'diverged') return;
    expect(r.outcome.message).toMatch(/learning rate/);
    expect(r.outcome.history).toHaveLength(1);
    expect(r.outcome.history[0].loss).toBeGreaterThan(3 * Math.log(3));
  });

  it('a blow-up in a later epoch keeps the history so far', async () => {
    // After epoch 1, make the weights astronomically large, as an exploding step would.
    const r = await run(MLP, TOY, { epochs: 4 }, (m) => ({
      onEpochEnd: (rec) => {
        if (rec.epoch !== 1) return;
        const huge = m.getWeights().map((w) => tf.mul(w, 1e30));
        m.setWeights(huge);
        tf.dispose(huge);
      },
    }));
    expect(r.outcome.status).toBe('diverged');
    if (r.outcome.status !== 'diverged') return;
    expect(r.outcome.message).toMatch(/epoch 2.*learning rate/);
    expect(r.outcome.history).toHaveLength(1);
    expect(r.outcome.history[0]).toEqual(r.epochs[0]);
    expect(Number.isFinite(r.outcome.history[0].loss)).toBe(true);
  });
});

describe('divergence', () => {
  it('accepts losses up to three times ln K and rejects anything above or non-finite', () => {
    expect(divergence(0.1, 2, 0.01)).toBeNull();
    expect(divergence(3 * Math.log(4) - 1e-9, 4, 0.01)).toBeNull();
    expect(divergence(3 * Math.log(4) + 1e-6, 4, 0.01)).toMatch(/learning rate \(now 0.01\)/);
    expect(divergence(NaN, 2, 0.5)).toMatch(/learning rate/);
    expect(divergence(Infinity, 2, 0.5)).toMatch(/learning rate/);
  });
});

// ---------------------------------------------------------------- scoring

describe('scoreProbabilities', () => {
  it('computes mean cross-entropy, accuracy and argmax by hand', () => {
    // Values exactly representable in float32, so the expected numbers are exact.
    const probs = Float32Array.from([
      0.75,
      0.25, // true 0 → predicted 0, −ln 0.75
      0.125,
      0.875, // true 1 → predicted 1, −ln 0.875
      0.5,
      0.5, // true 1 → tie, first wins: predicted 0, −ln 0.5
      1,
      0, // true 1 → predicted 0, p = 0 clipped to 1e-7
    ]);
    const s = scoreProbabilities(probs, [0, 1, 1, 1], 2);
    const expected = -(Math.log(0.75) + Math.log(0.875) + Math.log(0.5) + Math.log(EPSILON)) / 4;
    expect(Math.abs(s.loss - expected)).toBeLessThan(1e-9);
    expect(s.accuracy).toBe(0.5);
    expect(s.predictions).toEqual([0, 1, 0, 0]);
  });

  it('clips a certain correct prediction to 1 − ε and handles three classes', () => {
    const probs = Float32Array.from([0, 0, 1, 0.25, 0.5, 0.25]);
    const s = scoreProbabilities(probs, [2, 2], 3);
    const expected = -(Math.log(1 - EPSILON) + Math.log(0.25)) / 2;
    expect(Math.abs(s.loss - expected)).toBeLessThan(1e-9);
    expect(s.accuracy).toBe(0.5);
    expect(s.predictions).toEqual([2, 1]);
  });

  it('gives NaN for no samples', () => {
    const s = scoreProbabilities(new Float32Array(0), [], 3);
    expect(s.loss).toBeNaN();
    expect(s.accuracy).toBeNaN();
    expect(s.predictions).toEqual([]);
  });
});

describe('makeTestResult', () => {
  it('has a confusion matrix that sums to the count and whose diagonal gives the accuracy', () => {
    const k = 4;
    const n = 97;
    const rng = createRng(5);
    const labels = Int32Array.from({ length: n }, () => rng.int(k));
    const probs = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      // Mostly right: the true class gets a head start.
      const row = Array.from({ length: k }, (_, c) => rng.next() + (c === labels[i] ? 0.6 : 0));
      const sum = row.reduce((a, b) => a + b, 0);
      row.forEach((v, c) => (probs[i * k + c] = v / sum));
    }
    const names = ['a', 'b', 'c', 'd'];
    const t = makeTestResult(probs, labels, names);
    expect(t.count).toBe(n);
    expect(t.classNames).toEqual(names);
    expect(t.labels).toEqual(Array.from(labels));
    expect(t.predictions).toHaveLength(n);
    const cm = t.confusionMatrix;
    expect(cm).toHaveLength(k);
    expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(n);
    const diagonal = cm.reduce((s, row, i) => s + row[i], 0);
    expect(diagonal / n).toBeCloseTo(t.accuracy, 12);
    expect(t.accuracy).toBeGreaterThan(0.4);
    expect(t.accuracy).toBeLessThan(1);
    // Rows are true classes: each row sums to that class's count.
    cm.forEach((row, c) => expect(row.reduce((a, b) => a + b, 0)).toBe(t.labels.filter((l) => l === c).length));
    // Columns are predictions.
    cm[0].forEach((_, p) => expect(cm.reduce((s, row) => s + row[p], 0)).toBe(t.predictions.filter((q) => q === p).length));
    expect(t.loss).toBeCloseTo(scoreProbabilities(probs, labels, k).loss, 12);
  });
});
