import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeToyDataset } from '../../src/core/data/toy';
import { modelArtifacts } from '../../src/core/efficiency/export';
import { measureLatency } from '../../src/core/efficiency/latency';
import { copyWithWeights } from '../../src/core/efficiency/model-copy';
import { prunedCopy, pruneMagnitude } from '../../src/core/efficiency/prune';
import { dequantizeInt8, fromFloat16, quantizeInt8, roundTrip, toFloat16 } from '../../src/core/efficiency/quantize';
import { efficiencyReport } from '../../src/core/efficiency/report';
import { parameterBytes } from '../../src/core/efficiency/size';
import type { ModelArtifacts, WeightPrecision } from '../../src/core/efficiency/types';
import { buildModel } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';
import { predictProbabilities } from '../../src/core/train/evaluate';
import type { SplitArrays } from '../../src/core/train/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---------------------------------------------------------------- helpers

const models: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

function keep<T extends tf.LayersModel>(m: T): T {
  models.push(m);
  return m;
}

/** Runs `fn` and checks it leaves no tensor behind (what it returns is plain data, or a model it disposes). */
async function noLeak<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

function uniform(n: number, seed: number, lo: number, hi: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/** Every 16-bit pattern, 0x0000 … 0xffff. */
const ALL_HALVES = Uint16Array.from({ length: 65536 }, (_, i) => i);
const isNaNHalf = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
const bitsOf = (f: Float32Array) => new Uint32Array(f.buffer, f.byteOffset, f.length);

/** tfjs-core's own decoding of one quantised weight, as tf.loadLayersModel does it. */
function tfjsDecode(bytes: ArrayBuffer, n: number, quantization: tf.io.WeightsManifestEntry['quantization']): Float32Array {
  const map = tf.io.decodeWeights(bytes, [{ name: 'w', shape: [n], dtype: 'float32', quantization }]);
  const values = map.w.dataSync() as Float32Array;
  const copy = values.slice();
  tf.dispose(map);
  return copy;
}

function mlp(hidden: number[], dropout = false, seed = 1): tf.Sequential {
  return keep(buildModel({ ...defaultSettings(), model: 'mlp', hidden, dropout, dropoutRate: 0.3, seed }, { shape: [2], numClasses: 3 }));
}

async function predict(model: tf.LayersModel, x: Float32Array, shape: number[]): Promise<Float32Array> {
  return predictProbabilities(model, { x, y: new Int32Array(x.length / shape[0]), count: x.length / shape[0] }, shape);
}

function kernels(model: tf.LayersModel): Float32Array[] {
  return model.weights.filter((w) => w.shape.length >= 2).map((w) => w.read().dataSync() as Float32Array);
}

const zeros = (a: Float32Array) => a.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);

async function loadArtifacts(a: ModelArtifacts): Promise<tf.LayersModel> {
  const json = JSON.parse(a.modelJson);
  const weightData = a.weights.buffer.slice(a.weights.byteOffset, a.weights.byteOffset + a.weights.byteLength) as ArrayBuffer;
  return keep(
    await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }),
    ),
  );
}

// ---------------------------------------------------------------- float16

describe('float16', () => {
  it('decodes every half exactly as tfjs-core loads a float16 weight', () => {
    const ours = fromFloat16(ALL_HALVES);
    const theirs = tfjsDecode(ALL_HALVES.slice().buffer, 65536, { dtype: 'float16' });
    expect(Array.from(bitsOf(ours))).toEqual(Array.from(bitsOf(theirs)));
    expect(ours[0x3c00]).toBe(1);
    expect(ours[0x0001]).toBe(2 ** -24);
    expect(ours[0x7bff]).toBe(65504);
    expect(ours[0xfc00]).toBe(-Infinity);
  });

  it('encodes every representable value back to its own bits (zeros, subnormals, infinities)', () => {
    const finite = ALL_HALVES.filter((h) => !isNaNHalf(h));
    expect(Array.from(toFloat16(fromFloat16(finite)))).toEqual(Array.from(finite));
    const nan = toFloat16(Float32Array.of(NaN))[0];
    expect(isNaNHalf(nan)).toBe(true);
  });

  it('rounds to the nearest half, ties to even, with relative error ≤ 2⁻¹¹ on the normal range', () => {
    const rng = createRng(3);
    const values = Float32Array.from({ length: 20000 }, (_, i) => {
      // Log-uniform magnitudes over the whole half range, subnormals included, both signs.
      const v = 2 ** rng.uniform(-26, 15.99);
      return i % 2 ? v : -v;
    });
    const h = toFloat16(values);
    const back = fromFloat16(h);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const err = Math.abs(back[i] - v);
      // No neighbouring half of the same sign is closer; at equal distance the even one wins.
      const sign = h[i] & 0x8000;
      const m = h[i] & 0x7fff;
      for (const n of [m - 1, m + 1]) {
        if (n < 0 || n > 0x7bff) continue;
        const altErr = Math.abs(fromFloat16(Uint16Array.of(sign | n))[0] - v);
        expect(err).toBeLessThanOrEqual(altErr);
        if (err === altErr) expect(m % 2).toBe(0);
      }
      if (Math.abs(v) >= 2 ** -14) expect(err / Math.abs(v)).toBeLessThanOrEqual(2 ** -11);
      else expect(err).toBeLessThanOrEqual(2 ** -25);
    }
  });

  it('breaks ties to the even mantissa, flushes below 2⁻²⁵ to zero and saturates overflow', () => {
    const h = (v: number) => toFloat16(Float32Array.of(v))[0];
    expect(h(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1 + 2⁻¹⁰: keeps the even 1
    expect(h(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between odd 0x3c01 and even 0x3c02
    expect(h(2 ** -25)).toBe(0x0000); // halfway between 0 and the smallest subnormal
    expect(h(1.5 * 2 ** -25)).toBe(0x0001);
    expect(h(-(2 ** -30))).toBe(0x8000);
    expect(h(2 ** -24)).toBe(0x0001);
    expect(h(65504)).toBe(0x7bff);
    expect(h(65519)).toBe(0x7bff);
    expect(h(65520)).toBe(0x7bff); // numpy gives Infinity here; saturating keeps the weight finite
    expect(h(1e9)).toBe(0x7bff);
    expect(h(-1e9)).toBe(0xfbff);
    expect(h(Infinity)).toBe(0x7c00);
    expect(h(-Infinity)).toBe(0xfc00);
  });
});

// ---------------------------------------------------------------- int8 (TF.js 'uint8' affine)

describe('int8 affine quantisation', () => {
  it('matches tfjs-converter on its documented example', () => {
    // quantize_weights([0, -0.1, 1.2], uint8) → q [20, 0, 255], min −0.10196078817, scale 0.00509803940852.
    const { q, min, scale } = quantizeInt8(Float32Array.of(0, -0.1, 1.2));
    expect(Array.from(q)).toEqual([20, 0, 255]);
    expect(min).toBeCloseTo(-0.10196078817, 9);
    expect(scale).toBeCloseTo(0.00509803940852, 12);
  });

  it.each([
    ['mixed signs', -0.8, 1.3],
    ['all positive', 0.2, 0.9],
    ['all negative', -3, -1],
    ['tiny range', 1e-4, 2e-4],
    ['wide range', -500, 20],
  ])('round-trips %s within scale/2, decoded exactly as tfjs-core does', (_label, lo, hi) => {
    const values = uniform(5000, 7, lo, hi);
    const quantized = quantizeInt8(values);
    const back = dequantizeInt8(quantized);
    // The loader computes q·scale + min and stores it as float32: one float32 rounding on top of scale/2.
    const eps = Math.max(Math.abs(lo), Math.abs(hi)) * 2 ** -23;
    let worst = 0;
    for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(back[i] - values[i]));
    expect(worst).toBeLessThanOrEqual(quantized.scale / 2 + eps);
    expect(roundTrip(values, 'int8').maxAbsError).toBe(worst);
    const theirs = tfjsDecode(quantized.q.slice().buffer, values.length, { dtype: 'uint8', min: quantized.min, scale: quantized.scale });
    expect(Array.from(back)).toEqual(Array.from(theirs));
    if (lo <= 0 && hi >= 0) {
      // The nudged range represents zero exactly, so pruned weights stay exactly zero.
      expect(dequantizeInt8({ ...quantized, q: Uint8Array.of(Math.round(-quantized.min / quantized.scale)) })[0]).toBe(0);
      expect(roundTrip(pruneMagnitude(values, 0.5), 'int8').values.filter((v) => v === 0).length).toBeGreaterThanOrEqual(2500);
    }
  });

  it('handles constant and empty tensors without NaN', () => {
    for (const c of [0, 0.3, -7]) {
      const values = new Float32Array(10).fill(c);
      const quantized = quantizeInt8(values);
      expect(quantized.scale).toBe(1);
      expect(Array.from(quantized.q)).toEqual(new Array(10).fill(0));
      expect(roundTrip(values, 'int8')).toEqual({ values, maxAbsError: 0 });
      expect(
        Array.from(tfjsDecode(quantized.q.slice().buffer, 10, { dtype: 'uint8', min: quantized.min, scale: quantized.scale })),
      ).toEqual(Array.from(values));
    }
    expect(roundTrip(new Float32Array(0), 'int8')).toEqual({ values: new Float32Array(0), maxAbsError: 0 });
  });

  it('float32 round trip is an exact copy', () => {
    const values = uniform(100, 2, -1, 1);
    const r = roundTrip(values, 'float32');
    expect(r.maxAbsError).toBe(0);
    expect(r.values).toEqual(values);
    expect(r.values).not.toBe(values);
  });
});

// ---------------------------------------------------------------- pruning

describe('magnitude pruning', () => {
  it('zeros exactly round(s·n) of the smallest magnitudes, ties by index', () => {
    const values = uniform(1001, 4, -1, 1);
    for (const s of [0, 0.25, 0.5, 0.95, 1]) {
      const pruned = pruneMagnitude(values, s);
      expect(zeros(pruned)).toBe(Math.round(s * 1001));
      const kept = Array.from(pruned)
        .filter((v) => v !== 0)
        .map(Math.abs);
      const dropped = Array.from(values)
        .filter((_, i) => pruned[i] === 0)
        .map(Math.abs);
      if (kept.length && dropped.length) expect(Math.max(...dropped)).toBeLessThanOrEqual(Math.min(...kept));
    }
    expect(Array.from(pruneMagnitude(Float32Array.of(1, -1, 1, 2), 0.5))).toEqual([0, 0, 1, 2]);
    expect(Array.from(values)).toEqual(Array.from(uniform(1001, 4, -1, 1)));
    expect(() => pruneMagnitude(values, 1.5)).toThrow(RangeError);
    expect(() => pruneMagnitude(values, NaN)).toThrow(RangeError);
  });

  it('prunes each kernel of a model to the exact count and keeps the biases', async () => {
    const model = mlp([16, 8]);
    const originalKernels = kernels(model).map((k) => k.slice());
    for (const s of [0, 0.5, 0.95]) {
      const before = tf.memory().numTensors;
      const copy = await prunedCopy(model, s);
      kernels(copy).forEach((k, i) => expect(zeros(k)).toBe(Math.round(s * originalKernels[i].length)));
      const biases = (m: tf.LayersModel) => m.weights.filter((w) => w.shape.length === 1).map((w) => Array.from(w.read().dataSync()));
      expect(biases(copy)).toEqual(biases(model));
      copy.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    // The original is untouched.
    kernels(model).forEach((k, i) => expect(Array.from(k)).toEqual(Array.from(originalKernels[i])));
  });

  it('a copy pruned at 0 sparsity predicts identically', async () => {
    const model = mlp([16], true);
    const copy = keep(await prunedCopy(model, 0));
    const x = uniform(200, 5, -1, 1);
    expect(await predict(copy, x, [2])).toEqual(await predict(model, x, [2]));
  });
});

// ---------------------------------------------------------------- copies, size, latency

describe('copies, size and latency', () => {
  it('copyWithWeights builds an independent model (SeededDropout included) and frees every temporary', async () => {
    const model = mlp([8], true);
    expect(model.layers.some((l) => l.getClassName() === 'SeededDropout')).toBe(true);
    const seen: { name: string; isKernel: boolean }[] = [];
    const before = tf.memory().numTensors;
    const copy = await copyWithWeights(model, (w, name, isKernel) => {
      seen.push({ name, isKernel });
      return w.map((v) => v * 2);
    });
    expect(seen.map((s) => s.isKernel)).toEqual([true, false, true, false]);
    expect(seen.map((s) => s.name)).toEqual(model.weights.map((w) => w.name));
    const a = model.weights.map((w) => Array.from(w.read().dataSync()));
    const b = copy.weights.map((w) => Array.from(w.read().dataSync()));
    expect(b).toEqual(a.map((w) => w.map((v) => v * 2)));
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The original still works after its copy is gone.
    expect((await predict(model, uniform(4, 1, -1, 1), [2])).length).toBe(6);
  });

  it('parameterBytes counts every weight at 4, 2 and 1 byte (+8 per int8 tensor)', () => {
    const model = mlp([32, 32]);
    const { params, bytes } = parameterBytes(model);
    expect(params).toBe(2 * 32 + 32 + 32 * 32 + 32 + 32 * 3 + 3);
    expect(params).toBe(model.countParams());
    expect(bytes).toEqual({ float32: 4 * params, float16: 2 * params, int8: params + 8 * 6 });
  });

  it('measureLatency returns positive medians and frees its inputs', async () => {
    const model = mlp([16]);
    const latency = await noLeak(() => measureLatency(model, [2], 3));
    expect(latency.backend).toBe('cpu');
    expect(latency.perSampleMs).toBeGreaterThan(0);
    expect(latency.perBatch32Ms).toBeGreaterThan(0);
    expect(Number.isFinite(latency.perBatch32Ms)).toBe(true);
  });
});

// ---------------------------------------------------------------- export

describe('model export in TF.js layers format', () => {
  it.each(['float32', 'float16', 'int8'] as WeightPrecision[])(
    '%s: saves, loads back with tf.loadLayersModel and predicts as the quantised copy',
    async (precision) => {
      const model = mlp([16], true, 4);
      const artifacts = await noLeak(() => modelArtifacts(model, precision, 'stem'));
      expect(artifacts.precision).toBe(precision);
      expect(artifacts.fileStem).toBe('stem');
      const json = JSON.parse(artifacts.modelJson);
      expect(json.format).toBe('layers-model');
      expect(json.weightsManifest).toHaveLength(1);
      expect(json.weightsManifest[0].paths).toEqual(['stem.weights.bin']);
      const specs = json.weightsManifest[0].weights as tf.io.WeightsManifestEntry[];
      const { params, bytes } = parameterBytes(model);
      expect(artifacts.weights.length).toBe(precision === 'int8' ? bytes.int8 - 8 * specs.length : bytes[precision]);
      expect(artifacts.weights.length).toBe(params * { float32: 4, float16: 2, int8: 1 }[precision]);
      if (precision === 'float32') expect(specs.every((s) => s.quantization === undefined)).toBe(true);
      else expect(specs.every((s) => s.quantization?.dtype === (precision === 'int8' ? 'uint8' : 'float16'))).toBe(true);

      const loaded = await loadArtifacts(artifacts);
      const x = uniform(300, 9, -1.5, 1.5);
      const original = await predict(model, x, [2]);
      const fromFile = await predict(loaded, x, [2]);
      if (precision === 'float32') {
        expect(fromFile).toEqual(original);
      } else {
        // Exactly what the quantised copy the report scores predicts, and close to the original.
        const copy = keep(await copyWithWeights(model, (w) => roundTrip(w, precision).values));
        expect(fromFile).toEqual(await predict(copy, x, [2]));
        const tolerance = precision === 'float16' ? 2e-3 : 5e-2;
        for (let i = 0; i < original.length; i++) expect(Math.abs(fromFile[i] - original[i])).toBeLessThan(tolerance);
      }
    },
  );
});

// ---------------------------------------------------------------- the report

describe('efficiencyReport', () => {
  async function trainedMlp(): Promise<{ model: tf.Sequential; test: SplitArrays }> {
    const ds = makeToyDataset('gaussian', { samples: 600, noise: 0.3, classes: 3, seed: 2 });
    const model = mlp([24], false, 2);
    model.compile({ optimizer: tf.train.adam(0.03), loss: 'sparseCategoricalCrossentropy' });
    const xs = tf.tensor2d(ds.x, [ds.count, 2]);
    const ys = tf.tensor1d(ds.y, 'float32');
    await model.fit(xs, ys, { epochs: 10, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
    return { model, test: { x: ds.x, y: ds.y, count: ds.count } };
  }

  it('reports finite size, latency and accuracies on a trained MLP, leaving no tensor behind', async () => {
    const { model, test } = await trainedMlp();
    let yields = 0;
    const report = await noLeak(() => efficiencyReport(model, test, [2], undefined, { yieldControl: async () => void yields++ }));
    expect(yields).toBeGreaterThan(0);
    expect(report.params).toBe(model.countParams());
    expect(report.bytes.float32).toBe(4 * report.params);
    for (const v of [report.latency.perSampleMs, report.latency.perBatch32Ms, report.baselineAccuracy])
      expect(Number.isFinite(v)).toBe(true);
    expect(report.baselineAccuracy).toBeGreaterThan(0.7);
    expect(report.quantized.float16.maxAbsError).toBeGreaterThan(0);
    expect(report.quantized.float16.maxAbsError).toBeLessThan(report.quantized.int8.maxAbsError);
    expect(Math.abs(report.quantized.float16.accuracy - report.baselineAccuracy)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(report.quantized.int8.accuracy - report.baselineAccuracy)).toBeLessThanOrEqual(0.05);
    expect(report.pruning.map((p) => p.sparsity)).toEqual([0, 0.25, 0.5, 0.75, 0.9, 0.95]);
    expect(report.pruning[0].accuracy).toBe(report.baselineAccuracy);
    for (const p of report.pruning) expect(Number.isFinite(p.accuracy)).toBe(true);
    // Broadly downhill: heavy pruning does not beat the unpruned model by more than noise.
    const acc = report.pruning.map((p) => p.accuracy);
    expect(acc[acc.length - 1]).toBeLessThanOrEqual(acc[0] + 0.02);
    expect(Math.min(...acc)).toBeLessThan(acc[0]);
    // Plain data: it survives structured cloning to the main thread.
    expect(structuredClone(report)).toEqual(report);
  });

  it('stops between steps when asked, freeing the copies', async () => {
    const model = mlp([8]);
    const test: SplitArrays = { x: uniform(100, 3, -1, 1), y: new Int32Array(50), count: 50 };
    let steps = 0;
    await noLeak(() => expect(efficiencyReport(model, test, [2], [0, 0.5], { shouldStop: () => ++steps > 3 })).rejects.toThrow(/stopped/));
  });

  it('scores a regression model by R²', async () => {
    const model = keep(tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] }));
    const kernel = tf.tensor2d([1, -2], [2, 1]);
    const bias = tf.tensor1d([0.5]);
    model.layers[0].setWeights([kernel, bias]);
    tf.dispose([kernel, bias]);
    const x = uniform(200, 6, -1, 1);
    const targets = Float32Array.from({ length: 100 }, (_, i) => x[2 * i] - 2 * x[2 * i + 1] + 0.5);
    const report = await efficiencyReport(model, { x, y: new Int32Array(100), count: 100, targets }, [2], [0, 0.5]);
    expect(report.baselineAccuracy).toBeCloseTo(1, 6);
    expect(report.quantized.float16.accuracy).toBeGreaterThan(0.999);
    expect(report.pruning[1].accuracy).toBeLessThan(0.9);
  });
});
