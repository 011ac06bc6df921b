import { createRng, deriveSeed } from '../rng';
import type { Dataset } from '../types';

/**
 * Regression datasets in the spirit of TensorFlow Playground's ("regress plane", "regress gaussian"), plus a
 * 1-D sine whose fit can be drawn as a curve. Inputs are uniform in [-1, 1] per axis, the scale of the toy
 * classification sets; noise-free targets lie in [-1, 1].
 *
 * Noise is added to the target, not to the inputs as Playground does: then the noise floor is known
 * (MSE ≥ σ², R² ≤ Var(f) / (Var(f) + σ²)), which is what the learner should see a model run into.
 */

export const REGRESSION_IDS = ['sine', 'plane', 'bumps'] as const;
export type RegressionId = (typeof REGRESSION_IDS)[number];

export interface RegressionOptions {
  samples: number;
  /** 0 … 1: the target noise's standard deviation is TARGET_NOISE_SD × noise. */
  noise: number;
  seed: number;
}

/** σ of the target noise at noise = 1: about the targets' own spread, so 1 is heavy but still learnable. */
export const TARGET_NOISE_SD = 0.5;

interface TargetFunction {
  /** Input features per sample. */
  dims: number;
  f: (x: ArrayLike<number>) => number;
}

/** 1.5 periods over [-1, 1]: enough bends that a linear model fails visibly, few enough for a small MLP. */
const sine: TargetFunction = { dims: 1, f: (x) => Math.sin(1.5 * Math.PI * x[0]) };

/** Playground's "regress plane": a linear target, the case a model without hidden layers can fit exactly. */
const plane: TargetFunction = { dims: 2, f: (x) => (x[0] + x[1]) / 2 };

/**
 * Playground's "regress gaussian" layout (its radius-6 world scaled to [-1, 1]): six bumps on a 3 × 2 grid
 * with alternating signs. Playground uses cones and keeps the largest; a sum of Gaussians is smooth and,
 * with σ = 0.2, neighbours overlap by under 0.5 %, so |f| ≤ 1 still holds.
 */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-2 / 3, 5 / 12, 1],
  [0, 5 / 12, -1],
  [2 / 3, 5 / 12, 1],
  [-2 / 3, -5 / 12, -1],
  [0, -5 / 12, 1],
  [2 / 3, -5 / 12, -1],
];
const BUMP_SD = 0.2;
const bumps: TargetFunction = {
  dims: 2,
  f: (x) => {
    let sum = 0;
    for (const [cx, cy, sign] of BUMPS) {
      const d2 = (x[0] - cx) ** 2 + (x[1] - cy) ** 2;
      sum += sign * Math.exp(-d2 / (2 * BUMP_SD * BUMP_SD));
    }
    return sum;
  },
};

const FUNCTIONS: Record<RegressionId, TargetFunction> = { sine, plane, bumps };

/** The noise-free target of a dataset at one input point (for drawing the true curve or surface). */
export function regressionTarget(id: RegressionId, x: ArrayLike<number>): number {
  return FUNCTIONS[id].f(x);
}

export function makeRegressionDataset(id: RegressionId, options: RegressionOptions): Dataset {
  const { dims, f } = FUNCTIONS[id];
  const n = Math.max(1, Math.round(options.samples));
  // Two streams: the inputs depend on the seed alone, so moving the noise slider only moves the targets.
  const inputRng = createRng(options.seed);
  const noiseRng = createRng(deriveSeed(options.seed, 'target-noise'));
  const sd = TARGET_NOISE_SD * Math.min(1, Math.max(0, options.noise));
  const x = new Float32Array(n * dims);
  const targets = new Float32Array(n);
  const point = new Array<number>(dims);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dims; d++) {
      // The stored (float32) value, so the target is exactly f of what the model sees.
      point[d] = Math.fround(inputRng.uniform(-1, 1));
      x[i * dims + d] = point[d];
    }
    targets[i] = f(point) + noiseRng.normal() * sd;
  }
  return {
    id,
    kind: 'points',
    shape: [dims],
    count: n,
    x,
    y: new Int32Array(n),
    classNames: ['value'],
    task: 'regression',
    targets,
  };
}

/** Copies the targets of rows `indices` (the regression counterpart of gatherRows' labels). */
export function gatherTargets(data: Dataset, indices: ArrayLike<number>): Float32Array {
  const { targets } = data;
  if (!targets) throw new Error(`Dataset '${data.id}' has no regression targets.`);
  const out = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = targets[indices[i]];
  return out;
}
