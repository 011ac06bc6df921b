/**
 * Cross-validation folds: plain index arithmetic, no tfjs, no DOM. Every fold set is drawn from a seed
 * (one derived stream per scheme), so the same preset reproduces the same folds. Indices refer to the pool
 * passed in (0 … n−1), and each `train` / `val` is sorted ascending, as scikit-learn returns them;
 * training shuffles its own batch order.
 */
import { createRng, deriveSeed, shuffleInPlace } from '../rng';

export interface Fold {
  /** Indices into the pool used for fitting. */
  train: Int32Array;
  /** Indices into the pool held out; the `val` sets of a fold list are disjoint and cover the pool. */
  val: Int32Array;
}

/** Hard cap for leave-one-out: it trains one model per sample. */
const LOO_MAX = 200;

function checkK(n: number, k: number, what: string): void {
  if (!Number.isInteger(n) || n < 2) throw new Error(`${what}: need at least 2 samples (got ${n})`);
  if (!Number.isInteger(k) || k < 2) throw new Error(`${what}: k must be an integer ≥ 2 (got ${k})`);
  if (k > n) throw new Error(`${what}: k = ${k} folds cannot exceed the ${n} samples`);
}

/** Builds folds from a fold number per pool index (0 … k−1). */
function foldsFromAssignment(assign: Int32Array, k: number): Fold[] {
  const n = assign.length;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[assign[i]]++;
  const folds: Fold[] = sizes.map((s) => ({ train: new Int32Array(n - s), val: new Int32Array(s) }));
  const vPos = new Array<number>(k).fill(0);
  const tPos = new Array<number>(k).fill(0);
  // Walking i upwards keeps every list sorted.
  for (let i = 0; i < n; i++) {
    const f = assign[i];
    for (let j = 0; j < k; j++) {
      if (j === f) folds[j].val[vPos[j]++] = i;
      else folds[j].train[tPos[j]++] = i;
    }
  }
  return folds;
}

/**
 * Shuffled k-fold: the pool is permuted with the seed and cut into k contiguous parts; the first n mod k
 * folds hold one sample more (as scikit-learn's KFold), so sizes differ by at most 1.
 */
export function kFold(n: number, k: number, seed: number): Fold[] {
  checkK(n, k, 'k-fold');
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  shuffleInPlace(perm, createRng(deriveSeed(seed, 'cv-kfold')));
  const assign = new Int32Array(n);
  const base = Math.floor(n / k);
  const extra = n % k;
  let p = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    for (let j = 0; j < size; j++) assign[perm[p++]] = f;
  }
  return foldsFromAssignment(assign, k);
}

/**
 * Stratified shuffled k-fold. Each class's members (classes taken in ascending label order) are shuffled
 * with the seed and dealt round-robin to the folds; the dealing carries on from the fold where the previous
 * class stopped. So each fold's count of every class differs by at most 1 across folds, and the fold
 * sizes themselves differ by at most 1. A class with fewer than k members leaves some folds without it.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number): Fold[] {
  const n = labels.length;
  checkK(n, k, 'stratified k-fold');
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isFinite(y)) throw new Error(`stratified k-fold: label ${i} is not a finite number (${y})`);
    const list = byClass.get(y);
    if (list) list.push(i);
    else byClass.set(y, [i]);
  }
  const rng = createRng(deriveSeed(seed, 'cv-stratified'));
  const assign = new Int32Array(n);
  let f = 0;
  for (const y of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(y)!;
    shuffleInPlace(members, rng);
    for (const i of members) {
      assign[i] = f;
      f = (f + 1) % k;
    }
  }
  return foldsFromAssignment(assign, k);
}

/** Leave-one-out: n folds of one held-out sample each, in index order. Refused above 200 samples. */
export function leaveOneOut(n: number): Fold[] {
  if (!Number.isInteger(n) || n < 2) throw new Error(`leave-one-out: need at least 2 samples (got ${n})`);
  if (n > LOO_MAX) {
    throw new Error(`leave-one-out trains one model per sample, so it is limited to ${LOO_MAX} samples (got ${n}); use k-fold instead`);
  }
  const assign = new Int32Array(n);
  for (let i = 0; i < n; i++) assign[i] = i;
  return foldsFromAssignment(assign, n);
}

/**
 * Mean and **sample** standard deviation (ddof = 1, numpy's `np.std(x, ddof=1)`, the spread scikit-learn
 * users report across folds). One value gives std NaN (no spread can be estimated); none gives NaN for both.
 */
export function summarise(values: number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return { mean, std: NaN };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(ss / (n - 1)) };
}
