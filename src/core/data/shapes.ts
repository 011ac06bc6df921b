import { createRng } from '../rng';
import type { Dataset } from '../types';

/**
 * Procedural RGB "shapes", 32×32×3: the class is the shape; colour, size and position vary independently
 * and are kept as attributes, so a model that keys on colour instead of form shows up in subgroup views.
 */

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'diamond', 'plus', 'cross', 'ring', 'frame', 'h-bar', 'v-bar'] as const;

const COLOURS: Record<string, [number, number, number]> = {
  red: [0.9, 0.15, 0.1],
  green: [0.15, 0.75, 0.2],
  blue: [0.2, 0.35, 0.95],
  yellow: [0.95, 0.85, 0.1],
  magenta: [0.85, 0.2, 0.8],
  cyan: [0.1, 0.8, 0.85],
};
const SIZES = { small: 5, medium: 8, large: 11 } as const;
const SIZE = 32;
const SUPERSAMPLE = 2;

/** Inside-tests in the shape's own frame: (u, v) scaled so the shape spans about [-1, 1]; v points down. */
const INSIDE: Record<(typeof SHAPE_CLASSES)[number], (u: number, v: number) => boolean> = {
  circle: (u, v) => u * u + v * v <= 1,
  square: (u, v) => Math.abs(u) <= 0.82 && Math.abs(v) <= 0.82,
  triangle: (u, v) => v <= 0.8 && v >= -0.95 && Math.abs(u) <= ((v + 0.95) / 1.75) * 0.95,
  diamond: (u, v) => Math.abs(u) + Math.abs(v) <= 1,
  plus: (u, v) => (Math.abs(u) <= 0.3 && Math.abs(v) <= 0.95) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 0.95),
  cross: (u, v) => {
    const a = (u + v) * Math.SQRT1_2;
    const b = (u - v) * Math.SQRT1_2;
    return (Math.abs(a) <= 0.3 && Math.abs(b) <= 0.95) || (Math.abs(b) <= 0.3 && Math.abs(a) <= 0.95);
  },
  ring: (u, v) => {
    const r2 = u * u + v * v;
    return r2 <= 1 && r2 >= 0.36;
  },
  frame: (u, v) => {
    const m = Math.max(Math.abs(u), Math.abs(v));
    return m <= 0.88 && m >= 0.52;
  },
  'h-bar': (u, v) => Math.abs(u) <= 1 && Math.abs(v) <= 0.32,
  'v-bar': (u, v) => Math.abs(v) <= 1 && Math.abs(u) <= 0.32,
};

export interface ShapesOptions {
  samples: number;
  /** 0 … 1: background clutter and pixel noise. */
  noise: number;
  seed: number;
}

export function makeShapesDataset({ samples, noise, seed }: ShapesOptions): Dataset {
  const rng = createRng(seed);
  const n = Math.max(SHAPE_CLASSES.length, Math.round(samples));
  const px = SIZE * SIZE * 3;
  const x = new Float32Array(n * px);
  const y = new Int32Array(n);
  const colourNames = Object.keys(COLOURS);
  const sizeNames = Object.keys(SIZES) as (keyof typeof SIZES)[];
  const regions = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
  const colourIdx = new Int32Array(n);
  const sizeIdx = new Int32Array(n);
  const regionIdx = new Int32Array(n);

  for (let i = 0; i < n; i++) {
    const k = i % SHAPE_CLASSES.length;
    const c = rng.int(colourNames.length);
    const s = rng.int(sizeNames.length);
    const radius = SIZES[sizeNames[s]];
    const cx = rng.uniform(radius + 1, SIZE - radius - 1);
    const cy = rng.uniform(radius + 1, SIZE - radius - 1);
    const angle = rng.uniform(-0.25, 0.25);
    const bg = rng.uniform(0.05, 0.3);
    const [r, g, b] = COLOURS[colourNames[c]];
    const shade = rng.uniform(0.75, 1);
    const inside = INSIDE[SHAPE_CLASSES[k]];
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const off = i * px;
    for (let py = 0; py < SIZE; py++) {
      for (let qx = 0; qx < SIZE; qx++) {
        // Supersample for anti-aliased edges, so small shapes still read as their class.
        let cover = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy++) {
          for (let sx = 0; sx < SUPERSAMPLE; sx++) {
            const dx = qx + (sx + 0.5) / SUPERSAMPLE - cx;
            const dy = py + (sy + 0.5) / SUPERSAMPLE - cy;
            const u = (dx * cos + dy * sin) / radius;
            const v = (-dx * sin + dy * cos) / radius;
            if (inside(u, v)) cover++;
          }
        }
        const a = cover / (SUPERSAMPLE * SUPERSAMPLE);
        const grain = noise * 0.25 * rng.normal();
        const o = off + (py * SIZE + qx) * 3;
        x[o] = clamp01(bg * (1 - a) + r * shade * a + grain);
        x[o + 1] = clamp01(bg * (1 - a) + g * shade * a + grain);
        x[o + 2] = clamp01(bg * (1 - a) + b * shade * a + grain);
      }
    }
    y[i] = k;
    colourIdx[i] = c;
    sizeIdx[i] = s;
    regionIdx[i] = (cy >= SIZE / 2 ? 2 : 0) + (cx >= SIZE / 2 ? 1 : 0);
  }
  return {
    id: 'shapes',
    kind: 'image',
    shape: [SIZE, SIZE, 3],
    count: n,
    x,
    y,
    classNames: [...SHAPE_CLASSES],
    attributes: {
      colour: { values: colourNames, index: colourIdx },
      size: { values: sizeNames, index: sizeIdx },
      position: { values: regions, index: regionIdx },
    },
  };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
