import { createRng, deriveSeed, shuffleInPlace } from '../rng';
import type { Settings } from '../preset/schema';
import type { Dataset } from '../types';
import { featureSize } from '../types';

export interface SplitOptions {
  /** Fraction of the data held out for validation (early stopping and selection use only this). */
  valFraction: number;
  /** Fraction held out for the final test. Training never sees it. */
  testFraction: number;
  /** Cap on the training samples kept after the split (0 = all): a small train set provokes overfitting. */
  trainSize: number;
  /** Fraction of training labels replaced by a different random class (0 … 1). Val and test stay clean. */
  labelNoise: number;
  /**
   * Makes one class a minority before splitting: only this share of its samples is kept (1 = all). Every
   * split, test included, then shows the same imbalance, as data drawn from an imbalanced world would.
   */
  imbalance?: { classIndex: number; share: number };
  /**
   * A test split fixed by the data itself (CIFAR-10's test batch): these samples are the test split and
   * `testFraction` is ignored; the rest is cut into train and validation as usual.
   */
  fixedTest?: Int32Array;
  seed: number;
}

export type SplitSettings = Pick<Settings, 'val' | 'test' | 'trainSize' | 'labelNoise' | 'minorityShare' | 'minorityClass' | 'seed'>;

/** The split a run's settings describe; one place, so the worker and the previews cut the data alike. */
export function splitOptionsFor(s: SplitSettings, numClasses: number): SplitOptions {
  return {
    valFraction: s.val,
    testFraction: s.test,
    trainSize: s.trainSize,
    labelNoise: s.labelNoise,
    // Imbalance needs classes: a regression dataset (one pseudo-class) keeps all its samples.
    imbalance:
      s.minorityShare < 1 && numClasses > 1 ? { classIndex: Math.min(s.minorityClass, numClasses - 1), share: s.minorityShare } : undefined,
    seed: s.seed,
  };
}

export interface Splits {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
  /** Labels used for training, indexed like `train`; differs from the dataset's where label noise hit. */
  trainLabels: Int32Array;
  /** How many training labels label noise changed. */
  noisyLabels: number;
}

/**
 * Stratified, seeded train / validation / test split. Each class is shuffled on its own and cut by the
 * fractions, so every split keeps the class proportions; test indices depend only on the seed, the
 * fractions and the imbalance (which changes the data itself), never on train size or label noise, so
 * those knobs cannot leak test data into training.
 */
export function splitDataset(data: Dataset, o: SplitOptions): Splits {
  const rng = createRng(deriveSeed(o.seed, 'split'));
  const numClasses = data.classNames.length;
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  const fixed = o.fixedTest ? new Set(o.fixedTest) : null;
  for (let i = 0; i < data.count; i++) if (!fixed?.has(i)) byClass[data.y[i]].push(i);

  const train: number[][] = [];
  const val: number[] = [];
  const test: number[] = [];
  byClass.forEach((idx, k) => {
    shuffleInPlace(idx, rng);
    if (o.imbalance && k === o.imbalance.classIndex && o.imbalance.share < 1) {
      idx.length = Math.max(1, Math.round(idx.length * o.imbalance.share));
    }
    const nTest = fixed ? 0 : Math.round(idx.length * o.testFraction);
    const nVal = Math.round(idx.length * o.valFraction);
    test.push(...idx.slice(0, nTest));
    val.push(...idx.slice(nTest, nTest + nVal));
    train.push(idx.slice(nTest + nVal));
  });

  // Each set is shuffled by its own stream, so the order of val and test cannot depend on train size.
  const valIdx = Int32Array.from(val);
  shuffleInPlace(valIdx, createRng(deriveSeed(o.seed, 'split-val-order')));
  const testIdx = o.fixedTest ? Int32Array.from(o.fixedTest) : Int32Array.from(test);
  shuffleInPlace(testIdx, createRng(deriveSeed(o.seed, 'split-test-order')));
  const trainIdx = Int32Array.from(capStratified(train, o.trainSize));
  shuffleInPlace(trainIdx, createRng(deriveSeed(o.seed, 'split-train-order')));

  const trainLabels = new Int32Array(trainIdx.length);
  const noiseRng = createRng(deriveSeed(o.seed, 'label-noise'));
  let noisyLabels = 0;
  for (let i = 0; i < trainIdx.length; i++) {
    const label = data.y[trainIdx[i]];
    if (numClasses > 1 && noiseRng.next() < o.labelNoise) {
      // A different class, uniformly: noise that keeps the label is no noise.
      const shift = 1 + noiseRng.int(numClasses - 1);
      trainLabels[i] = (label + shift) % numClasses;
      noisyLabels++;
    } else {
      trainLabels[i] = label;
    }
  }
  return { train: trainIdx, val: valIdx, test: testIdx, trainLabels, noisyLabels };
}

/**
 * Keeps at most `cap` samples (0 = all), spread over classes in proportion to their size
 * (largest remainder), taking each class's first indices (already shuffled).
 */
function capStratified(byClass: number[][], cap: number): number[] {
  const total = byClass.reduce((s, c) => s + c.length, 0);
  if (cap <= 0 || cap >= total) return byClass.flat();
  const exact = byClass.map((c) => (c.length * cap) / total);
  const take = exact.map(Math.floor);
  let left = cap - take.reduce((a, b) => a + b, 0);
  const order = exact.map((e, k) => [e - Math.floor(e), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, k] of order) {
    if (left <= 0) break;
    if (take[k] < byClass[k].length) {
      take[k]++;
      left--;
    }
  }
  return byClass.flatMap((c, k) => c.slice(0, take[k]));
}

/** Copies the rows `indices` of a dataset into fresh typed arrays (labels optionally overridden). */
export function gatherRows(data: Dataset, indices: Int32Array, labels?: Int32Array): { x: Float32Array; y: Int32Array; count: number } {
  const size = featureSize(data.shape);
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    x.set(data.x.subarray(j * size, (j + 1) * size), i * size);
    y[i] = labels ? labels[i] : data.y[j];
  }
  return { x, y, count: indices.length };
}

/** Samples per class in a set of indices (true labels). */
export function classCounts(data: Dataset, indices: Int32Array): number[] {
  const counts = new Array<number>(data.classNames.length).fill(0);
  for (const i of indices) counts[data.y[i]]++;
  return counts;
}
