import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/core/backends/wasm-kernels';
import { augmentBatch } from '../../src/core/data/augment';
import type { AugmentOptions } from '../../src/core/data/augment-options';
import { makeShapesDataset } from '../../src/core/data/shapes';
import { gatherRows, splitDataset } from '../../src/core/data/split';
import { buildModel, type ModelInput, type ModelSettings } from '../../src/core/model/build';
import { ACTIVATIONS, OPTIMIZERS, defaultSettings } from '../../src/core/preset/schema';
import { createRng, type Rng } from '../../src/core/rng';
import { trainModel, type TrainInputs } from '../../src/core/train/loop';
import { makeOptimizer } from '../../src/core/train/optimizer';

/**
 * The WASM backend in node: the package's node build reads the .wasm binaries from disk, so the path prefix
 * is the folder holding them (its dist/, where its main file lives), ending in '/'.
 */
const WASM_DIR = `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`;

let registered: string[] = [];
beforeAll(async () => {
  setWasmPaths(WASM_DIR);
  registered = registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.setBackend('cpu');
});

type Backend = 'cpu' | 'wasm';

/** Runs `f` with `backend` active. Tensors passed between backends are made again from plain arrays. */
async function on<T>(backend: Backend, f: () => T | Promise<T>): Promise<T> {
  await tf.setBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  return f();
}

function randomArray(n: number, rng: Rng, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/** The values of the tensor `make` returns (made in a tidy, read, then freed), checking its shape. */
function values(make: () => tf.Tensor, shape: number[]): Float32Array {
  const t = tf.tidy(make);
  expect(t.shape).toEqual(shape);
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v;
}

/** max |a − b| and max |ref|, over all elements. */
function diff(a: ArrayLike<number>, ref: ArrayLike<number>): { max: number; scale: number } {
  expect(a.length).toBe(ref.length);
  let max = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    max = Math.max(max, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return { max: Number.isNaN(max) ? Infinity : max, scale };
}

// ---------------------------------------------------------------- registration

describe('registerWasmTrainingKernels', () => {
  it('registers UnsortedSegmentSum and Conv2DBackpropFilter (missing), Conv2DBackpropInput (slow) and MaxPoolGrad (wrong) on wasm, once', () => {
    expect(registered).toEqual(['UnsortedSegmentSum', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad']);
    const ours = registered.map((name) => tf.getKernel(name, 'wasm')!.kernelFunc);
    expect(registerWasmTrainingKernels()).toEqual([]);
    expect(registered.map((name) => tf.getKernel(name, 'wasm')!.kernelFunc)).toEqual(ours);
  });

  it('leaves on wasm only the cpu kernels no Fitlab model or augmentation uses', () => {
    // Complex numbers, FFT, ragged and string ops, drawing to a canvas, einsum and depthwise-conv gradients.
    // Should a TF.js upgrade change this list, check the new gaps against what training needs.
    const wasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
    const missing = tf
      .getKernelsForBackend('cpu')
      .map((k) => k.kernelName)
      .filter((n) => !wasm.has(n))
      .sort();
    expect(missing).toEqual([
      'Complex',
      'ComplexAbs',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'Draw',
      'Einsum',
      'FFT',
      'IFFT',
      'Imag',
      'RaggedGather',
      'RaggedRange',
      'RaggedTensorToTensor',
      'Real',
      'StaticRegexReplace',
    ]);
  });
});

describe('UnsortedSegmentSum on wasm', () => {
  it('matches cpu on random segments (float and int, 1-D and 3-D values), and is the gradient of gather', async () => {
    const cases: { shape: number[]; ids: number[]; k: number; dtype: 'float32' | 'int32' }[] = [
      { shape: [6], ids: [0, 2, 2, 1, 0, 4], k: 5, dtype: 'float32' },
      { shape: [5, 3, 2], ids: [1, 1, 0, 3, 1], k: 4, dtype: 'float32' },
      { shape: [4, 3], ids: [2, 0, 2, 2], k: 3, dtype: 'int32' },
    ];
    for (const c of cases) {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: n }, (_, i) => (c.dtype === 'int32' ? ((i * 7) % 11) - 5 : Math.sin(i * 1.7) * 3));
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const x = tf.tensor(values, c.shape, c.dtype);
        const ids = tf.tensor1d(c.ids, 'int32');
        const out = tf.unsortedSegmentSum(x, ids, c.k);
        const r = { shape: out.shape, dtype: out.dtype, data: Array.from(await out.data()) };
        tf.dispose([x, ids, out]);
        return r;
      };
      const ref = await run('cpu');
      const got = await run('wasm');
      expect(got.shape).toEqual(ref.shape);
      expect(got.dtype).toEqual(ref.dtype);
      for (let i = 0; i < ref.data.length; i++) expect(got.data[i]).toBeCloseTo(ref.data[i], 4);
    }
    // The gradient of a gathered logit lands on the gathered column only.
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const g = tf.grad((t: tf.Tensor) => tf.gather(t, [2], 1).sum())(x);
    expect(Array.from(await g.data())).toEqual([0, 0, 1, 0, 0, 1]);
    tf.dispose([x, g]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

// ---------------------------------------------------------------- conv2d gradients against cpu

interface ConvCase {
  batch: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
  strides: [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat: 'NHWC' | 'NCHW';
}

/** Random cases: batch 1–4, channels 1–8, kernel 1–5 (square or not), strides 1–3, every padding kind. */
function convCases(n: number, seed: number): ConvCase[] {
  const rng = createRng(seed);
  const int = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);
  return Array.from({ length: n }, (_, i): ConvCase => {
    const kh = int(1, 5);
    const stride = int(1, 3);
    const kw = rng.next() < 0.7 ? kh : int(1, 5);
    const kind = i % 4;
    const nchw = i % 5 === 4;
    // Explicit padding lists the data format's own axes: [batch, h, w, c] or [batch, c, h, w].
    const hw: [number, number][] = [
      [int(0, 2), int(0, 2)],
      [int(0, 2), int(0, 2)],
    ];
    const explicit: ConvCase['pad'] = nchw ? ([[0, 0], [0, 0], ...hw] as ConvCase['pad']) : ([[0, 0], ...hw, [0, 0]] as ConvCase['pad']);
    const pad = kind === 0 ? 'valid' : kind === 1 ? 'same' : kind === 2 ? explicit : int(0, 2);
    return {
      batch: int(1, 4),
      h: kh + int(0, 9),
      w: kw + int(0, 9),
      cin: int(1, 8),
      cout: int(1, 8),
      kh,
      kw,
      strides: rng.next() < 0.7 ? [stride, stride] : [stride, int(1, 3)],
      pad,
      ...(kind === 3 ? { dimRoundingMode: (['floor', 'round', 'ceil'] as const)[int(0, 2)] } : {}),
      dataFormat: nchw ? 'NCHW' : 'NHWC',
    };
  });
}

/** x, filter and dy of a case as plain arrays with their shapes (dy's from TF.js's own conv arithmetic). */
function convInputs(c: ConvCase, seed: number) {
  const nchw = c.dataFormat === 'NCHW';
  const info = tf.backend_util.computeConv2DInfo(
    nchw ? [c.batch, c.cin, c.h, c.w] : [c.batch, c.h, c.w, c.cin],
    [c.kh, c.kw, c.cin, c.cout],
    c.strides,
    1,
    c.pad,
    c.dimRoundingMode,
    false,
    nchw ? 'channelsFirst' : 'channelsLast',
  );
  const xShape = nchw ? [c.batch, c.cin, c.h, c.w] : [c.batch, c.h, c.w, c.cin];
  const dyShape = nchw ? [c.batch, c.cout, info.outHeight, info.outWidth] : [c.batch, info.outHeight, info.outWidth, c.cout];
  const rng = createRng(seed);
  return {
    x: randomArray(
      xShape.reduce((a, b) => a * b),
      rng,
    ),
    dy: randomArray(
      dyShape.reduce((a, b) => a * b),
      rng,
    ),
    filter: randomArray(c.kh * c.kw * c.cin * c.cout, rng),
    xShape,
    dyShape,
    empty: info.outHeight <= 0 || info.outWidth <= 0,
  };
}

/** Both gradient kernels of a conv2d, run directly with the case's attributes: [dFilter, dx]. */
function runConvGrads(c: ConvCase, inp: ReturnType<typeof convInputs>): Float32Array[] {
  const common = {
    strides: c.strides,
    pad: c.pad,
    dataFormat: c.dataFormat,
    ...(c.dimRoundingMode ? { dimRoundingMode: c.dimRoundingMode } : {}),
  };
  const filterShape = [c.kh, c.kw, c.cin, c.cout];
  const dw = values(
    () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(inp.x, inp.xShape), dy: tf.tensor(inp.dy, inp.dyShape) }, {
        ...common,
        filterShape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor,
    filterShape,
  );
  const dx = values(
    () =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor(inp.dy, inp.dyShape), filter: tf.tensor(inp.filter, filterShape) }, {
        ...common,
        inputShape: inp.xShape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor,
    inp.xShape,
  );
  return [dw, dx];
}

describe('Conv2DBackpropFilter and Conv2DBackpropInput on wasm match cpu', () => {
  const cases = convCases(48, 2024)
    .map((c, i) => ({ c, inp: convInputs(c, 100 + i) }))
    .filter(({ inp }) => !inp.empty);

  it('covers every stride, padding kind, kernel size and data format', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const strides = new Set(cases.flatMap(({ c }) => c.strides));
    expect([...strides].sort()).toEqual([1, 2, 3]);
    expect(new Set(cases.map(({ c }) => c.kh))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(cases.some(({ c }) => c.pad === 'same' && c.strides[0] === 2)).toBe(true);
    expect(new Set(cases.filter(({ c }) => c.dataFormat === 'NCHW').map(({ c }) => typeof c.pad))).toEqual(
      new Set(['string', 'object', 'number']),
    );
  });

  it.each([0, 1, 2, 3])('on random cases (part %i of 4)', async (part) => {
    for (const { c, inp } of cases.filter((_, i) => i % 4 === part)) {
      const ref = await on('cpu', () => runConvGrads(c, inp));
      const got = await on('wasm', () => runConvGrads(c, inp));
      got.forEach((g, k) => {
        const { max, scale } = diff(g, ref[k]);
        expect(max, `${k ? 'dx' : 'dFilter'} ${JSON.stringify(c)}`).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
      });
    }
  });

  it('the conv2d gradients the layers use, through tf.grads, for the strides and paddings layers allow', async () => {
    const rng = createRng(7);
    for (const strides of [1, 2, 3]) {
      for (const pad of ['valid', 'same'] as const) {
        const [b, h, w, cin, cout, k] = [3, 11, 9, 3, 5, 3];
        const x = randomArray(b * h * w * cin, rng);
        const f = randomArray(k * k * cin * cout, rng);
        const grads = () => {
          const dxDw = tf.tidy(() =>
            tf.grads((xt: tf.Tensor, filter: tf.Tensor) => {
              const y = tf.conv2d(xt as tf.Tensor4D, filter as tf.Tensor4D, strides, pad);
              // A weighted sum, so every output position gets its own dy.
              return y.mul(tf.linspace(-1, 1, y.size).reshape(y.shape)).sum();
            })([tf.tensor4d(x, [b, h, w, cin]), tf.tensor4d(f, [k, k, cin, cout])]),
          );
          const out = dxDw.map((g) => g.dataSync());
          tf.dispose(dxDw);
          return out;
        };
        const ref = await on('cpu', grads);
        const got = await on('wasm', grads);
        got.forEach((g, i) => {
          const { max, scale } = diff(g, ref[i]);
          expect(max, `${i ? 'dFilter' : 'dx'} ${strides} ${pad}`).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
        });
      }
    }
  });
});

// ---------------------------------------------------------------- MaxPoolGrad against cpu

interface PoolCase {
  batch: number;
  h: number;
  w: number;
  c: number;
  filterSize: [number, number];
  strides: [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** Values rounded to quarters: ties and all-negative windows, the cases WASM's own kernel gets wrong. */
  coarse: boolean;
}

function poolCases(n: number, seed: number): PoolCase[] {
  const rng = createRng(seed);
  const int = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);
  return Array.from({ length: n }, (_, i): PoolCase => {
    const f = int(1, 4);
    const s = int(1, 3);
    const kind = i % 3;
    return {
      batch: int(1, 4),
      h: f + int(0, 8),
      w: f + int(0, 8),
      c: int(1, 8),
      filterSize: rng.next() < 0.7 ? [f, f] : [f, int(1, 4)],
      strides: rng.next() < 0.7 ? [s, s] : [s, int(1, 3)],
      pad: kind === 0 ? 'valid' : kind === 1 ? 'same' : int(0, 1),
      ...(kind === 2 ? { dimRoundingMode: (['floor', 'round', 'ceil'] as const)[int(0, 2)] } : {}),
      coarse: i % 2 === 0,
    };
  });
}

/** x, the pooled y (computed once, on cpu, so both backends get the same inputs) and a random dy. */
async function poolInputs(c: PoolCase, seed: number) {
  const rng = createRng(seed);
  const xShape = [c.batch, c.h, c.w, c.c];
  const x = randomArray(
    xShape.reduce((a, b) => a * b),
    rng,
  ).map((v) => (c.coarse ? Math.round(v * 4) / 4 : v));
  const { y, yShape } = await on('cpu', () =>
    tf.tidy(() => {
      const out = tf.maxPool(tf.tensor4d(x, xShape as Shape4), c.filterSize, c.strides, c.pad, c.dimRoundingMode);
      return { y: out.dataSync() as Float32Array, yShape: out.shape };
    }),
  );
  return { x, xShape, y, yShape, dy: randomArray(y.length, rng) };
}

function runPoolGrad(c: PoolCase, inp: Awaited<ReturnType<typeof poolInputs>>): Float32Array {
  return values(
    () =>
      tf
        .engine()
        .runKernel(
          'MaxPoolGrad',
          { dy: tf.tensor(inp.dy, inp.yShape), input: tf.tensor(inp.x, inp.xShape), output: tf.tensor(inp.y, inp.yShape) },
          {
            filterSize: c.filterSize,
            strides: c.strides,
            pad: c.pad,
            ...(c.dimRoundingMode ? { dimRoundingMode: c.dimRoundingMode } : {}),
          } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor,
    inp.xShape,
  );
}

type Shape4 = [number, number, number, number];

describe('MaxPoolGrad on wasm matches cpu', () => {
  const cases = poolCases(40, 77);

  it('a window of negative values sends its gradient to its maximum (WASM’s own kernel picked another pixel)', async () => {
    // Documents why MaxPoolGrad is replaced: the max of [-4, -3, -2, -1] is the last pixel.
    const grad = () =>
      tf.tidy(() =>
        tf
          .grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid').sum())(tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1]))
          .dataSync(),
      );
    expect(Array.from(await on('wasm', grad))).toEqual([0, 0, 0, 1]);
    expect(Array.from(await on('cpu', grad))).toEqual([0, 0, 0, 1]);
  });

  it.each([0, 1])('on random cases with ties, negative windows, strides 1–3 and every padding (part %i of 2)', async (part) => {
    for (const [i, c] of cases.entries()) {
      if (i % 2 !== part) continue;
      const inp = await poolInputs(c, 300 + i);
      const ref = await on('cpu', () => runPoolGrad(c, inp));
      const got = await on('wasm', () => runPoolGrad(c, inp));
      // Exact: each dy value is routed, not summed differently (overlapping windows add a few terms).
      const { max, scale } = diff(got, ref);
      expect(max, JSON.stringify(c)).toBeLessThanOrEqual(1e-6 * Math.max(1, scale));
    }
  });

  it('the maxPool gradient the layers use, through tf.grad (2×2 pools, 3×3 stride 2 overlapping)', async () => {
    const rng = createRng(8);
    for (const [f, s, pad] of [
      [2, 2, 'valid'],
      [2, 2, 'same'],
      [3, 2, 'same'],
      [3, 1, 'valid'],
    ] as const) {
      const x = randomArray(3 * 9 * 7 * 5, rng);
      const grad = () =>
        tf.tidy(() =>
          tf
            .grad((t: tf.Tensor) => {
              const y = tf.maxPool(t as tf.Tensor4D, f, s, pad);
              return y.mul(tf.linspace(-1, 1, y.size).reshape(y.shape)).sum();
            })(tf.tensor4d(x, [3, 9, 7, 5]))
            .dataSync(),
        );
      expect(diff(await on('wasm', grad), await on('cpu', grad)).max, `${f} ${s} ${pad}`).toBeLessThanOrEqual(1e-6);
    }
  });
});

// ---------------------------------------------------------------- memory

describe('registered kernels on wasm: memory', () => {
  it('leak no tensors over 20 calls, directly or under a gradient tape', async () => {
    await on('wasm', () => {
      const x = tf.tensor4d(randomArray(2 * 9 * 9 * 3, createRng(1)), [2, 9, 9, 3]);
      const f1 = tf.variable(tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 1)) as tf.Variable<tf.Rank.R4>;
      const f2 = tf.variable(tf.randomNormal([2, 2, 4, 5], 0, 1, 'float32', 2)) as tf.Variable<tf.Rank.R4>;
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      for (let i = 0; i < 20; i++) {
        // Directly: each returned tensor is alive and readable, and the only one its kernel adds.
        const dy = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', i);
        const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
          strides: [2, 2],
          pad: 'same',
          dataFormat: 'NHWC',
          filterShape: [3, 3, 3, 4],
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        expect(tf.memory().numTensors).toBe(before + 2);
        expect(dw.shape).toEqual([3, 3, 3, 4]);
        const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f1 }, {
          strides: [2, 2],
          pad: 'same',
          dataFormat: 'NHWC',
          inputShape: [2, 9, 9, 3],
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        expect(tf.memory().numTensors).toBe(before + 3);
        expect(dx.shape).toEqual([2, 9, 9, 3]);
        const y = tf.maxPool(x, 2, 2, 'valid');
        const dyPool = tf.onesLike(y);
        const dxPool = tf.engine().runKernel('MaxPoolGrad', { dy: dyPool, input: x, output: y }, {
          filterSize: 2,
          strides: 2,
          pad: 'valid',
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        expect(tf.memory().numTensors).toBe(before + 6);
        expect(tf.tidy(() => dxPool.sum().dataSync()[0])).toBe(y.size);
        expect([dw, dx].every((t) => t.dataSync().every(Number.isFinite))).toBe(true);
        tf.dispose([dy, dw, dx, y, dyPool, dxPool]);
        // Under a tape, as inside optimizer.minimize: conv → pool → conv → loss needs all three kernels.
        const { value, grads } = tf.variableGrads(() => {
          const h = tf.maxPool(tf.relu(tf.conv2d(x, f1, 1, 'same')), 2, 2, 'same');
          return tf.conv2d(h, f2, 1, 'valid').square().sum() as tf.Scalar;
        }, [f1, f2]);
        expect(Number.isFinite(grads[f1.name].dataSync()[0])).toBe(true);
        tf.dispose([value, grads[f1.name], grads[f2.name]]);
        counts.push(tf.memory().numTensors);
      }
      expect(new Set(counts)).toEqual(new Set([before]));
      tf.dispose([x, f1, f2]);
    });
  });
});

// ---------------------------------------------------------------- every model Fitlab builds

const settings = (patch: Partial<ModelSettings>): ModelSettings => ({ ...defaultSettings(), seed: 3, ...patch });

interface ModelCase {
  name: string;
  patch: Partial<ModelSettings>;
  input: ModelInput;
  batch: number;
}

const AUGMENT_ALL: AugmentOptions = { flip: true, rotateDeg: 20, shiftPx: 2, brightness: 0.2, noiseSd: 0.05 };
const POINTS: ModelInput = { shape: [2], numClasses: 3 };
const SMALL_IMAGES: ModelInput = { shape: [14, 14, 2], numClasses: 4 };
const CIFAR: ModelInput = { shape: [32, 32, 3], numClasses: 10 };

const MODEL_CASES: ModelCase[] = [
  ...ACTIVATIONS.map((activation) => ({
    name: `MLP ${activation}`,
    patch: { model: 'mlp' as const, hidden: [16, 8], activation },
    input: POINTS,
    batch: 8,
  })),
  ...ACTIVATIONS.map((activation) => ({
    name: `MLP ${activation} + dropout + batchNorm + L1 + L2, on images`,
    patch: {
      model: 'mlp' as const,
      hidden: [16, 8],
      activation,
      dropout: true,
      dropoutRate: 0.3,
      batchNorm: true,
      l1: true,
      l1Lambda: 0.01,
      l2: true,
      l2Lambda: 0.01,
    },
    input: { shape: [6, 6, 1], numClasses: 3 },
    batch: 8,
  })),
  {
    name: 'MLP regression',
    patch: { model: 'mlp', hidden: [8], activation: 'tanh' },
    input: { shape: [3], numClasses: 0, task: 'regression' },
    batch: 8,
  },
  ...ACTIVATIONS.map((activation, i) => ({
    name: `CNN ${activation}, kernel ${i % 2 ? 5 : 3}${i % 3 === 0 ? ', batchNorm' : ''}${i % 3 === 1 ? ', dropout + L2' : ''}`,
    patch: {
      model: 'cnn' as const,
      activation,
      kernel: i % 2 ? 5 : 3,
      conv: [
        { filters: 4, pool: true },
        { filters: 6, pool: i % 2 === 0 },
      ],
      dense: [8],
      batchNorm: i % 3 === 0,
      dropout: i % 3 === 1,
      dropoutRate: 0.25,
      l2: i % 3 === 1,
    },
    input: SMALL_IMAGES,
    batch: 4,
  })),
  {
    name: 'CIFAR-style CNN',
    patch: {
      model: 'cnn',
      conv: [
        { filters: 32, pool: true },
        { filters: 64, pool: true },
        { filters: 64, pool: false },
      ],
      dense: [64],
      kernel: 3,
    },
    input: CIFAR,
    batch: 3,
  },
];

function batchFor(c: ModelCase, seed: number) {
  const rng = createRng(seed);
  const size = c.input.shape.reduce((a, b) => a * b, 1);
  const x = randomArray(c.batch * size, rng, 0, 1);
  const regression = c.input.task === 'regression';
  const y = regression
    ? randomArray(c.batch, rng)
    : (() => {
        const oneHot = new Float32Array(c.batch * c.input.numClasses);
        for (let i = 0; i < c.batch; i++) oneHot[i * c.input.numClasses + rng.int(c.input.numClasses)] = 1;
        return oneHot;
      })();
  return { x, y, xShape: [c.batch, ...c.input.shape], yShape: [c.batch, regression ? 1 : c.input.numClasses] };
}

/** The training loop's loss: cross-entropy (or MSE) plus the model's regularisation penalties. */
function trainingLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, regression: boolean): tf.Scalar {
  const out = model.apply(x, { training: true }) as tf.Tensor;
  const data = regression ? out.sub(y).square().mean() : tf.metrics.categoricalCrossentropy(y, out).mean();
  const penalties = model.calculateLosses();
  return (penalties.length ? tf.addN([data, ...penalties]) : data) as tf.Scalar;
}

/** Builds the case's model on the active backend and computes one batch's loss and gradients. */
function lossAndGrads(c: ModelCase, b: ReturnType<typeof batchFor>) {
  const model = buildModel(settings(c.patch), c.input);
  // Read before the training-mode pass, which moves batch norm's running statistics.
  const weights = model.getWeights().map((w) => w.dataSync());
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.tidy(() =>
    tf.variableGrads(() => trainingLoss(model, tf.tensor(b.x, b.xShape), tf.tensor(b.y, b.yShape), c.input.task === 'regression'), vars),
  );
  const out = {
    weights,
    loss: value.dataSync()[0],
    grads: vars.map((v) => ({ name: v.name, values: grads[v.name].dataSync() })),
  };
  tf.dispose([value, ...Object.values(grads)]);
  model.dispose();
  return out;
}

describe('every model Fitlab builds trains on wasm', () => {
  it.each(MODEL_CASES.map((c) => [c.name, c] as const))('%s: one batch of gradients matches cpu', async (_, c) => {
    const b = batchFor(c, 11);
    const ref = await on('cpu', () => lossAndGrads(c, b));
    const got = await on('wasm', () => lossAndGrads(c, b));
    // Same seed, same initial weights on both backends; dropout masks are seeded too, so they match as well.
    got.weights.forEach((w, i) => expect(diff(w, ref.weights[i]).max).toBe(0));
    expect(Number.isFinite(got.loss)).toBe(true);
    expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(ref.loss)));
    expect(got.grads.map((g) => g.values.length)).toEqual(ref.grads.map((g) => g.values.length));
    got.grads.forEach((g, i) => {
      const { max, scale } = diff(g.values, ref.grads[i].values);
      expect(scale, `${g.name} is all zero on cpu`).toBeGreaterThan(0);
      expect(max, g.name).toBeLessThanOrEqual(1e-3 * Math.max(1e-3, scale));
    });
  });

  it.each(MODEL_CASES.map((c) => [c.name, c] as const))(
    '%s: adam steps on wasm keep the loss finite and the tensor count flat',
    async (_, c) => {
      await on('wasm', () => {
        const before = tf.memory().numTensors;
        const model = buildModel(settings(c.patch), c.input);
        const optimizer = tf.train.adam(0.01);
        const b = batchFor(c, 12);
        const x = tf.tensor(b.x, b.xShape);
        const y = tf.tensor(b.y, b.yShape);
        const losses: number[] = [];
        const counts: number[] = [];
        for (let step = 0; step < 4; step++) {
          const loss = optimizer.minimize(() => trainingLoss(model, x, y, c.input.task === 'regression'), true)!;
          losses.push(loss.dataSync()[0]);
          loss.dispose();
          counts.push(tf.memory().numTensors);
        }
        for (const l of losses) expect(Number.isFinite(l)).toBe(true);
        // Adam makes its moment slots on the first step; from then on every step leaves the count unchanged.
        expect(new Set(counts.slice(1))).toEqual(new Set([counts[0]]));
        tf.dispose([x, y]);
        optimizer.dispose();
        model.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    },
  );

  it.each(OPTIMIZERS.map((o) => [o]))('optimiser %s: three steps on wasm end at the weights cpu reaches', async (name) => {
    const c = MODEL_CASES.find((m) => m.name.startsWith('CNN elu'))!;
    const b = batchFor(c, 13);
    const steps = () => {
      const model = buildModel(settings(c.patch), c.input);
      const optimizer = makeOptimizer(name, 0.01);
      const [x, y] = [tf.tensor(b.x, b.xShape), tf.tensor(b.y, b.yShape)];
      const losses: number[] = [];
      for (let step = 0; step < 3; step++) {
        const loss = optimizer.minimize(() => trainingLoss(model, x, y, false), true)!;
        losses.push(loss.dataSync()[0]);
        loss.dispose();
      }
      const weights = model.getWeights().map((w) => w.dataSync());
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      return { losses, weights };
    };
    const ref = await on('cpu', steps);
    const got = await on('wasm', steps);
    for (const l of got.losses) expect(Number.isFinite(l)).toBe(true);
    got.weights.forEach((w, i) => {
      const { max, scale } = diff(w, ref.weights[i]);
      expect(max).toBeLessThanOrEqual(1e-3 * Math.max(1e-3, scale));
    });
  });

  it('the real training loop runs a CNN with dropout, batchNorm and augmentation on wasm', async () => {
    const ds = makeShapesDataset({ samples: 48, noise: 0.1, seed: 1 });
    const s = splitDataset(ds, { valFraction: 0.25, testFraction: 0.05, trainSize: 0, labelNoise: 0, seed: 1 });
    const data: TrainInputs = {
      train: gatherRows(ds, s.train, s.trainLabels),
      val: gatherRows(ds, s.val),
      shape: ds.shape,
      numClasses: ds.classNames.length,
    };
    await on('wasm', async () => {
      const before = tf.memory().numTensors;
      const model = buildModel(
        settings({
          model: 'cnn',
          conv: [
            { filters: 8, pool: true },
            { filters: 8, pool: true },
          ],
          dense: [16],
          dropout: true,
          batchNorm: true,
        }),
        { shape: ds.shape, numClasses: ds.classNames.length },
      );
      const atEpochEnd: number[] = [];
      const outcome = await trainModel(
        model,
        data,
        { epochs: 3, batchSize: 16, optimizer: 'adam', lr: 0.01, seed: 1, augment: AUGMENT_ALL },
        { onEpochEnd: () => void atEpochEnd.push(tf.memory().numTensors) },
      );
      model.dispose();
      await new Promise((r) => setTimeout(r, 0));
      expect(outcome.status).toBe('done');
      for (const e of outcome.history) expect(Number.isFinite(e.loss) && Number.isFinite(e.val_loss)).toBe(true);
      expect(new Set(atEpochEnd).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});

// ---------------------------------------------------------------- augmentation

describe('augmentation on wasm matches cpu', () => {
  const [b, h, w, ch] = [5, 12, 10, 3];
  const images = randomArray(b * h * w * ch, createRng(5), 0, 1);

  it('augmentBatch (one batched transform on wasm, image by image on cpu)', async () => {
    const augment = () => tf.tidy(() => augmentBatch(tf.tensor4d(images, [b, h, w, ch]), AUGMENT_ALL, createRng(9)).dataSync());
    const ref = await on('cpu', augment);
    const got = await on('wasm', augment);
    expect(diff(got, ref).max).toBeLessThanOrEqual(1e-4);
    // The transform really moved pixels (the comparison is not of two unchanged copies).
    expect(diff(ref, images).max).toBeGreaterThan(0.1);
  });

  it('tf.image.transform on a batch, both interpolations and the fill modes that work, against cpu image by image', async () => {
    const rng = createRng(21);
    const rows = Float32Array.from({ length: b * 8 }, (_, i) => {
      const k = i % 8;
      if (k >= 6) return 0;
      const identity = k === 0 || k === 4 ? 1 : 0;
      return k === 2 || k === 5 ? rng.uniform(-3, 3) : identity + rng.uniform(-0.3, 0.3);
    });
    for (const interpolation of ['nearest', 'bilinear'] as const) {
      // Not 'reflect': WASM's reflects coordinates left of / above the image wrongly (tfjs 4.22), and Fitlab
      // never uses it.
      for (const fill of ['constant', 'wrap', 'nearest'] as const) {
        const ref = await on('cpu', () =>
          Float32Array.from(
            Array.from({ length: b }, (_, i) =>
              tf.tidy(() =>
                Array.from(
                  tf.image
                    .transform(
                      tf.tensor4d(images.subarray(i * h * w * ch, (i + 1) * h * w * ch), [1, h, w, ch]),
                      tf.tensor2d(rows.subarray(i * 8, i * 8 + 8), [1, 8]),
                      interpolation,
                      fill,
                      0.5,
                    )
                    .dataSync(),
                ),
              ),
            ).flat(),
          ),
        );
        const got = await on('wasm', () =>
          tf.tidy(() =>
            tf.image.transform(tf.tensor4d(images, [b, h, w, ch]), tf.tensor2d(rows, [b, 8]), interpolation, fill, 0.5).dataSync(),
          ),
        );
        expect(diff(got, ref).max, `${interpolation} ${fill}`).toBeLessThanOrEqual(1e-4);
      }
    }
  });
});
