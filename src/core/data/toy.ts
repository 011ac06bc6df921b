import { createRng, type Rng } from '../rng';
import type { Dataset } from '../types';

/**
 * 2-D toy datasets in the spirit of TensorFlow Playground, generalised to K classes.
 * Shapes are drawn in a radius-5 world like Playground's and stored scaled to about [-1, 1]².
 */

export const TOY_IDS = ['spiral', 'circles', 'xor', 'gaussian'] as const;
export type ToyId = (typeof TOY_IDS)[number];

export interface ToyOptions {
  samples: number;
  /** 0 … 1: how much the classes overlap. */
  noise: number;
  classes: number;
  seed: number;
}

/** Makes one point of class k; t in [0, 1) is the point's position within its class. */
type Generator = (t: number, k: number, o: ToyOptions, rng: Rng) => [number, number];

const RADIUS = 5;

/** K interleaved arms, each a spiral starting at the centre. */
const spiral: Generator = (t, k, o, rng) => {
  const r = t * RADIUS;
  const angle = 1.75 * t * 2 * Math.PI + (2 * Math.PI * k) / o.classes;
  const jitter = o.noise * 1.2;
  return [r * Math.sin(angle) + rng.normal() * jitter, r * Math.cos(angle) + rng.normal() * jitter];
};

/** Concentric rings, class k at radius proportional to k + 1. */
const circles: Generator = (_i, k, o, rng) => {
  const ringWidth = RADIUS / o.classes;
  const r = ringWidth * (k + 0.5) + rng.normal() * o.noise * ringWidth * 0.8;
  const angle = rng.uniform(0, 2 * Math.PI);
  return [r * Math.sin(angle), r * Math.cos(angle)];
};

/** Quadrants; the class is the XOR of the signs (two classes only). */
const xor: Generator = (_i, k, o, rng) => {
  // Pick a quadrant whose sign-XOR equals k, then a point inside it away from the axes.
  const flip = rng.next() < 0.5;
  const sx = flip ? 1 : -1;
  const sy = k === 0 ? sx : -sx;
  const pad = 0.3;
  const x = sx * rng.uniform(pad, RADIUS) + rng.normal() * o.noise * 2;
  const y = sy * rng.uniform(pad, RADIUS) + rng.normal() * o.noise * 2;
  return [x, y];
};

/** Gaussian blobs with centres evenly spaced on a circle. */
const gaussian: Generator = (_i, k, o, rng) => {
  const angle = (2 * Math.PI * k) / o.classes + Math.PI / 4;
  const cx = 2.5 * Math.cos(angle);
  const cy = 2.5 * Math.sin(angle);
  const sd = 0.5 + o.noise * 2.5;
  return [cx + rng.normal() * sd, cy + rng.normal() * sd];
};

const GENERATORS: Record<ToyId, Generator> = { spiral, circles, xor, gaussian };

/** Classes each toy supports (xor is intrinsically binary). */
export function toyClassRange(id: ToyId): [number, number] {
  return id === 'xor' ? [2, 2] : [2, 5];
}

export function makeToyDataset(id: ToyId, options: ToyOptions): Dataset {
  const [lo, hi] = toyClassRange(id);
  const classes = Math.min(hi, Math.max(lo, Math.round(options.classes)));
  const o = { ...options, classes };
  const rng = createRng(options.seed);
  const n = Math.max(classes, Math.round(o.samples));
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const classStart = (k: number) => Math.ceil((k * n) / classes);
  for (let i = 0; i < n; i++) {
    // Classes get contiguous blocks whose sizes differ by at most one; splits shuffle later.
    const k = Math.floor((i * classes) / n);
    const t = (i - classStart(k)) / (classStart(k + 1) - classStart(k));
    const [px, py] = GENERATORS[id](t, k, o, rng);
    // Scaled to about [-1, 1]: inputs of unit scale suit every activation and initialiser.
    x[2 * i] = px / RADIUS;
    x[2 * i + 1] = py / RADIUS;
    y[i] = k;
  }
  return {
    id,
    kind: 'points',
    shape: [2],
    count: n,
    x,
    y,
    classNames: Array.from({ length: classes }, (_, k) => `class ${k}`),
  };
}
