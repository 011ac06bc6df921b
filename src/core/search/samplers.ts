/**
 * Hyperparameter samplers: grid, random and Bayesian optimisation. Each is stateless: `next(history)`
 * depends only on (method, space, seed, history), so a search can be replayed or resumed from its trials.
 *
 * Bayesian choice, in one sentence (for the issue note): a Gaussian process with an isotropic Matérn 5/2
 * kernel on the unit hypercube (log ranges in log scale, enums one-hot), fitted to the standardised finite
 * scores with its length scale and noise picked by a small grid over the marginal likelihood, proposes the
 * candidate with the highest expected improvement among ~500 seeded candidates (400 uniform, 100 near the
 * best trial), after max(3, d+1) random trials.
 */
import { createRng, deriveSeed, type Rng } from '../rng';
import { gridPoints, intBounds, type Params, type ParamRange, type SearchMethod } from './space';

export interface Observation {
  params: Params;
  /** Higher is better; NaN for failed trials (counted as trials, ignored by the model). */
  score: number;
}

export interface Sampler {
  /** The next point to try, or null when the method has nothing left (grid only). */
  next(history: Observation[]): Params | null;
}

/** Candidates scored by expected improvement per proposal. */
const N_UNIFORM = 400;
const N_LOCAL = 100;
/** Spread of the local candidates around the best trial, in unit-cube coordinates. */
const LOCAL_SD = 0.05;
/** Length scales (unit cube) and noise variances (standardised scores) tried by marginal likelihood. */
const LENGTH_SCALES = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2];
const NOISES = [1e-6, 1e-3, 1e-2, 0.1];
/** EI exploration margin, in standard deviations of the scores. */
const XI = 0.01;

/** One uniform draw from a range (log-uniform when `log`; ints uniform over their integers unless log). */
function sampleRange(r: ParamRange, rng: Rng): number | string | boolean {
  if (r.kind === 'enum') {
    const o = r.options ?? [];
    return o[rng.int(o.length)];
  }
  const min = r.min as number;
  const max = r.max as number;
  if (r.kind === 'int') {
    const [lo, hi] = intBounds(r);
    if (!r.log) return lo + rng.int(hi - lo + 1);
    const v = Math.round(Math.exp(rng.uniform(Math.log(min), Math.log(max))));
    return Math.min(hi, Math.max(lo, v));
  }
  return r.log ? Math.exp(rng.uniform(Math.log(min), Math.log(max))) : rng.uniform(min, max);
}

function sampleParams(space: ParamRange[], rng: Rng): Params {
  const p: Params = {};
  for (const r of space) p[r.name] = sampleRange(r, rng);
  return p;
}

/** Width of a range's encoding: one-hot for enums, one unit coordinate for numbers. */
function width(r: ParamRange): number {
  return r.kind === 'enum' ? (r.options ?? []).length : 1;
}

/** Maps a number into [0, 1] along its range (log scale when `log`). */
function toUnit(r: ParamRange, v: number): number {
  const min = r.min as number;
  const max = r.max as number;
  const u = r.log ? (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (v - min) / (max - min);
  return Math.min(1, Math.max(0, u));
}

function fromUnit(r: ParamRange, u: number): number {
  const min = r.min as number;
  const max = r.max as number;
  const t = Math.min(1, Math.max(0, u));
  const v = r.log ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))) : min + t * (max - min);
  if (r.kind !== 'int') return v;
  const [lo, hi] = intBounds(r);
  return Math.min(hi, Math.max(lo, Math.round(v)));
}

function encode(space: ParamRange[], p: Params, dim: number): Float64Array {
  const x = new Float64Array(dim);
  let o = 0;
  for (const r of space) {
    if (r.kind === 'enum') {
      const idx = (r.options ?? []).indexOf(p[r.name]);
      if (idx >= 0) x[o + idx] = 1;
    } else {
      x[o] = toUnit(r, Number(p[r.name]));
    }
    o += width(r);
  }
  return x;
}

/** Matérn 5/2 correlation at distance d with length scale l (signal variance 1). */
function matern52(d: number, l: number): number {
  const s = (Math.sqrt(5) * d) / l;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

function dist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
  return Math.sqrt(s);
}

/**
 * Lower Cholesky factor of a symmetric n×n matrix (row-major), adding jitter to the diagonal (1e-10, ×10
 * each retry) until it is positive definite. Duplicate points make K singular; the jitter keeps it usable.
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  for (let jitter = 0; jitter <= 1; jitter = jitter === 0 ? 1e-10 : jitter * 10) {
    const l = new Float64Array(n * n);
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i * n + j] + (i === j ? jitter : 0);
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          l[i * n + i] = Math.sqrt(s);
        } else {
          l[i * n + j] = s / l[j * n + j];
        }
      }
    }
    if (ok) return l;
  }
  throw new Error('cholesky: matrix is not positive definite even with jitter');
}

/** Solves L z = b (forward substitution). */
function forward(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * z[k];
    z[i] = s / l[i * n + i];
  }
  return z;
}

/** Solves Lᵀ z = b (back substitution). */
function backward(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const z = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * z[k];
    z[i] = s / l[i * n + i];
  }
  return z;
}

interface Gp {
  xs: Float64Array[];
  l: Float64Array;
  alpha: Float64Array;
  lengthScale: number;
}

/** Fits the GP, choosing length scale and noise by log marginal likelihood over a small grid. */
function fitGp(xs: Float64Array[], y: Float64Array): Gp {
  const n = xs.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) d[i * n + j] = d[j * n + i] = dist(xs[i], xs[j]);
  let best: Gp | null = null;
  let bestLml = -Infinity;
  for (const ls of LENGTH_SCALES) {
    for (const noise of NOISES) {
      const k = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) k[i * n + j] = i === j ? 1 + noise : matern52(d[i * n + j], ls);
      }
      const l = cholesky(k, n);
      const alpha = backward(l, n, forward(l, n, y));
      let lml = 0;
      for (let i = 0; i < n; i++) lml -= 0.5 * y[i] * alpha[i] + Math.log(l[i * n + i]);
      if (best === null || lml > bestLml) {
        bestLml = lml;
        best = { xs, l, alpha, lengthScale: ls };
      }
    }
  }
  return best!;
}

function predict(gp: Gp, x: Float64Array): { mu: number; sd: number } {
  const n = gp.xs.length;
  const ks = new Float64Array(n);
  let mu = 0;
  for (let i = 0; i < n; i++) {
    ks[i] = matern52(dist(x, gp.xs[i]), gp.lengthScale);
    mu += ks[i] * gp.alpha[i];
  }
  const v = forward(gp.l, n, ks);
  let vv = 0;
  for (let i = 0; i < n; i++) vv += v[i] * v[i];
  return { mu, sd: Math.sqrt(Math.max(1 - vv, 0)) };
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function normCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function expectedImprovement(mu: number, sd: number, best: number): number {
  const gain = mu - best - XI;
  if (sd < 1e-12) return Math.max(gain, 0);
  const z = gain / sd;
  return gain * normCdf(z) + (sd * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
}

/** A candidate near `p`: numbers nudged in unit space, each enum kept with probability 0.8. */
function perturb(space: ParamRange[], p: Params, rng: Rng): Params {
  const q: Params = {};
  for (const r of space) {
    if (r.kind === 'enum') q[r.name] = rng.next() < 0.8 ? p[r.name] : sampleRange(r, rng);
    else q[r.name] = fromUnit(r, toUnit(r, Number(p[r.name])) + LOCAL_SD * rng.normal());
  }
  return q;
}

/** The Bayesian proposal for trial number `history.length`, or null when the model cannot be fitted yet. */
function proposeBayes(space: ParamRange[], seed: number, history: Observation[]): Params | null {
  const ok = history.filter((h) => Number.isFinite(h.score));
  if (ok.length < 2) return null;
  const dim = space.reduce((s, r) => s + width(r), 0);
  const xs = ok.map((h) => encode(space, h.params, dim));
  const mean = ok.reduce((s, h) => s + h.score, 0) / ok.length;
  const sd = Math.sqrt(ok.reduce((s, h) => s + (h.score - mean) ** 2, 0) / ok.length) || 1;
  const y = Float64Array.from(ok, (h) => (h.score - mean) / sd);
  const gp = fitGp(xs, y);

  let bestI = 0;
  for (let i = 1; i < y.length; i++) if (y[i] > y[bestI]) bestI = i;
  const rng = createRng(deriveSeed(seed, `bayes-candidates-${history.length}`));
  let pick: Params | null = null;
  let pickEi = -Infinity;
  for (let c = 0; c < N_UNIFORM + N_LOCAL; c++) {
    const p = c < N_UNIFORM ? sampleParams(space, rng) : perturb(space, ok[bestI].params, rng);
    const { mu, sd: s } = predict(gp, encode(space, p, dim));
    const ei = expectedImprovement(mu, s, y[bestI]);
    if (ei > pickEi) {
      pickEi = ei;
      pick = p;
    }
  }
  return pick;
}

/**
 * A sampler for the space. grid: `gridPoints(space)` in order, trial i gets point i, null once all are used.
 * random: trial i draws from its own stream (seed, i), uniform (log-uniform when `log`, ints uniform over
 * their integers, enums uniform). bayes: the random draw for the first max(3, d+1) trials (d = number of
 * ranges) and while fewer than 2 trials have finite scores, then the GP / expected-improvement proposal.
 */
export function createSampler(method: SearchMethod, space: ParamRange[], seed: number): Sampler {
  const randomFor = (i: number): Params => sampleParams(space, createRng(deriveSeed(seed, `search-random-${i}`)));
  switch (method) {
    case 'grid': {
      const points = gridPoints(space);
      return { next: (history) => (history.length < points.length ? { ...points[history.length] } : null) };
    }
    case 'random':
      return { next: (history) => randomFor(history.length) };
    case 'bayes': {
      const nInit = Math.max(3, space.length + 1);
      return {
        next: (history) => (history.length < nInit ? null : proposeBayes(space, seed, history)) ?? randomFor(history.length),
      };
    }
    default:
      throw new Error(`unknown search method '${String(method)}'`);
  }
}
