import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classCounts, gatherRows, splitDataset, splitOptionsFor, type SplitOptions, type SplitSettings } from '../../src/core/data/split';
import { makeToyDataset } from '../../src/core/data/toy';
import { regressionMetrics } from '../../src/core/metrics';
import { buildModel } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { buildMetricsExport, type RegressionExport } from '../../src/core/report/metrics-export';
import { predictProbabilities, scoreProbabilities } from '../../src/core/train/evaluate';
import { balancedClassWeights, trainModel, type TrainConfig, type TrainInputs } from '../../src/core/train/loop';
import {
  confidenceOf,
  examplesInCell,
  makeRegressionResult,
  makeTestResult,
  misclassifiedByConfidence,
} from '../../src/core/train/test-result';
import type { BatchRecord, SplitArrays } from '../../src/core/train/types';
import type { Dataset } from '../../src/core/types';
import { analyse, boundaryFor, disposeSession, type TrainedSession } from '../../src/worker/session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---------------------------------------------------------------- helpers

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((p, q) => p - q);
const all = (ds: Dataset) => Int32Array.from({ length: ds.count }, (_, i) => i);

/** Three classes of 40 / 30 / 30 samples; row i is [i, −i], so a row tells its index. */
function threeClasses(): Dataset {
  const sizes = [40, 30, 30];
  const y = Int32Array.from(sizes.flatMap((n, k) => new Array<number>(n).fill(k)));
  const x = Float32Array.from({ length: y.length * 2 }, (_, j) => (j % 2 ? -(j >> 1) : j >> 1));
  return { id: 'test', kind: 'points', shape: [2], count: y.length, x, y, classNames: ['a', 'b', 'c'] };
}

const BASE: SplitOptions = { valFraction: 0.2, testFraction: 0.2, trainSize: 0, labelNoise: 0, seed: 11 };

/** The indices of class k in a set. */
const ofClass = (ds: Dataset, idx: Int32Array, k: number) => sorted(Array.from(idx).filter((i) => ds.y[i] === k));

// ---------------------------------------------------------------- 1. split imbalance

describe('splitDataset with imbalance', () => {
  const ds = threeClasses();

  it('keeps round(n_k · share) of the minority class across train + val + test, others untouched', () => {
    // Class 1 has 30 samples; 0.2 keeps round(6) = 6, cut per class: test round(1.2) = 1, val 1, train 4.
    const s = splitDataset(ds, { ...BASE, imbalance: { classIndex: 1, share: 0.2 } });
    expect(classCounts(ds, s.test)).toEqual([8, 1, 6]);
    expect(classCounts(ds, s.val)).toEqual([8, 1, 6]);
    expect(classCounts(ds, s.train)).toEqual([24, 4, 18]);
    const union = [...s.train, ...s.val, ...s.test];
    expect(new Set(union).size).toBe(union.length); // disjoint
    expect(classCounts(ds, Int32Array.from(union))).toEqual([40, 6, 30]);
    // Share 0.25 of 30 is 7.5: rounds to 8 (test 2, val 2, train 4).
    const q = splitDataset(ds, { ...BASE, imbalance: { classIndex: 1, share: 0.25 } });
    expect(classCounts(ds, Int32Array.from([...q.train, ...q.val, ...q.test]))).toEqual([40, 8, 30]);
    expect(classCounts(ds, q.test)[1]).toBe(2);
  });

  it('leaves every other class with exactly the samples of the balanced split', () => {
    const plain = splitDataset(ds, BASE);
    const imb = splitDataset(ds, { ...BASE, imbalance: { classIndex: 1, share: 0.2 } });
    for (const k of [0, 2]) {
      expect(ofClass(ds, imb.train, k)).toEqual(ofClass(ds, plain.train, k));
      expect(ofClass(ds, imb.val, k)).toEqual(ofClass(ds, plain.val, k));
      expect(ofClass(ds, imb.test, k)).toEqual(ofClass(ds, plain.test, k));
    }
    // The minority keeps a subset of its own samples.
    const kept = [...imb.train, ...imb.val, ...imb.test].filter((i) => ds.y[i] === 1);
    for (const i of kept) expect(i >= 40 && i < 70).toBe(true);
  });

  it('keeps at least one sample however small the share, and share 1 changes nothing', () => {
    // 30 · 0.01 = 0.3 rounds to 0, raised to 1; one sample has round(0.2) = 0 test and val, so it trains.
    const s = splitDataset(ds, { ...BASE, imbalance: { classIndex: 2, share: 0.01 } });
    expect(classCounts(ds, s.train)[2]).toBe(1);
    expect(classCounts(ds, s.val)[2]).toBe(0);
    expect(classCounts(ds, s.test)[2]).toBe(0);
    expect(classCounts(ds, s.train)[0]).toBe(24);
    const one = splitDataset(ds, { ...BASE, imbalance: { classIndex: 1, share: 1 } });
    const plain = splitDataset(ds, BASE);
    expect(Array.from(one.train)).toEqual(Array.from(plain.train));
    expect(Array.from(one.val)).toEqual(Array.from(plain.val));
    expect(Array.from(one.test)).toEqual(Array.from(plain.test));
  });

  it('is deterministic per seed, and the seed picks which minority samples survive', () => {
    const o = { ...BASE, imbalance: { classIndex: 0, share: 0.1 } };
    const a = splitDataset(ds, o);
    const b = splitDataset(ds, o);
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.val)).toEqual(Array.from(b.val));
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    const keptA = [...a.train, ...a.val, ...a.test].filter((i) => ds.y[i] === 0);
    expect(keptA).toHaveLength(4); // round(40 · 0.1)
    const c = splitDataset(ds, { ...o, seed: 12 });
    const keptC = [...c.train, ...c.val, ...c.test].filter((i) => ds.y[i] === 0);
    expect(keptC).toHaveLength(4);
    expect(sorted(keptC)).not.toEqual(sorted(keptA));
  });

  it('keeps the minority stratified when the train size is capped', () => {
    const s = splitDataset(ds, { ...BASE, trainSize: 23, imbalance: { classIndex: 1, share: 0.2 } });
    // Train pool 24 / 4 / 18 (46): the cap 23 takes exactly half of each class.
    expect(classCounts(ds, s.train)).toEqual([12, 2, 9]);
    expect(classCounts(ds, s.test)).toEqual([8, 1, 6]);
  });
});

describe('splitOptionsFor', () => {
  const settings = (patch: Partial<SplitSettings> = {}): SplitSettings => ({
    val: 0.15,
    test: 0.25,
    trainSize: 100,
    labelNoise: 0.1,
    minorityShare: 0.3,
    minorityClass: 1,
    seed: 5,
    ...patch,
  });

  it('maps every setting to its split option', () => {
    expect(splitOptionsFor(settings(), 3)).toEqual({
      valFraction: 0.15,
      testFraction: 0.25,
      trainSize: 100,
      labelNoise: 0.1,
      imbalance: { classIndex: 1, share: 0.3 },
      seed: 5,
    });
  });

  it('has no imbalance at share 1 or with fewer than two classes', () => {
    expect(splitOptionsFor(settings({ minorityShare: 1 }), 3).imbalance).toBeUndefined();
    expect(splitOptionsFor(settings(), 1).imbalance).toBeUndefined();
    expect(splitOptionsFor(settings(), 2).imbalance).toEqual({ classIndex: 1, share: 0.3 });
  });

  it('clamps the minority class to the last class', () => {
    expect(splitOptionsFor(settings({ minorityClass: 9 }), 3).imbalance).toEqual({ classIndex: 2, share: 0.3 });
    expect(splitOptionsFor(settings({ minorityClass: 2 }), 2).imbalance).toEqual({ classIndex: 1, share: 0.3 });
    expect(splitOptionsFor(settings({ minorityClass: 0 }), 5).imbalance).toEqual({ classIndex: 0, share: 0.3 });
  });

  it('drives splitDataset with the defaults as a balanced split', () => {
    const ds = threeClasses();
    const d = defaultSettings();
    const o = splitOptionsFor(d, 3);
    expect(o.imbalance).toBeUndefined(); // default share is 1
    const s = splitDataset(ds, o);
    expect(classCounts(ds, Int32Array.from([...s.train, ...s.val, ...s.test]))).toEqual(classCounts(ds, all(ds)));
  });
});

// ---------------------------------------------------------------- 2. class weights

describe('balancedClassWeights', () => {
  it("equals scikit-learn's compute_class_weight('balanced') = n / (K · n_k)", () => {
    const w = balancedClassWeights([0, 0, 0, 1], 2);
    expect(w[0]).toBeCloseTo(4 / 6, 15);
    expect(w[1]).toBe(2);
    // sklearn: y = [0,1,1,2,2,2] → 6 / (3 · [1,2,3]) = [2, 1, 2/3]
    const v = balancedClassWeights(Int32Array.from([2, 1, 0, 2, 1, 2]), 3);
    expect(v[0]).toBe(2);
    expect(v[1]).toBe(1);
    expect(v[2]).toBeCloseTo(2 / 3, 15);
  });

  it('gives an absent class 0 and every present class the same total weight n / K, K counting present classes', () => {
    // scikit-learn: compute_class_weight('balanced', classes=np.unique(y), y=y) with y = [0,0,2,2,2,2] → [1.5, 0.75].
    const labels = [0, 0, 2, 2, 2, 2];
    const w = balancedClassWeights(labels, 3);
    expect(w).toHaveLength(3);
    expect(w[1]).toBe(0);
    expect(w[0]).toBeCloseTo(6 / (2 * 2), 15);
    expect(w[2]).toBeCloseTo(6 / (2 * 4), 15);
    const totals = [0, 1, 2].map((k) => labels.filter((y) => y === k).length * w[k]);
    expect(totals[0]).toBeCloseTo(3, 12);
    expect(totals[2]).toBeCloseTo(3, 12);
    // Balanced labels weigh 1 each.
    expect(balancedClassWeights([0, 1, 2, 0, 1, 2], 3)).toEqual([1, 1, 1]);
  });
});

describe('trainModel with classWeights', () => {
  // Two heavily overlapping blobs (sd 2.5 at distance 5); class 1 cut to 10 %.
  const ds = makeToyDataset('gaussian', { samples: 800, noise: 0.8, classes: 2, seed: 3 });
  const split = splitDataset(ds, {
    valFraction: 0.1,
    testFraction: 0.3,
    trainSize: 0,
    labelNoise: 0,
    seed: 3,
    imbalance: { classIndex: 1, share: 0.1 },
  });
  const data: TrainInputs = {
    train: gatherRows(ds, split.train, split.trainLabels),
    val: gatherRows(ds, split.val),
    shape: [2],
    numClasses: 2,
  };
  const test = gatherRows(ds, split.test);
  /** A fresh balanced draw of the same two blobs: 300 minority samples to measure recall on. */
  const fresh = makeToyDataset('gaussian', { samples: 600, noise: 0.8, classes: 2, seed: 99 });
  const freshRows = gatherRows(fresh, all(fresh));

  const cfg = (patch: Partial<TrainConfig>): TrainConfig => ({
    epochs: 8,
    batchSize: 32,
    optimizer: 'adam',
    lr: 0.03,
    seed: 1,
    augment: null,
    ...patch,
  });

  const recall = (probs: Float32Array, y: Int32Array, k: number) => {
    const { predictions } = scoreProbabilities(probs, y, 2);
    let hit = 0;
    let n = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== k) continue;
      n++;
      if (predictions[i] === k) hit++;
    }
    return hit / n;
  };

  async function trainRun(patch: Partial<TrainConfig>) {
    const before = tf.memory().numTensors;
    const m = buildModel({ ...defaultSettings(), model: 'mlp', hidden: [8], seed: 1 }, { shape: [2], numClasses: 2 });
    const batches: BatchRecord[] = [];
    const outcome = await trainModel(m, data, cfg(patch), { onBatchEnd: (r) => batches.push(r) });
    const testProbs = await predictProbabilities(m, test, [2]);
    const freshProbs = await predictProbabilities(m, freshRows, [2]);
    const trainProbs = await predictProbabilities(m, data.train, [2]);
    m.dispose();
    await new Promise((r) => setTimeout(r, 0));
    expect(tf.memory().numTensors).toBe(before);
    return { outcome, batches, testProbs, freshProbs, trainProbs };
  }

  it('splits the data as asked: about 10 % minority in every split', () => {
    expect(classCounts(ds, split.train)[1] + classCounts(ds, split.val)[1] + classCounts(ds, split.test)[1]).toBe(40);
    expect(classCounts(ds, split.test)).toEqual([120, 12]);
  });

  it('raises the minority recall on held-out data compared with the same unweighted run', async () => {
    const plain = await trainRun({});
    const weighted = await trainRun({ classWeights: true });
    expect(plain.outcome.status).toBe('done');
    expect(weighted.outcome.status).toBe('done');
    const rTest = [recall(plain.testProbs, test.y, 1), recall(weighted.testProbs, test.y, 1)];
    const rFresh = [recall(plain.freshProbs, freshRows.y, 1), recall(weighted.freshProbs, freshRows.y, 1)];
    expect(rTest[1]).toBeGreaterThan(rTest[0]);
    expect(rFresh[1]).toBeGreaterThan(rFresh[0] + 0.2);
    // The price: the majority's recall goes down.
    expect(recall(weighted.freshProbs, freshRows.y, 0)).toBeLessThan(recall(plain.freshProbs, freshRows.y, 0));
  });

  it('reports the unweighted cross-entropy as the epoch loss', async () => {
    // With a learning rate of ~0 the model barely moves: weighted and unweighted runs must report the same loss.
    const plain = await trainRun({ epochs: 1, lr: 1e-9 });
    const weighted = await trainRun({ epochs: 1, lr: 1e-9 });
    const weightedOn = await trainRun({ epochs: 1, lr: 1e-9, classWeights: true });
    expect(plain.outcome.history[0].loss).toBe(weighted.outcome.history[0].loss); // deterministic
    // The first batch is scored before any update: identical to the last bit.
    expect(weightedOn.batches[0].loss).toBe(plain.batches[0].loss);
    expect(weightedOn.outcome.history[0].loss).toBeCloseTo(plain.outcome.history[0].loss, 6);
    // … and it is the plain mean cross-entropy over the training set, not the class-weighted one.
    const ce = scoreProbabilities(weightedOn.trainProbs, data.train.y, 2).loss;
    expect(weightedOn.outcome.history[0].loss).toBeCloseTo(ce, 4);
    const w = balancedClassWeights(data.train.y, 2);
    let weightedSum = 0;
    for (let i = 0; i < data.train.count; i++) {
      const p = weightedOn.trainProbs[2 * i + data.train.y[i]];
      weightedSum -= w[data.train.y[i]] * Math.log(p);
    }
    // Sanity: the weighted mean is measurably different, so the check above can tell them apart.
    expect(Math.abs(weightedSum / data.train.count - ce)).toBeGreaterThan(1e-3);
  });
});

// ---------------------------------------------------------------- 3. test-result helpers

describe('confidenceOf, examplesInCell, misclassifiedByConfidence', () => {
  // 3 classes, 8 samples: (probabilities, true label) → predicted, confidence
  const rows: [number[], number][] = [
    [[0.7, 0.2, 0.1], 0], // 0: pred 0, 0.7, right
    [[0.1, 0.6, 0.3], 2], // 1: pred 1, 0.6, wrong
    [[0.2, 0.2, 0.6], 2], // 2: pred 2, 0.6, right
    [[0.1, 0.9, 0.0], 2], // 3: pred 1, 0.9, wrong
    [[0.5, 0.3, 0.2], 1], // 4: pred 0, 0.5, wrong
    [[0.1, 0.6, 0.3], 2], // 5: pred 1, 0.6, wrong (ties with 1)
    [[0.8, 0.1, 0.1], 0], // 6: pred 0, 0.8, right
    [[0.4, 0.4, 0.2], 1], // 7: pred 0 (tie → lower class), 0.4, wrong
  ];
  const probs = Float32Array.from(rows.flatMap(([p]) => p));
  const labels = rows.map(([, y]) => y);
  const indices = [42, 7, 19, 3, 88, 61, 0, 25];
  const t = makeTestResult(probs, labels, ['a', 'b', 'c'], indices);

  it('builds the result: predictions, flat probabilities, carried indices, confusion matrix', () => {
    expect(t.count).toBe(8);
    expect(t.predictions).toEqual([0, 1, 2, 1, 0, 1, 0, 0]);
    expect(t.probabilities).toHaveLength(8 * 3);
    expect(Array.isArray(t.probabilities)).toBe(true);
    expect(t.probabilities).toEqual(Array.from(probs));
    expect(t.indices).toEqual(indices);
    expect(t.labels).toEqual(labels);
    expect(t.accuracy).toBe(3 / 8);
    expect(t.confusionMatrix).toEqual([
      [2, 0, 0],
      [2, 0, 0],
      [0, 3, 1],
    ]);
    // Mean −ln p(true) with p clipped at 1e-7 (sample 3 gave its true class 0).
    const pTrue = [0.7, 0.3, 0.6, 1e-7, 0.3, 0.3, 0.8, 0.4].map(Math.fround);
    pTrue[3] = 1e-7;
    expect(t.loss).toBeCloseTo(pTrue.reduce((s, p) => s - Math.log(p), 0) / 8, 5);
    // Default indices are the positions.
    expect(makeTestResult(probs, labels, ['a', 'b', 'c']).indices).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('confidenceOf is the probability of the predicted class', () => {
    const expected = [0.7, 0.6, 0.6, 0.9, 0.5, 0.6, 0.8, 0.4].map(Math.fround);
    expected.forEach((c, i) => expect(confidenceOf(t, i)).toBe(c));
  });

  it('examplesInCell lists the positions of one cell, most confident first, ties by position', () => {
    expect(examplesInCell(t, 2, 1)).toEqual([3, 1, 5]);
    expect(examplesInCell(t, 0, 0)).toEqual([6, 0]);
    expect(examplesInCell(t, 1, 0)).toEqual([4, 7]);
    expect(examplesInCell(t, 2, 2)).toEqual([2]);
    expect(examplesInCell(t, 0, 2)).toEqual([]);
    // Positions map to dataset rows through indices.
    expect(examplesInCell(t, 2, 1).map((i) => t.indices[i])).toEqual([3, 7, 61]);
  });

  it('misclassifiedByConfidence lists every error, the confidently wrong first', () => {
    expect(misclassifiedByConfidence(t)).toEqual([3, 1, 5, 4, 7]);
    // Nothing wrong → nothing listed; the call does not mutate the result.
    const right = makeTestResult(Float32Array.from([0.9, 0.1, 0.2, 0.8]), [0, 1], ['a', 'b']);
    expect(misclassifiedByConfidence(right)).toEqual([]);
    expect(t.predictions).toEqual([0, 1, 2, 1, 0, 1, 0, 0]);
  });
});

// ---------------------------------------------------------------- 4. worker session

describe('analyse / boundaryFor / disposeSession', () => {
  const extra: tf.LayersModel[] = [];
  afterEach(() => {
    for (const m of extra.splice(0)) m.dispose();
  });

  function setWeights(layer: tf.layers.Layer, values: { data: number[]; shape: number[] }[]): void {
    const tensors = values.map((v) => tf.tensor(v.data, v.shape));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }

  /** softmax([5x, −5x]): class 0 iff x > 0. */
  function pointModel(): tf.Sequential {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })] });
    setWeights(m.layers[0], [
      { data: [5, -5, 0, 0], shape: [2, 2] },
      { data: [0, 0], shape: [2] },
    ]);
    return m;
  }

  /** 8×8×1 images → softmax(±20 · (mean − 0.5)): class 0 iff the image is brighter than 0.5 on average. */
  function imageModel(): tf.Sequential {
    const m = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 2, activation: 'softmax' })],
    });
    const kernel = Array.from({ length: 64 }, () => [20 / 64, -20 / 64]).flat();
    setWeights(m.layers[1], [
      { data: kernel, shape: [64, 2] },
      { data: [-10, 10], shape: [2] },
    ]);
    return m;
  }

  /** 8 points, 6 labelled as the model predicts, 2 not: accuracy 0.75. */
  const points: SplitArrays = {
    x: Float32Array.from([0.5, 0.2, -0.4, 0.3, 0.7, -0.6, -0.3, -0.8, 0.9, 0.1, -0.6, 0.5, 0.2, 0.4, -0.5, -0.2]),
    y: Int32Array.from([0, 1, 0, 1, 0, 1, 1, 0]),
    count: 8,
  };

  /** 4 uniform images: brightness 0.8, 0.7, 0.2, 0.3 labelled 0, 0, 1, 0: accuracy 0.75. */
  const images: SplitArrays = {
    x: Float32Array.from([0.8, 0.7, 0.2, 0.3].flatMap((v) => new Array<number>(64).fill(v))),
    y: Int32Array.from([0, 0, 1, 0]),
    count: 4,
  };

  const session = (model: tf.LayersModel, test: SplitArrays, shape: number[]): TrainedSession => ({
    runId: 'r1',
    model,
    test,
    shape,
    seed: 4,
  });

  it('robustness on points: one point per strength, the first the unperturbed accuracy', async () => {
    const m = pointModel();
    extra.push(m);
    const s = session(m, points, [2]);
    const base = scoreProbabilities(await predictProbabilities(m, points, [2]), points.y, 2).accuracy;
    expect(base).toBe(0.75);
    const before = tf.memory().numTensors;
    const r = await analyse(s, { kind: 'robustness', perturbation: 'rotation', strengths: [0, 180, 90] });
    expect(tf.memory().numTensors).toBe(before);
    if (r.kind !== 'robustness') throw new Error('expected a robustness result');
    expect(r.curve.perturbation).toBe('rotation');
    expect(r.curve.points.map((p) => p.strength)).toEqual([0, 180, 90]);
    expect(r.curve.points[0].accuracy).toBe(base);
    // 180° maps x to −x: every prediction flips. 90° maps (x, y) to (−y, x): class 0 iff y < 0.
    expect(r.curve.points[1].accuracy).toBe(0.25);
    // y = [0.2, 0.3, −0.6, −0.8, 0.1, 0.5, 0.4, −0.2] → preds [1,1,0,0,1,1,1,0]
    // vs labels [0,1,0,1,0,1,1,0]: right at 1, 2, 5, 6, 7 → 5 / 8.
    expect(r.curve.points[2].accuracy).toBe(5 / 8);

    const noise = await analyse(s, { kind: 'robustness', perturbation: 'noise', strengths: [0, 0.1, 5] });
    expect(tf.memory().numTensors).toBe(before);
    if (noise.kind !== 'robustness') throw new Error('expected a robustness result');
    expect(noise.curve.points).toHaveLength(3);
    expect(noise.curve.points[0].accuracy).toBe(base);
    // Seeded: the same request gives the same curve.
    expect(await analyse(s, { kind: 'robustness', perturbation: 'noise', strengths: [0, 0.1, 5] })).toEqual(noise);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('robustness on images: brightness +0.5 makes every image class 0, −0.5 every image class 1', async () => {
    const m = imageModel();
    extra.push(m);
    const s = session(m, images, [8, 8, 1]);
    const before = tf.memory().numTensors;
    const r = await analyse(s, { kind: 'robustness', perturbation: 'brightness', strengths: [0, 0.5, -0.5] });
    expect(tf.memory().numTensors).toBe(before);
    if (r.kind !== 'robustness') throw new Error('expected a robustness result');
    expect(r.curve.points).toEqual([
      { strength: 0, accuracy: 0.75 },
      { strength: 0.5, accuracy: 0.75 }, // labels 0, 0, 1, 0 all predicted 0
      { strength: -0.5, accuracy: 0.25 }, // all predicted 1
    ]);
    const rot = await analyse(s, { kind: 'robustness', perturbation: 'rotation', strengths: [0, 30] });
    expect(tf.memory().numTensors).toBe(before);
    if (rot.kind !== 'robustness') throw new Error('expected a robustness result');
    expect(rot.curve.points.map((p) => p.strength)).toEqual([0, 30]);
    // Uniform images stay uniform under rotation with edge fill: nothing changes.
    expect(rot.curve.points.map((p) => p.accuracy)).toEqual([0.75, 0.75]);
  });

  it('explain: a valid index explains the prediction, an out-of-range one throws a clear error', async () => {
    const m = imageModel();
    extra.push(m);
    const s = session(m, images, [8, 8, 1]);
    const before = tf.memory().numTensors;
    const r = await analyse(s, { kind: 'explain', testIndex: 2 });
    expect(tf.memory().numTensors).toBe(before);
    if (r.kind !== 'explain') throw new Error('expected an explanation');
    const e = r.explanation;
    expect(e.testIndex).toBe(2);
    expect(e.predicted).toBe(1); // brightness 0.2
    expect(e.classIndex).toBe(1);
    expect(e.height).toBe(8);
    expect(e.width).toBe(8);
    expect(e.saliency).toHaveLength(64);
    expect(e.gradCam).toBeNull(); // no convolutions
    // Every pixel has the same weight: a flat saliency map of ones.
    for (const v of e.saliency) expect(v).toBeCloseTo(1, 5);
    expect(e.probabilities[1]).toBeGreaterThan(0.99);

    await expect(analyse(s, { kind: 'explain', testIndex: 4 })).rejects.toThrow('No test example 4: the test split has 4.');
    await expect(analyse(s, { kind: 'explain', testIndex: -1 })).rejects.toThrow(/No test example -1/);
    await expect(analyse(s, { kind: 'explain', testIndex: 0, classIndex: 5 })).rejects.toThrow(/No class 5/);
    expect(tf.memory().numTensors).toBe(before);

    // Points: the map is one row of two features.
    const p = pointModel();
    extra.push(p);
    const withPoints = tf.memory().numTensors;
    const pr = await analyse(session(p, points, [2]), { kind: 'explain', testIndex: 0, classIndex: 1 });
    if (pr.kind !== 'explain') throw new Error('expected an explanation');
    expect(pr.explanation.classIndex).toBe(1);
    expect(pr.explanation.predicted).toBe(0);
    expect([pr.explanation.height, pr.explanation.width]).toEqual([1, 2]);
    // d(logit 1)/dx = [−5, 0] → |·| scaled = [1, 0].
    expect(pr.explanation.saliency).toEqual([1, 0]);
    expect(tf.memory().numTensors).toBe(withPoints);
  });

  it('boundaryFor: a grid for 2-D points, null for images, without leaks', async () => {
    const p = pointModel();
    const im = imageModel();
    extra.push(p, im);
    const before = tf.memory().numTensors;
    const grid = await boundaryFor(p, [2]);
    expect(tf.memory().numTensors).toBe(before);
    expect(grid).not.toBeNull();
    const g = grid!;
    const n = g.resolution * g.resolution;
    expect(g.classes).toHaveLength(n);
    expect(g.confidence).toHaveLength(n);
    // Left half (x < 0) is class 1, right half class 0, on every row.
    const half = g.resolution / 2;
    for (let row = 0; row < g.resolution; row++) {
      for (let col = 0; col < g.resolution; col++) expect(g.classes[row * g.resolution + col]).toBe(col < half ? 1 : 0);
    }
    expect(await boundaryFor(im, [8, 8, 1])).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('disposeSession frees the model (and accepts null)', async () => {
    const before = tf.memory().numTensors;
    const m = pointModel();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    const s = session(m, points, [2]);
    await analyse(s, { kind: 'robustness', perturbation: 'shift', strengths: [0, 0.5] });
    await analyse(s, { kind: 'explain', testIndex: 3 });
    disposeSession(s);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => disposeSession(null)).not.toThrow();
  });
});

// ---------------------------------------------------------------- 5. metrics export (regression)

describe('buildMetricsExport with a regression result', () => {
  // Targets 1, 2, 3, 4; predictions 1.5, 2, 2, 5 → errors −0.5, 0, 1, −1.
  const targets = [1, 2, 3, 4];
  const predictions = Float32Array.from([1.5, 2, 2, 5]);
  const inputs = Float32Array.from([0.1, 0.2, 0.3, 0.4]);

  const exportOf = (loss: 'mse' | 'mae') =>
    buildMetricsExport({
      settings: defaultSettings(),
      backend: 'cpu',
      status: 'done',
      history: [],
      test: makeRegressionResult(predictions, targets, inputs, 1, loss, [9, 8, 7, 6]),
      now: new Date(0),
    });

  it('exports task, loss, count, the regression metrics and test.regression, nothing else', () => {
    const e = exportOf('mse');
    expect(e.exportedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(e.test).not.toBeNull();
    const { regression, ...t } = e.test! as RegressionExport;
    expect(Object.keys(t).sort()).toEqual(['count', 'loss', 'mae', 'mse', 'r2', 'rmse', 'task']);
    expect(t).toEqual({ task: 'regression', count: 4, loss: 0.5625, ...regressionMetrics(targets, predictions) });
    expect(regression).toMatchObject({ lossKind: 'mse', count: 4, ...regressionMetrics(targets, predictions) });
    if (t.task !== 'regression') throw new Error('expected a regression export');
    // Hand-computed: MAE 2.5 / 4, MSE 2.25 / 4, RMSE 0.75, R² = 1 − 2.25 / 5.
    expect(t.mae).toBe(0.625);
    expect(t.mse).toBe(0.5625);
    expect(t.rmse).toBe(0.75);
    expect(t.r2).toBeCloseTo(0.55, 12);
    // Survives JSON (the download).
    expect(JSON.parse(JSON.stringify(e)).test).toEqual({ ...t, regression });
  });

  it('uses the run loss (MAE) as loss when the run minimised MAE', () => {
    const t = exportOf('mae').test!;
    expect(t.task).toBe('regression');
    expect(t.loss).toBe(0.625);
    expect(t).toMatchObject({ mae: 0.625, mse: 0.5625, rmse: 0.75 });
  });
});
