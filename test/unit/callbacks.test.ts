import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, splitDataset } from '../../src/core/data/split';
import { makeToyDataset } from '../../src/core/data/toy';
import { buildModel, type ModelSettings } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { EarlyStopping, earlyStopMarks } from '../../src/core/train/callbacks';
import { trainModel, type TrainConfig, type TrainInputs, type TrainOutcome } from '../../src/core/train/loop';
import { ReduceLROnPlateau, scheduledLr, type ScheduleSettings } from '../../src/core/train/schedule';
import type { EpochRecord } from '../../src/core/train/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---------------------------------------------------------------- schedules

const sched = (patch: Partial<ScheduleSettings>): ScheduleSettings => ({
  schedule: 'constant',
  lrEvery: 10,
  lrFactor: 0.5,
  lrDecay: 0.95,
  ...patch,
});
const lrs = (s: ScheduleSettings, epochs: number, lr = 0.1) => Array.from({ length: epochs }, (_, i) => scheduledLr(s, lr, i + 1, epochs));

describe('scheduledLr', () => {
  it('constant (and plateau, which changes it elsewhere) keep the rate', () => {
    expect(lrs(sched({}), 5)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(lrs(sched({ schedule: 'plateau' }), 3)).toEqual([0.1, 0.1, 0.1]);
  });

  it('step multiplies by the factor every N epochs', () => {
    expect(lrs(sched({ schedule: 'step', lrEvery: 2, lrFactor: 0.5 }), 7, 1)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
  });

  it('exp multiplies by the decay every epoch', () => {
    const got = lrs(sched({ schedule: 'exp', lrDecay: 0.9 }), 4, 1);
    [1, 0.9, 0.81, 0.729].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });

  it('cosine starts at lr, halves at mid-run and heads to 0 at the end', () => {
    const got = lrs(sched({ schedule: 'cosine' }), 10, 1);
    expect(got[0]).toBe(1);
    expect(got[5]).toBeCloseTo(0.5, 12); // epoch 6: (6−1)/10 of the way
    expect(got[9]).toBeCloseTo(0.5 * (1 + Math.cos(0.9 * Math.PI)), 12);
    for (let i = 1; i < got.length; i++) expect(got[i]).toBeLessThan(got[i - 1]);
    expect(got[9]).toBeGreaterThan(0);
  });
});

describe('ReduceLROnPlateau (scripted val_loss)', () => {
  it('drops by the factor after `patience` epochs without improvement, then counts again', () => {
    const p = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, minLr: 0 });
    const losses = [1.0, 0.9, 0.95, 0.92, 0.91, 0.85, 0.86, 0.87, 0.88, 0.89];
    // best 0.9 at #2; #3, #4 no better → drop; #5 no better (wait 1); #6 improves; #7, #8 → drop; #9, #10 → drop.
    expect(losses.map((l) => p.update(l))).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125]);
  });

  it('needs more than minDelta (1e-4 by default) to count as better', () => {
    const p = new ReduceLROnPlateau(1, { factor: 0.1, patience: 1, minLr: 0 });
    expect([1, 0.99995].map((l) => p.update(l))).toEqual([1, 0.1]);
  });

  it('never goes below minLr and skips NaN readings', () => {
    const p = new ReduceLROnPlateau(1, { factor: 0.1, patience: 1, minLr: 0.05 });
    expect([1, NaN, 2, 2, 2].map((l) => p.update(l))).toEqual([1, 1, 0.1, 0.05, 0.05]);
  });
});

describe('EarlyStopping (scripted readings)', () => {
  it('val_loss: stops after `patience` epochs without a new minimum, remembering the best epoch', () => {
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 0 });
    expect([0.9, 0.7, 0.8, 0.6, 0.65, 0.61].map((v, i) => es.update(i + 1, v))).toEqual([
      'improved',
      'improved',
      'wait',
      'improved',
      'wait',
      'stop',
    ]);
    expect(es.bestEpoch).toBe(4);
    expect(es.best).toBe(0.6);
  });

  it('val_acc is maximised', () => {
    const es = new EarlyStopping({ monitor: 'val_acc', patience: 1, minDelta: 0 });
    expect([0.5, 0.7, 0.7].map((v, i) => es.update(i + 1, v))).toEqual(['improved', 'improved', 'stop']);
    expect(es.bestEpoch).toBe(2);
  });

  it('an improvement must beat the best by more than minDelta (Keras: current − δ vs best)', () => {
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 0.1 });
    expect([1, 0.95, 0.85, 0.8].map((v, i) => es.update(i + 1, v))).toEqual(['improved', 'wait', 'improved', 'wait']);
    expect(es.bestEpoch).toBe(3);
  });

  it('patience 0 stops at the first epoch that does not improve; NaN readings are skipped', () => {
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 0, minDelta: 0 });
    expect([NaN, 1, 0.5, NaN, 0.5].map((v, i) => es.update(i + 1, v))).toEqual(['wait', 'improved', 'improved', 'wait', 'stop']);
  });
});

// ---------------------------------------------------------------- in the training loop

function toy(): TrainInputs {
  const ds = makeToyDataset('gaussian', { samples: 300, noise: 0.2, classes: 3, seed: 1 });
  const s = splitDataset(ds, { valFraction: 0.2, testFraction: 0.2, trainSize: 0, labelNoise: 0, seed: 1 });
  return { train: gatherRows(ds, s.train, s.trainLabels), val: gatherRows(ds, s.val), shape: ds.shape, numClasses: ds.classNames.length };
}
const TOY = toy();

interface Run {
  outcome: TrainOutcome;
  epochs: EpochRecord[];
  weights: number[];
  /** Weights as they were when each epoch was reported. */
  weightsAt: number[][];
  tensorsBefore: number;
  tensorsAfter: number;
}

async function run(cfg: Partial<TrainConfig>, model: Partial<ModelSettings> = {}): Promise<Run> {
  const tensorsBefore = tf.memory().numTensors;
  const m = buildModel({ ...defaultSettings(), hidden: [16], ...model }, { shape: TOY.shape, numClasses: TOY.numClasses });
  const flat = () => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
  const epochs: EpochRecord[] = [];
  const weightsAt: number[][] = [];
  const outcome = await trainModel(
    m,
    TOY,
    { epochs: 4, batchSize: 32, optimizer: 'adam', lr: 0.03, seed: 1, augment: null, ...cfg },
    {
      onEpochEnd: (r) => {
        epochs.push(r);
        weightsAt.push(flat());
      },
    },
  );
  const weights = flat();
  m.dispose();
  await new Promise((r) => setTimeout(r, 0));
  return { outcome, epochs, weights, weightsAt, tensorsBefore, tensorsAfter: tf.memory().numTensors };
}

describe('trainModel: learning-rate schedules', () => {
  it("records each epoch's scheduled rate in EpochRecord.lr and trains with it", async () => {
    const stepped = await run({ optimizer: 'sgd', lr: 0.2, schedule: 'step', lrEvery: 1, lrFactor: 0.5, epochs: 3 });
    expect(stepped.epochs.map((e) => e.lr)).toEqual([0.2, 0.1, 0.05]);
    const constant = await run({ optimizer: 'sgd', lr: 0.2, epochs: 3 });
    // Epoch 1 trains at the same rate; from epoch 2 on the rates differ, and so do the weights.
    expect(stepped.weightsAt[0]).toEqual(constant.weightsAt[0]);
    expect(stepped.weightsAt[1]).not.toEqual(constant.weightsAt[1]);
    expect(stepped.tensorsAfter).toBe(stepped.tensorsBefore);
  });

  it('exp and cosine rates are recorded per epoch (Nadam, momentum), without leaks', async () => {
    const exp = await run({ optimizer: 'nadam', lr: 0.05, schedule: 'exp', lrDecay: 0.5, epochs: 3 });
    expect(exp.epochs.map((e) => e.lr)).toEqual([0.05, 0.025, 0.0125]);
    const cos = await run({ optimizer: 'momentum', lr: 0.05, schedule: 'cosine', epochs: 4 });
    expect(cos.epochs.map((e) => e.lr)).toEqual([0, 1, 2, 3].map((e) => 0.05 * 0.5 * (1 + Math.cos((Math.PI * e) / 4))));
    expect(cos.tensorsAfter).toBe(cos.tensorsBefore);
  });

  it('plateau: the rates follow ReduceLROnPlateau fed the recorded val_loss', async () => {
    const r = await run({ lr: 0.3, schedule: 'plateau', lrPatience: 1, lrFactor: 0.5, minLr: 0.01, epochs: 6 });
    const replay = new ReduceLROnPlateau(0.3, { factor: 0.5, patience: 1, minLr: 0.01 });
    const expected = [0.3, ...r.epochs.slice(0, -1).map((e) => replay.update(e.val_loss))];
    expect(r.epochs.map((e) => e.lr)).toEqual(expected);
  });
});

describe('trainModel: early stopping', () => {
  it("stops after `patience` epochs without improvement and restores the best epoch's weights", async () => {
    // minDelta 10: nothing after epoch 1 can improve on it by that much, so the run stops at epoch 1 + patience.
    const r = await run({ epochs: 10, earlyStop: true, esMonitor: 'val_loss', esPatience: 2, esMinDelta: 10 });
    expect(r.outcome).toMatchObject({ status: 'done', stoppedEarlyAt: 3, restoredEpoch: 1 });
    expect(r.outcome.history).toHaveLength(3);
    expect(r.outcome.history[2].earlyStop).toEqual({ restoredEpoch: 1 });
    expect(r.outcome.history.slice(0, 2).every((e) => e.earlyStop === undefined)).toBe(true);
    // The weights reported with the stopping epoch, and the final ones, are epoch 1's.
    expect(r.weightsAt[2]).toEqual(r.weightsAt[0]);
    expect(r.weights).toEqual(r.weightsAt[0]);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
    // What LearningCurves marks, read from the history alone.
    expect(earlyStopMarks(r.outcome.history)).toEqual({ stoppedAt: 3, restoredEpoch: 1 });
    expect(earlyStopMarks(r.outcome.history.slice(0, 2))).toBeNull();
  });

  it('without restoring, keeps the last weights and says so', async () => {
    const r = await run({ epochs: 10, earlyStop: true, esMonitor: 'val_acc', esPatience: 1, esMinDelta: 1, esRestore: false });
    expect(r.outcome.status).toBe('done');
    if (r.outcome.status !== 'done') return;
    expect(r.outcome.stoppedEarlyAt).toBe(2);
    expect(r.outcome.restoredEpoch).toBeUndefined();
    expect(r.outcome.history[1].earlyStop).toEqual({ restoredEpoch: null });
    expect(r.weights).toEqual(r.weightsAt[1]);
    expect(r.weights).not.toEqual(r.weightsAt[0]);
  });

  it('restores the real best epoch: the one with the lowest val_loss before the stop', async () => {
    const r = await run({ epochs: 30, lr: 0.3, earlyStop: true, esPatience: 2, esMinDelta: 0 });
    const h = r.outcome.history;
    if (r.outcome.status === 'done' && r.outcome.stoppedEarlyAt) {
      const best = h.reduce((b, e) => (e.val_loss < b.val_loss ? e : b));
      expect(r.outcome.restoredEpoch).toBe(best.epoch);
      expect(r.weights).toEqual(r.weightsAt[best.epoch - 1]);
      expect(h.length - best.epoch).toBe(2);
    } else {
      expect(h).toHaveLength(30); // never stalled for 2 epochs: ran to the end, no fields set
      expect(r.outcome).not.toHaveProperty('stoppedEarlyAt');
    }
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });

  it('off by default: a full run, no early-stopping fields', async () => {
    const r = await run({ epochs: 3 });
    expect(r.outcome).toEqual({ status: 'done', history: r.epochs });
    expect(r.epochs.every((e) => !('earlyStop' in e))).toBe(true);
  });
});

describe('trainModel: new model knobs train without leaks', () => {
  it.each([
    ['batch norm + leaky ReLU + He init + L1', { batchNorm: true, activation: 'leaky', init: 'heNormal', l1: true }],
    ['PReLU + SELU-style LeCun init + L1+L2', { activation: 'prelu', init: 'lecunNormal', l1: true, l2: true }],
  ] as const)('%s', async (_name, model) => {
    const r = await run({ epochs: 2, optimizer: 'adadelta', lr: 1 }, model);
    expect(r.outcome.status).toBe('done');
    expect(r.epochs.every((e) => Number.isFinite(e.loss) && Number.isFinite(e.val_loss))).toBe(true);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });

  it('batch norm updates its moving statistics while training', async () => {
    const m = buildModel({ ...defaultSettings(), hidden: [8], batchNorm: true }, { shape: TOY.shape, numClasses: TOY.numClasses });
    const movingMean = () => Array.from(m.layers[1].getWeights()[2].dataSync());
    expect(movingMean().every((v) => v === 0)).toBe(true);
    await trainModel(m, TOY, { epochs: 1, batchSize: 32, optimizer: 'adam', lr: 0.03, seed: 1, augment: null });
    expect(movingMean().some((v) => v !== 0)).toBe(true);
    m.dispose();
  });
});
