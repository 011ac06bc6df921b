import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decisionGrid } from '../../src/core/analysis/boundary';
import { explain } from '../../src/core/analysis/explain';
import { defaultStrengths, PERTURBATIONS, perturb, perturbationsFor, robustnessSweep } from '../../src/core/analysis/robustness';
import type { PerturbationKind } from '../../src/core/analysis/types';
import { makeToyDataset } from '../../src/core/data/toy';
import { buildModel } from '../../src/core/model/build';
import { SeededDropout } from '../../src/core/model/seeded-dropout';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';
import { predictProbabilities, scoreProbabilities } from '../../src/core/train/evaluate';
import type { SplitArrays } from '../../src/core/train/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---------------------------------------------------------------- helpers

const models: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

/** Sets a layer's weights from plain arrays, freeing the temporaries (the variables keep their own copy). */
function setWeights(layer: tf.layers.Layer, values: { data: number[]; shape: number[] }[]): void {
  const tensors = values.map((v) => tf.tensor(v.data, v.shape));
  layer.setWeights(tensors);
  tf.dispose(tensors);
}

/** Points → softmax(x·W + b): W is 2 × K, given row by row. Disposed after the test. */
function linearPointModel(w: number[][], b: number[]): tf.Sequential {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: b.length, activation: 'softmax', inputShape: [2] })] });
  setWeights(m.layers[0], [
    { data: w.flat(), shape: [2, b.length] },
    { data: b, shape: [b.length] },
  ]);
  models.push(m);
  return m;
}

/** Class 0 iff x > 0 (logits ±5x). */
const xSign = () =>
  linearPointModel(
    [
      [5, -5],
      [0, 0],
    ],
    [0, 0],
  );

/** Seeded uniform values in [lo, hi). */
function uniform(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/** `count` points uniform in [−1, 1]², away from the boundary x = 0, labelled 0 iff x > 0. */
function halfPlanePoints(count: number, seed: number): SplitArrays {
  const rng = createRng(seed);
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const side = rng.next() < 0.5 ? 1 : -1;
    x[2 * i] = side * rng.uniform(0.05, 1);
    x[2 * i + 1] = rng.uniform(-1, 1);
    y[i] = side > 0 ? 0 : 1;
  }
  return { x, y, count };
}

/** Runs f, returns its result; fails if tf.memory().numTensors changed. */
async function noLeak<T>(f: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await f();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** perturb's result as a flat array, both tensors disposed. */
function perturbed(data: Float32Array | number[], shape: number[], kind: PerturbationKind, strength: number, seed = 1): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(data, [data.length / size, ...shape]);
  const out = perturb(x, shape, kind, strength, seed);
  try {
    expect(out.shape).toEqual(x.shape);
    expect(out.dtype).toBe('float32');
    return out.dataSync() as Float32Array;
  } finally {
    tf.dispose([x, out]);
  }
}

/** (x, y) of every pixel above 0.5 in a single-channel h × w image. */
function brightPixels(img: Float32Array, w: number): [number, number][] {
  const found: [number, number][] = [];
  img.forEach((v, i) => v > 0.5 && found.push([i % w, Math.floor(i / w)]));
  return found;
}

/** Single-channel h × w images, each black with one bright pixel at the given (x, y). */
function dots(h: number, w: number, at: [number, number][]): Float32Array {
  const data = new Float32Array(at.length * h * w);
  at.forEach(([x, y], i) => (data[i * h * w + y * w + x] = 1));
  return data;
}

const IMG: number[] = [6, 5, 3];
const IMG_SIZE = 6 * 5 * 3;

// ---------------------------------------------------------------- perturb

describe('perturb', () => {
  it('lists the kinds that apply to each input and a sweep starting at 0', () => {
    expect(perturbationsFor([8, 8, 1])).toEqual(['rotation', 'noise', 'brightness', 'shift']);
    expect(perturbationsFor([2])).toEqual(['rotation', 'noise', 'shift']);
    for (const kind of Object.keys(PERTURBATIONS) as PerturbationKind[]) {
      expect(defaultStrengths(kind, [8, 8, 1])[0]).toBe(0);
      if (PERTURBATIONS[kind].points) expect(defaultStrengths(kind, [2])[0]).toBe(0);
    }
    expect(defaultStrengths('shift', [2])).toEqual([0, 0.1, 0.2, 0.3, 0.5]);
  });

  it.each(['rotation', 'noise', 'brightness', 'shift'] as PerturbationKind[])(
    'keeps shape and the [0, 1] range of images (%s)',
    async (kind) => {
      const data = uniform(4 * IMG_SIZE, 3);
      for (const strength of PERTURBATIONS[kind].strengths) {
        const out = await noLeak(() => perturbed(data, IMG, kind, strength, 7));
        expect(out.length).toBe(data.length);
        for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
      }
    },
  );

  it.each(['rotation', 'noise', 'brightness', 'shift'] as PerturbationKind[])('is the identity at strength 0 (%s)', async (kind) => {
    const data = uniform(3 * IMG_SIZE, 4);
    expect(Array.from(await noLeak(() => perturbed(data, IMG, kind, 0)))).toEqual(Array.from(data));
    if (PERTURBATIONS[kind].points) {
      const pts = uniform(10, 5, -1, 1);
      expect(Array.from(perturbed(pts, [2], kind, 0))).toEqual(Array.from(pts));
    }
  });

  it('rotates images counter-clockwise on screen: top-right → top-left, top-centre → left-centre (every image of a batch)', async () => {
    const out = await noLeak(() =>
      perturbed(
        dots(5, 5, [
          [4, 0],
          [2, 0],
        ]),
        [5, 5, 1],
        'rotation',
        90,
      ),
    );
    expect(brightPixels(out.subarray(0, 25), 5)).toEqual([[0, 0]]);
    expect(brightPixels(out.subarray(25, 50), 5)).toEqual([[0, 2]]);
    expect(Math.max(...out.subarray(0, 25))).toBeCloseTo(1, 4);
    // −90° is clockwise: top-right → bottom-right.
    expect(brightPixels(perturbed(dots(5, 5, [[4, 0]]), [5, 5, 1], 'rotation', -90), 5)).toEqual([[4, 4]]);
  });

  it('shifts each image by exactly `strength` pixels along an axis, in seeded directions', async () => {
    const data = dots(
      9,
      9,
      Array.from({ length: 12 }, () => [4, 4] as [number, number]),
    );
    const out = await noLeak(() => perturbed(data, [9, 9, 1], 'shift', 2, 11));
    const moved = Array.from({ length: 12 }, (_, i) => {
      const found = brightPixels(out.subarray(i * 81, (i + 1) * 81), 9);
      expect(found).toHaveLength(1);
      expect(out[i * 81 + found[0][1] * 9 + found[0][0]]).toBeCloseTo(1, 5);
      return `${found[0][0] - 4},${found[0][1] - 4}`;
    });
    for (const d of moved) expect(['2,0', '-2,0', '0,2', '0,-2']).toContain(d);
    expect(new Set(moved).size).toBeGreaterThan(1);
    expect(Array.from(perturbed(data, [9, 9, 1], 'shift', 2, 11))).toEqual(Array.from(out));
  });

  it('adds brightness and clips at 1', () => {
    const out = perturbed([0, 0.25, 0.6, 0.9], [2, 2, 1], 'brightness', 0.3);
    expect(Array.from(out).map((v) => +v.toFixed(6))).toEqual([0.3, 0.55, 0.9, 1]);
  });

  it('adds seeded gaussian noise of the requested σ', async () => {
    const grey = new Float32Array(64 * 64).fill(0.5);
    const a = await noLeak(() => perturbed(grey, [64, 64, 1], 'noise', 0.1, 3));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sd).toBeGreaterThan(0.095);
    expect(sd).toBeLessThan(0.105);
    expect(Array.from(perturbed(grey, [64, 64, 1], 'noise', 0.1, 3))).toEqual(Array.from(a));
    expect(Array.from(perturbed(grey, [64, 64, 1], 'noise', 0.1, 4))).not.toEqual(Array.from(a));
  });

  it('rotates points counter-clockwise about the origin: (1, 0) → (0, 1), (0, 1) → (−1, 0)', async () => {
    const out = await noLeak(() => perturbed([1, 0, 0, 1, 0.5, -0.5], [2], 'rotation', 90));
    const expected = [0, 1, -1, 0, 0.5, 0.5];
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('shifts points diagonally by `strength` data units, and adds unclipped noise', () => {
    const out = perturbed([0, 0, -1, 1], [2], 'shift', 0.5);
    const d = 0.5 * Math.SQRT1_2;
    [d, d, -1 + d, 1 + d].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
    const noisy = perturbed(new Float32Array(400).fill(1), [2], 'noise', 0.5);
    expect(Math.max(...noisy)).toBeGreaterThan(1.5);
  });

  it('refuses brightness on points', () => {
    const x = tf.zeros([1, 2]);
    expect(() => perturb(x, [2], 'brightness', 0.1, 1)).toThrow(/points/);
    x.dispose();
  });
});

// ---------------------------------------------------------------- robustnessSweep

describe('robustnessSweep', () => {
  it('starts at exactly the unperturbed accuracy, over several batches', async () => {
    const model = xSign();
    const split = halfPlanePoints(600, 2);
    // Flip some labels so the baseline is not a trivial 1.
    for (let i = 0; i < 600; i += 7) split.y[i] = 1 - split.y[i];
    const probs = await predictProbabilities(model, split, [2]);
    const baseline = scoreProbabilities(probs, split.y, 2).accuracy;
    for (const kind of ['rotation', 'noise', 'shift'] as PerturbationKind[]) {
      const curve = await noLeak(() => robustnessSweep(model, split, [2], kind, [0, 0.3], 5));
      expect(curve.perturbation).toBe(kind);
      expect(curve.points.map((p) => p.strength)).toEqual([0, 0.3]);
      expect(curve.points[0].accuracy).toBe(baseline);
    }
  });

  it('loses accuracy monotonically as noise grows (linear boundary, same noise draw scaled)', async () => {
    const model = xSign();
    const split = halfPlanePoints(500, 3);
    const curve = await noLeak(() => robustnessSweep(model, split, [2], 'noise', [0, 0.1, 0.2, 0.4, 0.8], 9));
    const acc = curve.points.map((p) => p.accuracy);
    expect(acc[0]).toBe(1);
    for (let i = 1; i < acc.length; i++) expect(acc[i]).toBeLessThanOrEqual(acc[i - 1]);
    expect(acc[acc.length - 1]).toBeLessThan(0.8);
    // Same seed, same curve; the shift moves the whole set across the boundary.
    expect((await robustnessSweep(model, split, [2], 'noise', [0, 0.1, 0.2, 0.4, 0.8], 9)).points).toEqual(curve.points);
    const shifted = await robustnessSweep(model, split, [2], 'shift', [0, 0.5], 9);
    expect(shifted.points[1].accuracy).toBeLessThan(0.9);
  });

  it('a trained MLP loses accuracy under noise', async () => {
    const ds = makeToyDataset('gaussian', { samples: 400, noise: 0.1, classes: 2, seed: 1 });
    const model = buildModel({ ...defaultSettings(), model: 'mlp', hidden: [8], seed: 1 }, { shape: [2], numClasses: 2 });
    models.push(model);
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'sparseCategoricalCrossentropy' });
    const xs = tf.tensor2d(ds.x, [ds.count, 2]);
    const ys = tf.tensor1d(ds.y, 'float32');
    await model.fit(xs, ys, { epochs: 15, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
    const split: SplitArrays = { x: ds.x, y: ds.y, count: ds.count };
    const curve = await noLeak(() => robustnessSweep(model, split, [2], 'noise', [0, 0.3, 1], 4));
    const [clean, mid, heavy] = curve.points.map((p) => p.accuracy);
    expect(clean).toBeGreaterThan(0.9);
    expect(mid).toBeLessThan(clean);
    expect(heavy).toBeLessThan(mid);
  });

  it('sweeps images and stops early when asked', async () => {
    const model = tinyCnn([7, 7, 1], 3);
    const count = 300;
    const split: SplitArrays = { x: uniform(count * 49, 8), y: Int32Array.from({ length: count }, (_, i) => i % 3), count };
    const probs = await predictProbabilities(model, split, [7, 7, 1]);
    const baseline = scoreProbabilities(probs, split.y, 3).accuracy;
    let yields = 0;
    const curve = await noLeak(() =>
      robustnessSweep(model, split, [7, 7, 1], 'rotation', [0, 15, 45], 1, { yieldControl: async () => void yields++ }),
    );
    expect(curve.points[0].accuracy).toBe(baseline);
    expect(curve.points).toHaveLength(3);
    expect(yields).toBe(3 * 2); // two batches of ≤ 256 per strength
    let checks = 0;
    const stopped = await noLeak(() =>
      robustnessSweep(model, split, [7, 7, 1], 'noise', [0, 0.1, 0.2], 1, { shouldStop: () => ++checks > 3 }),
    );
    expect(stopped.points.map((p) => p.strength)).toEqual([0]);
  });
});

// ---------------------------------------------------------------- explain

/** conv(3×3, relu) → maxpool → flatten → dense(relu) → dropout → dense(softmax), seeded init. */
function tinyCnn(shape: number[], classes: number): tf.Sequential {
  let seed = 1;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const m = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', inputShape: shape, kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: init() }),
      new SeededDropout({ rate: 0.5, seed: 3 }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
  models.push(m);
  return m;
}

describe('explain', () => {
  it('saliency of a linear model is |W[:, c]|, max over channels, scaled; dropout is off', async () => {
    // Input 2 × 2 × 2 flattened in HWC order; W is 8 × 3.
    const W = [
      [1, -2, 0.5],
      [-3, 1, 0.5],
      [0.5, 4, -1],
      [2, -1, 1],
      [-0.5, 0, 2],
      [0.25, 2, -0.5],
      [0, -1, 1],
      [-1.5, 0.5, 0],
    ];
    const m = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [2, 2, 2] }),
        new SeededDropout({ rate: 0.5, seed: 1 }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    models.push(m);
    setWeights(m.layers[2], [
      { data: W.flat(), shape: [8, 3] },
      { data: [0.1, -0.2, 0.3], shape: [3] },
    ]);
    const image = uniform(8, 6);
    for (const c of [0, 1, 2]) {
      const e = await noLeak(() => explain(m, image, [2, 2, 2], 17, c));
      const perPixel = [0, 1, 2, 3].map((p) => Math.max(Math.abs(W[2 * p][c]), Math.abs(W[2 * p + 1][c])));
      const top = Math.max(...perPixel);
      expect(e.classIndex).toBe(c);
      expect(e.testIndex).toBe(17);
      expect([e.height, e.width]).toEqual([2, 2]);
      e.saliency.forEach((v, p) => expect(v).toBeCloseTo(perPixel[p] / top, 5));
      expect(e.gradCam).toBeNull();
    }
    // With no class asked for, the predicted one is explained, and the probabilities match predict().
    const e = await explain(m, image, [2, 2, 2], 0);
    const probs = tf.tidy(() => (m.predict(tf.tensor(image, [1, 2, 2, 2])) as tf.Tensor).dataSync());
    e.probabilities.forEach((p, k) => expect(p).toBeCloseTo(probs[k], 6));
    expect(e.predicted).toBe(e.probabilities.indexOf(Math.max(...e.probabilities)));
    expect(e.classIndex).toBe(e.predicted);
  });

  it('explains a 2-D point model as one row of two features', async () => {
    const m = linearPointModel(
      [
        [2, -1],
        [-4, 0.5],
      ],
      [0, 0],
    );
    const e = await noLeak(() => explain(m, new Float32Array([0.3, -0.2]), [2], 3, 1));
    expect([e.height, e.width]).toEqual([1, 2]);
    expect(e.saliency[0]).toBeCloseTo(1, 5); // |W[:, 1]| = [1, 0.5], scaled by its max
    expect(e.saliency[1]).toBeCloseTo(0.5, 5);
    expect(e.gradCam).toBeNull();
  });

  it('Grad-CAM of a 1×1 identity conv with a summing head is the image itself, scaled', async () => {
    const m = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'relu', inputShape: [4, 4, 1] }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    models.push(m);
    setWeights(m.layers[0], [
      { data: [1], shape: [1, 1, 1, 1] },
      { data: [0], shape: [1] },
    ]);
    // logit 0 = Σ A, logit 1 = −Σ A.
    setWeights(m.layers[2], [
      { data: Array.from({ length: 16 }, () => [1, -1]).flat(), shape: [16, 2] },
      { data: [0, 0], shape: [2] },
    ]);
    const image = uniform(16, 2, 0.1, 0.9);
    const top = Math.max(...image);
    const e = await noLeak(() => explain(m, image, [4, 4, 1], 0));
    expect(e.predicted).toBe(0);
    expect(e.gradCam).toHaveLength(16);
    e.gradCam!.forEach((v, i) => expect(v).toBeCloseTo(image[i] / top, 5));
    // Class 1's evidence is all negative: the rectified map is all zeros, not NaN.
    const against = await noLeak(() => explain(m, image, [4, 4, 1], 0, 1));
    expect(against.gradCam).toEqual(new Array(16).fill(0));
    expect(against.saliency).toEqual(new Array(16).fill(1));
  });

  it('Grad-CAM of a small CNN with pooling is input-sized and in [0, 1]; none without a conv layer', async () => {
    const m = tinyCnn([7, 7, 2], 3);
    const image = uniform(98, 9);
    for (const c of [0, 1, 2]) {
      const e = await noLeak(() => explain(m, image, [7, 7, 2], 5, c));
      expect([e.height, e.width]).toEqual([7, 7]);
      expect(e.saliency).toHaveLength(49);
      expect(e.gradCam).not.toBeNull();
      expect(e.gradCam).toHaveLength(49);
      for (const v of [...e.saliency, ...e.gradCam!]) expect(v >= 0 && v <= 1).toBe(true);
      expect(Math.max(...e.saliency)).toBe(1);
      const camMax = Math.max(...e.gradCam!);
      expect(camMax === 1 || camMax === 0).toBe(true);
    }
    // Dropout runs in inference mode: explaining twice gives the same maps.
    expect(await explain(m, image, [7, 7, 2], 5)).toEqual(await explain(m, image, [7, 7, 2], 5));
    const mlp = buildModel({ ...defaultSettings(), model: 'mlp', hidden: [4] }, { shape: [7, 7, 2], numClasses: 3 });
    models.push(mlp);
    expect((await noLeak(() => explain(mlp, image, [7, 7, 2], 0))).gradCam).toBeNull();
  });
});

// ---------------------------------------------------------------- decisionGrid

describe('decisionGrid', () => {
  it('splits the plane at x = 0 for a model of sign(x), with cell-centre confidences', async () => {
    const model = xSign();
    const g = await noLeak(() => decisionGrid(model, 4, 1));
    expect(g.resolution).toBe(4);
    expect(g.extent).toBe(1);
    expect(g.classes).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]);
    // Centres at x = ±0.25, ±0.75: p = σ(2·5x).
    const p = (x: number) => 1 / (1 + Math.exp(-10 * x));
    [p(0.75), p(0.25), p(0.25), p(0.75)].forEach((e, i) => expect(g.confidence[i]).toBeCloseTo(e, 5));
  });

  it('runs rows from the top (y = +extent) down', async () => {
    const model = linearPointModel(
      [
        [0, 0],
        [5, -5],
      ],
      [0, 0],
    );
    const g = await noLeak(() => decisionGrid(model, 4, 1.2));
    expect(g.classes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const full = await decisionGrid(xSign());
    expect(full.classes).toHaveLength(48 * 48);
    expect(full.extent).toBe(1.2);
  });

  it('refuses image models', async () => {
    await expect(decisionGrid(tinyCnn([7, 7, 1], 2))).rejects.toThrow(/2-D/);
  });
});
