import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  REGRESSION_IDS,
  TARGET_NOISE_SD,
  gatherTargets,
  makeRegressionDataset,
  regressionTarget,
  type RegressionId,
} from '../../src/core/data/regression';
import { loadDataset } from '../../src/core/data/registry';
import { gatherRows, splitDataset, splitOptionsFor, type SplitOptions } from '../../src/core/data/split';
import { makeToyDataset } from '../../src/core/data/toy';
import { regressionMetrics } from '../../src/core/metrics';
import { buildModel, type ModelSettings } from '../../src/core/model/build';
import { DATASET_IDS, defaultSettings, isImageDataset, isRegressionDataset } from '../../src/core/preset/schema';
import { predictValues, scoreValues } from '../../src/core/train/evaluate';
import {
  regressionDivergence,
  rSquaredFromMse,
  trainModel,
  variance,
  type TrainCallbacks,
  type TrainConfig,
  type TrainInputs,
  type TrainOutcome,
} from '../../src/core/train/loop';
import { makeRegressionResult, makeTestResult } from '../../src/core/train/test-result';
import type { BatchRecord, EpochRecord } from '../../src/core/train/types';
import { taskOf, type Dataset } from '../../src/core/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---------------------------------------------------------------- helpers

const SPLIT: SplitOptions = { valFraction: 0.2, testFraction: 0.2, trainSize: 0, labelNoise: 0, seed: 3 };

function inputsFrom(ds: Dataset, split: SplitOptions = SPLIT): TrainInputs {
  const s = splitDataset(ds, split);
  return {
    train: { ...gatherRows(ds, s.train, s.trainLabels), targets: gatherTargets(ds, s.train) },
    val: { ...gatherRows(ds, s.val), targets: gatherTargets(ds, s.val) },
    shape: ds.shape,
    numClasses: 1,
    task: 'regression',
  };
}

/** Noise-free plane, 400 samples: 240 train, 80 val. */
const PLANE = inputsFrom(makeRegressionDataset('plane', { samples: 400, noise: 0, seed: 1 }));
/** Noisy sine, 200 samples: 120 train (4 batches of ≤ 32), 40 val. */
const SINE = inputsFrom(makeRegressionDataset('sine', { samples: 200, noise: 0.2, seed: 2 }));

const MLP: Partial<ModelSettings> = { model: 'mlp', hidden: [16], activation: 'tanh' };

const config = (patch: Partial<TrainConfig> = {}): TrainConfig => ({
  epochs: 3,
  batchSize: 32,
  optimizer: 'adam',
  lr: 0.03,
  seed: 1,
  augment: null,
  ...patch,
});

const modelFor = (patch: Partial<ModelSettings>, data: TrainInputs, seed = 1) =>
  buildModel({ ...defaultSettings(), seed, ...patch }, { shape: data.shape, numClasses: 1, task: 'regression' });

interface RunResult {
  outcome: TrainOutcome;
  batches: BatchRecord[];
  epochs: EpochRecord[];
  tensorsAtEpochEnd: number[];
  tensorsBefore: number;
  tensorsAfter: number;
  /** Validation predictions of the trained model, read before disposal. */
  valPredictions: Float32Array;
}

async function run(
  model: Partial<ModelSettings>,
  data: TrainInputs,
  cfg: Partial<TrainConfig> = {},
  extra: TrainCallbacks = {},
): Promise<RunResult> {
  const tensorsBefore = tf.memory().numTensors;
  const m = modelFor(model, data, cfg.seed ?? 1);
  const batches: BatchRecord[] = [];
  const epochs: EpochRecord[] = [];
  const tensorsAtEpochEnd: number[] = [];
  const outcome = await trainModel(m, data, config(cfg), {
    ...extra,
    onBatchEnd: (r) => batches.push(r),
    onEpochEnd: (r) => {
      epochs.push(r);
      tensorsAtEpochEnd.push(tf.memory().numTensors);
    },
  });
  const valPredictions = await predictValues(m, data.val, data.shape);
  m.dispose();
  // Metric read-backs settle asynchronously; give them a turn before counting.
  await new Promise((r) => setTimeout(r, 0));
  return { outcome, batches, epochs, tensorsAtEpochEnd, tensorsBefore, tensorsAfter: tf.memory().numTensors, valPredictions };
}

function expectNoLeaks(r: RunResult): void {
  expect(r.tensorsAtEpochEnd.length).toBeGreaterThanOrEqual(2);
  expect(new Set(r.tensorsAtEpochEnd).size).toBe(1);
  expect(r.tensorsAfter).toBe(r.tensorsBefore);
}

const withoutTimes = (h: EpochRecord[]) => h.map(({ ms: _ms, ...rest }) => rest);

/** The target functions, written out again here so the generators are checked against the brief's formulas. */
const BUMP_CENTRES = [
  [-2 / 3, 5 / 12, 1],
  [0, 5 / 12, -1],
  [2 / 3, 5 / 12, 1],
  [-2 / 3, -5 / 12, -1],
  [0, -5 / 12, 1],
  [2 / 3, -5 / 12, -1],
];
const FORMULAS: Record<RegressionId, (x: number[]) => number> = {
  sine: ([a]) => Math.sin(1.5 * Math.PI * a),
  plane: ([a, b]) => (a + b) / 2,
  bumps: ([a, b]) => BUMP_CENTRES.reduce((s, [cx, cy, sign]) => s + sign * Math.exp(-((a - cx) ** 2 + (b - cy) ** 2) / (2 * 0.2 ** 2)), 0),
};

const row = (ds: Dataset, i: number): number[] => Array.from(ds.x.subarray(i * ds.shape[0], (i + 1) * ds.shape[0]));

// ---------------------------------------------------------------- generators

describe('makeRegressionDataset', () => {
  describe.each(REGRESSION_IDS.map((id) => [id]))('%s', (id: RegressionId) => {
    const dims = id === 'sine' ? 1 : 2;

    it('has the regression shape: inputs in [-1, 1], zero labels, one class named value', () => {
      const ds = makeRegressionDataset(id, { samples: 300, noise: 0.2, seed: 4 });
      expect(ds).toMatchObject({ id, kind: 'points', shape: [dims], count: 300, classNames: ['value'], task: 'regression' });
      expect(taskOf(ds)).toBe('regression');
      expect(ds.x).toHaveLength(300 * dims);
      expect(ds.targets).toHaveLength(300);
      expect(Array.from(ds.y).every((v) => v === 0)).toBe(true);
      for (const v of ds.x) expect(v >= -1 && v <= 1).toBe(true);
      for (const t of ds.targets!) expect(Number.isFinite(t)).toBe(true);
      // Inputs spread over the whole range, not bunched up.
      expect(Math.min(...ds.x)).toBeLessThan(-0.9);
      expect(Math.max(...ds.x)).toBeGreaterThan(0.9);
    });

    it('is deterministic per seed and differs between seeds', () => {
      const a = makeRegressionDataset(id, { samples: 100, noise: 0.3, seed: 9 });
      const b = makeRegressionDataset(id, { samples: 100, noise: 0.3, seed: 9 });
      const c = makeRegressionDataset(id, { samples: 100, noise: 0.3, seed: 10 });
      expect(b.x).toEqual(a.x);
      expect(b.targets).toEqual(a.targets);
      expect(c.x).not.toEqual(a.x);
    });

    it('with noise 0 gives exactly the formula values, all in [-1, 1]', () => {
      const ds = makeRegressionDataset(id, { samples: 500, noise: 0, seed: 5 });
      for (let i = 0; i < ds.count; i++) {
        const t = ds.targets![i];
        expect(t).toBeCloseTo(FORMULAS[id](row(ds, i)), 6);
        expect(t).toBe(Math.fround(regressionTarget(id, row(ds, i))));
        expect(Math.abs(t)).toBeLessThanOrEqual(1);
      }
      // The targets use most of [-1, 1].
      expect(Math.max(...ds.targets!) - Math.min(...ds.targets!)).toBeGreaterThan(1.5);
    });

    it('noise moves the targets only, by N(0, (0.5 · noise)²)', () => {
      const clean = makeRegressionDataset(id, { samples: 4000, noise: 0, seed: 6 });
      const noisy = makeRegressionDataset(id, { samples: 4000, noise: 0.4, seed: 6 });
      expect(noisy.x).toEqual(clean.x);
      const residuals = Array.from(noisy.targets!, (t, i) => t - clean.targets![i]);
      const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
      expect(Math.abs(mean)).toBeLessThan(0.02);
      expect(Math.sqrt(variance(residuals))).toBeCloseTo(TARGET_NOISE_SD * 0.4, 1);
      // Still roughly in [-1, 1]: five σ of noise at most.
      for (const t of noisy.targets!) expect(Math.abs(t)).toBeLessThan(1 + 5 * TARGET_NOISE_SD * 0.4);
    });
  });

  it("the plane is linear and the bumps alternate in sign on Playground's grid", () => {
    expect(regressionTarget('plane', [1, 1])).toBe(1);
    expect(regressionTarget('plane', [-1, 0.5])).toBe(-0.25);
    expect(regressionTarget('sine', [1 / 3])).toBeCloseTo(1, 12);
    expect(regressionTarget('bumps', [-2 / 3, 5 / 12])).toBeGreaterThan(0.99);
    expect(regressionTarget('bumps', [0, 5 / 12])).toBeLessThan(-0.99);
    expect(Math.abs(regressionTarget('bumps', [-1, -1]))).toBeLessThan(0.01);
  });

  it('is reached through the registry and the schema knows which ids are regression', async () => {
    const noFetch = () => Promise.reject(new Error('no assets in this test'));
    const s = { ...defaultSettings(), dataset: 'bumps' as const, samples: 50, noise: 0.1, seed: 2 };
    const ds = await loadDataset(s, noFetch);
    expect(ds.targets).toEqual(makeRegressionDataset('bumps', { samples: 50, noise: 0.1, seed: 2 }).targets);
    expect(DATASET_IDS.filter(isRegressionDataset)).toEqual(['sine', 'plane', 'bumps', 'diabetes']);
    expect(DATASET_IDS.filter(isImageDataset)).toEqual(['digits', 'fashion', 'shapes', 'images']);
    expect(taskOf(makeToyDataset('xor', { samples: 20, noise: 0, classes: 2, seed: 1 }))).toBe('classification');
  });
});

// ---------------------------------------------------------------- split

describe('splitting a regression dataset', () => {
  const ds = makeRegressionDataset('sine', { samples: 301, noise: 0.1, seed: 1 });

  it('is a disjoint, complete, seeded random split; label noise does nothing to one class', () => {
    const s = splitDataset(ds, { ...SPLIT, labelNoise: 0.5 });
    const all = [...s.train, ...s.val, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: ds.count }, (_, i) => i));
    expect([s.train.length, s.val.length, s.test.length]).toEqual([181, 60, 60]);
    expect(s.noisyLabels).toBe(0);
    expect(Array.from(s.trainLabels).every((v) => v === 0)).toBe(true);
    expect(splitDataset(ds, { ...SPLIT, labelNoise: 0.5 })).toEqual(s);
    expect(splitDataset(ds, { ...SPLIT, seed: 4 }).test).not.toEqual(s.test);
    // Not a slice of the generation order.
    expect(Array.from(s.test).some((v, i) => i > 0 && v < s.test[i - 1])).toBe(true);
  });

  it('keeps the test split fixed when train size changes, and caps the train split', () => {
    const full = splitDataset(ds, SPLIT);
    const capped = splitDataset(ds, { ...SPLIT, trainSize: 50 });
    expect(capped.test).toEqual(full.test);
    expect(capped.train).toHaveLength(50);
  });

  it('the default settings apply no imbalance (a minority share would subsample the one class)', () => {
    expect(splitOptionsFor(defaultSettings(), 1).imbalance).toBeUndefined();
  });

  it("gatherTargets copies the rows' targets and refuses a classification dataset", () => {
    const idx = Int32Array.from([5, 0, 300]);
    expect(Array.from(gatherTargets(ds, idx))).toEqual([ds.targets![5], ds.targets![0], ds.targets![300]]);
    expect(() => gatherTargets(makeToyDataset('xor', { samples: 20, noise: 0, classes: 2, seed: 1 }), idx)).toThrow(
      /no regression targets/,
    );
  });
});

// ---------------------------------------------------------------- model

describe('buildModel for regression', () => {
  const built: tf.LayersModel[] = [];
  afterEach(() => {
    for (const m of built.splice(0)) m.dispose();
  });
  const build = (patch: Partial<ModelSettings>, shape: number[], numClasses = 7) => {
    const m = buildModel({ ...defaultSettings(), ...patch }, { shape, numClasses, task: 'regression' });
    built.push(m);
    return m;
  };
  const head = (m: tf.LayersModel) => m.layers[m.layers.length - 1].getConfig();

  it('ends in one linear unit whatever numClasses says', () => {
    const m = build({ model: 'mlp', hidden: [8] }, [2]);
    expect(m.outputs[0].shape).toEqual([null, 1]);
    expect(head(m)).toMatchObject({ units: 1, activation: 'linear' });
    expect(m.countParams()).toBe(2 * 8 + 8 + 8 * 1 + 1);
  });

  it('without hidden layers is linear regression (3 parameters on 2 inputs); on 1 input, 1·16+16+16+1', () => {
    expect(build({ model: 'mlp', hidden: [] }, [2]).countParams()).toBe(3);
    expect(build({ model: 'mlp', hidden: [16] }, [1]).countParams()).toBe(16 + 16 + 16 + 1);
  });

  it('a CNN gets the same head, and classification keeps its softmax', () => {
    const cnn = build({ model: 'cnn', conv: [{ filters: 4, pool: true }], dense: [8], kernel: 3 }, [8, 8, 1]);
    expect(head(cnn)).toMatchObject({ units: 1, activation: 'linear' });
    const cls = buildModel({ ...defaultSettings(), model: 'mlp', hidden: [8] }, { shape: [2], numClasses: 3 });
    built.push(cls);
    expect(head(cls)).toMatchObject({ units: 3, activation: 'softmax' });
  });
});

// ---------------------------------------------------------------- training

describe('trainModel for regression', () => {
  it('fits the noise-free plane: validation R² > 0.9, with R² in acc/val_acc and MSE in loss/val_loss', async () => {
    const r = await run(MLP, PLANE, { epochs: 15 });
    expect(r.outcome.status).toBe('done');
    const h = r.outcome.history;
    expect(h).toHaveLength(15);
    for (const rec of h) {
      expect(rec.val_confusion).toBeNull();
      for (const v of [rec.loss, rec.acc, rec.val_loss, rec.val_acc]) expect(Number.isFinite(v)).toBe(true);
    }
    const last = h[h.length - 1];
    expect(last.val_acc).toBeGreaterThan(0.9);
    expect(last.acc).toBeGreaterThan(0.9);
    expect(last.loss).toBeLessThan(h[0].loss);
    // The last epoch's validation numbers are regressionMetrics of the final model's predictions.
    const m = regressionMetrics(PLANE.val.targets!, r.valPredictions);
    expect(last.val_loss).toBeCloseTo(m.mse, 6);
    expect(last.val_acc).toBeCloseTo(m.r2, 6);
  });

  it('with regLoss mae minimises and reports the mean absolute error', async () => {
    const r = await run(MLP, PLANE, { epochs: 15, regLoss: 'mae' });
    expect(r.outcome.status).toBe('done');
    const last = r.outcome.history[r.outcome.history.length - 1];
    const m = regressionMetrics(PLANE.val.targets!, r.valPredictions);
    expect(last.val_loss).toBeCloseTo(m.mae, 6);
    expect(last.val_acc).toBeCloseTo(m.r2, 6);
    expect(last.val_acc).toBeGreaterThan(0.9);
    // A different loss takes different steps.
    const mse = await run(MLP, PLANE, { epochs: 1 });
    expect(r.batches[0].loss).not.toBe(mse.batches[0].loss);
  });

  it('batch acc is 1 − MSE / Var(train targets), worked out by hand for a one-batch epoch', async () => {
    // One batch holding the whole training split: its MSE is that of the initial model, before the step.
    const data = SINE;
    const m0 = modelFor(MLP, data);
    const p = await predictValues(m0, data.train, data.shape);
    m0.dispose();
    const t = data.train.targets!;
    const mse = p.reduce((s, v, i) => s + (v - t[i]) ** 2, 0) / t.length;
    const mae = p.reduce((s, v, i) => s + Math.abs(v - t[i]), 0) / t.length;
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const varT = t.reduce((s, v) => s + (v - mean) ** 2, 0) / t.length;

    for (const regLoss of ['mse', 'mae'] as const) {
      const r = await run(MLP, data, { epochs: 1, batchSize: 1000, regLoss });
      expect(r.batches).toHaveLength(1);
      const [b] = r.batches;
      expect(b.size).toBe(data.train.count);
      expect(b.loss).toBeCloseTo(regLoss === 'mse' ? mse : mae, 5);
      expect(b.acc).toBeCloseTo(1 - mse / varT, 5);
      expect(r.outcome.history[0].acc).toBe(b.acc);
      expect(r.outcome.history[0].loss).toBe(b.loss);
    }
  });

  it('the epoch acc is the size-weighted mean of batch R², i.e. 1 − mean MSE / Var', async () => {
    const r = await run(MLP, SINE, { epochs: 2 });
    const varT = variance(SINE.train.targets!);
    for (const b of r.batches) expect(b.acc).toBeCloseTo(1 - b.loss / varT, 5);
    for (const e of r.outcome.history) {
      const bs = r.batches.filter((b) => b.epoch === e.epoch);
      expect(bs.reduce((s, b) => s + b.size, 0)).toBe(SINE.train.count);
      expect(e.acc).toBeCloseTo(bs.reduce((s, b) => s + b.acc * b.size, 0) / SINE.train.count, 10);
      expect(e.acc).toBeCloseTo(1 - e.loss / varT, 5);
    }
  });

  it('is reproducible from the seed, and class weights do not apply', async () => {
    const a = await run({ ...MLP, dropout: true, dropoutRate: 0.2 }, SINE, { epochs: 2 });
    const b = await run({ ...MLP, dropout: true, dropoutRate: 0.2 }, SINE, { epochs: 2, classWeights: true });
    expect(withoutTimes(b.outcome.history)).toEqual(withoutTimes(a.outcome.history));
    const c = await run(MLP, SINE, { epochs: 2, seed: 2 });
    expect(c.batches.map((x) => x.loss)).not.toEqual(a.batches.map((x) => x.loss));
  });

  it('reports NaN validation numbers without a validation split', async () => {
    const noVal = { ...SINE, val: { x: new Float32Array(0), y: new Int32Array(0), count: 0 } };
    const r = await run(MLP, noVal, { epochs: 1 });
    expect(r.valPredictions).toHaveLength(0);
    expect(r.outcome.history[0].val_loss).toBeNaN();
    expect(r.outcome.history[0].val_acc).toBeNaN();
    expect(r.outcome.history[0].val_confusion).toBeNull();
  });

  it('refuses to train without targets', async () => {
    const m = modelFor(MLP, SINE);
    const { targets: _t, ...bare } = SINE.train;
    await expect(trainModel(m, { ...SINE, train: bare }, config())).rejects.toThrow(/needs targets/);
    m.dispose();
  });
});

describe('trainModel for regression: memory and divergence', () => {
  it('keeps the tensor count constant across epochs and frees everything (mse, mae, dropout + L2)', async () => {
    expectNoLeaks(await run(MLP, SINE, { epochs: 3 }));
    expectNoLeaks(await run(MLP, SINE, { epochs: 3, regLoss: 'mae', optimizer: 'sgd', lr: 0.1 }));
    expectNoLeaks(await run({ ...MLP, dropout: true, dropoutRate: 0.3, l2: true, l2Lambda: 0.01 }, SINE, { epochs: 3 }));
  });

  it('a loss that becomes non-finite ends the run as diverged, freeing everything', async () => {
    const r = await run({ ...MLP, activation: 'relu' }, SINE, { epochs: 3, optimizer: 'sgd', lr: 1e38 });
    expect(r.outcome.status).toBe('diverged');
    if (r.outcome.status !== 'diverged') return;
    expect(r.outcome.message).toMatch(/learning rate \(now 1e\+38\)/);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });

  it('a stop mid-epoch frees everything', async () => {
    let polls = 0;
    const r = await run(MLP, SINE, { epochs: 3 }, { shouldStop: () => ++polls >= 3 });
    expect(r.outcome.status).toBe('stopped');
    expect(r.batches).toHaveLength(3);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });

  it('regressionDivergence: above 100 × Var (MSE) or 10 × std (MAE), or non-finite', () => {
    expect(regressionDivergence(100 * 0.25, 'mse', 0.25, 0.01)).toBeNull();
    expect(regressionDivergence(100 * 0.25 + 1e-6, 'mse', 0.25, 0.01)).toMatch(/mean squared error.*learning rate \(now 0.01\)/);
    expect(regressionDivergence(10 * 0.5, 'mae', 0.25, 0.01)).toBeNull();
    expect(regressionDivergence(10 * 0.5 + 1e-6, 'mae', 0.25, 0.01)).toMatch(/mean absolute error/);
    expect(regressionDivergence(NaN, 'mse', 0.25, 0.5)).toMatch(/learning rate/);
    expect(regressionDivergence(Infinity, 'mae', 0.25, 0.5)).toMatch(/learning rate/);
    // Constant targets: no spread to compare with, so the unit scale stands in.
    expect(regressionDivergence(50, 'mse', 0, 0.5)).toBeNull();
  });

  it('rSquaredFromMse follows sklearn on constant targets', () => {
    expect(rSquaredFromMse(0.1, 0.4)).toBeCloseTo(0.75, 12);
    expect(rSquaredFromMse(0, 0)).toBe(1);
    expect(rSquaredFromMse(0.1, 0)).toBe(0);
  });
});

// ---------------------------------------------------------------- test results

describe('makeRegressionResult', () => {
  const targets = Float32Array.from([0.5, -0.25, 1, 0, -1]);
  const predictions = Float32Array.from([0.25, -0.25, 0.5, 0.125, -0.5]);
  const inputs = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  it('has metrics equal to regressionMetrics and the chosen loss', () => {
    const reference = regressionMetrics(targets, predictions);
    const mse = makeRegressionResult(predictions, targets, inputs, 2, 'mse', [9, 8, 7, 6, 5]);
    expect(mse).toEqual({
      task: 'regression',
      count: 5,
      loss: reference.mse,
      lossKind: 'mse',
      metrics: reference,
      targets: Array.from(targets),
      predictions: Array.from(predictions),
      indices: [9, 8, 7, 6, 5],
      inputs: [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
        [9, 10],
      ],
    });
    const mae = makeRegressionResult(predictions, targets, inputs, 2, 'mae');
    expect(mae.loss).toBe(reference.mae);
    expect(mae.indices).toEqual([0, 1, 2, 3, 4]);
    // By hand: errors 0.25, 0, 0.5, 0.125, 0.5.
    expect(reference.mae).toBeCloseTo(1.375 / 5, 12);
  });

  it('keeps 1-D inputs as one-element rows, rejects mismatched lengths, and scores non-finite predictions NaN', () => {
    expect(makeRegressionResult(predictions, targets, inputs.subarray(0, 5), 1, 'mse').inputs).toEqual([[1], [2], [3], [4], [5]]);
    expect(() => makeRegressionResult(predictions, targets, inputs, 1, 'mse')).toThrow(/inputs/);
    expect(() => makeRegressionResult(predictions.subarray(1), targets, inputs, 2, 'mse')).toThrow(/predictions/);
    const blown = makeRegressionResult(Float32Array.from([NaN, 0, 0, 0, 0]), targets, inputs, 2, 'mse');
    expect(blown.loss).toBeNaN();
    expect(blown.metrics.r2).toBeNaN();
    expect(scoreValues([], [], 'mae').loss).toBeNaN();
  });

  it('classification results say so', () => {
    expect(makeTestResult(Float32Array.from([0.9, 0.1]), [0], ['a', 'b']).task).toBe('classification');
  });
});
