import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isFastWasmKernel, registerFastWasmKernels } from '../../src/core/backends/wasm-fast-kernels';
import { registerWasmTrainingKernels } from '../../src/core/backends/wasm-kernels';
import { buildModel } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';

/** The fast WASM kernels (issue 18) against the cpu backend: values, gradients, fallbacks, memory. */

const WASM_DIR = `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`;
const FAST = ['BatchMatMul', 'MaxPoolGrad', 'Conv2DBackpropFilter', 'Identity', 'GatherV2'];

let registered: string[] = [];
beforeAll(async () => {
  setWasmPaths(WASM_DIR);
  registerWasmTrainingKernels();
  registered = registerFastWasmKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

const rng = createRng(4);
const random = (n: number, lo = -1, hi = 1) => Array.from({ length: n }, () => rng.uniform(lo, hi));

/** `f`'s result read on cpu and on wasm; inputs are rebuilt from plain arrays on each backend. */
async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: number[][]; wasm: number[][] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const out = f();
      return (Array.isArray(out) ? out : [out]).map((t) => Array.from(t.dataSync()));
    });
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  return { cpu, wasm };
}

function expectClose(got: number[][], ref: number[][], tol = 1e-4) {
  expect(got.map((g) => g.length)).toEqual(ref.map((r) => r.length));
  got.forEach((g, i) => {
    const scale = Math.max(1, ...ref[i].map(Math.abs));
    g.forEach((v, j) => expect(Math.abs(v - ref[i][j]), `output ${i} value ${j}`).toBeLessThanOrEqual(tol * scale));
  });
}

describe('registerFastWasmKernels', () => {
  it('replaces its five kernels on wasm, once, and registerWasmTrainingKernels leaves them in place', () => {
    expect(registered).toEqual(FAST);
    for (const name of FAST) expect(isFastWasmKernel(tf.getKernel(name, 'wasm')!.kernelFunc)).toBe(true);
    expect(registerFastWasmKernels()).toEqual([]);
    registerWasmTrainingKernels();
    for (const name of FAST) expect(isFastWasmKernel(tf.getKernel(name, 'wasm')!.kernelFunc)).toBe(true);
  });
});

describe('fast wasm kernels match cpu', () => {
  it('BatchMatMul with every transpose, batched and broadcast, and its gradients', async () => {
    const a = random(3 * 5 * 4);
    const b = random(3 * 4 * 6);
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor3d(a, ta ? [3, 4, 5] : [3, 5, 4]);
        const y = tf.tensor3d(b, tb ? [3, 6, 4] : [3, 4, 6]);
        const y1 = tf.tensor2d(b.slice(0, 24), tb ? [6, 4] : [4, 6]);
        const grads = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, ta, tb).square().sum())([x, y]);
        return [tf.matMul(x, y, ta, tb), tf.matMul(x, y1, ta, tb), ...grads];
      });
      expectClose(wasm, cpu);
    }
  });

  it('MaxPoolGrad: first maximum on ties, all-negative windows, padding, overlapping windows', async () => {
    // Ties: values rounded to a few levels, many windows hold equal maxima; all negative: −1..−0.1.
    const tied = random(2 * 9 * 7 * 3).map((v) => Math.round(v * 2) / 2);
    const negative = random(2 * 9 * 7 * 3, -1, -0.1);
    for (const x of [tied, negative]) {
      for (const [f, s, pad] of [
        [2, 2, 'valid'],
        [2, 2, 'same'],
        [3, 2, 'same'],
        [3, 1, 'valid'],
        [1, 1, 'valid'],
      ] as const) {
        const { cpu, wasm } = await onBoth(() =>
          tf.grad((t: tf.Tensor) => {
            const y = tf.maxPool(t as tf.Tensor4D, f, s, pad);
            return y.mul(tf.linspace(-1, 1, y.size).reshape(y.shape)).sum();
          })(tf.tensor4d(x, [2, 9, 7, 3])),
        );
        expectClose(wasm, cpu, 1e-6);
      }
    }
  });

  it('Conv2DBackpropFilter: the patches route (1–3 channels) and the stock one (more), strides and padding', async () => {
    for (const [cin, stride, pad] of [
      [1, 1, 'valid'],
      [3, 2, 'same'],
      [2, 2, 'valid'],
      [3, 1, 'same'],
      [6, 1, 'valid'],
    ] as const) {
      const x = random(2 * 9 * 8 * cin);
      const w = random(3 * 3 * cin * 4);
      const { cpu, wasm } = await onBoth(() =>
        tf.grads((xt: tf.Tensor, wt: tf.Tensor) =>
          tf
            .conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, stride, pad)
            .square()
            .sum(),
        )([tf.tensor4d(x, [2, 9, 8, cin]), tf.tensor4d(w, [3, 3, cin, 4])]),
      );
      expectClose(wasm, cpu);
    }
  });

  it('GatherV2: rows of float, int and bool tensors, repeated indices, an index matrix, other axes, and its gradient', async () => {
    const x = random(5 * 3 * 2);
    const { cpu, wasm } = await onBoth(() => {
      const t = tf.tensor3d(x, [5, 3, 2]);
      const ids = tf.tensor1d([4, 0, 0, 2], 'int32');
      return [
        tf.gather(t, ids),
        tf.gather(t.toInt(), ids).toFloat(),
        tf.gather(t.greater(0), ids).toFloat(),
        tf.gather(t, tf.tensor2d([1, 3, 3, 1], [2, 2], 'int32')),
        tf.gather(t, tf.tensor1d([1, 1, 0], 'int32'), 1),
        tf.grad((v: tf.Tensor) =>
          tf
            .gather(v, ids)
            .mul(tf.linspace(1, 2, 24).reshape([4, 3, 2]))
            .sum(),
        )(t),
      ];
    });
    expectClose(wasm, cpu, 0);
  });

  it('GatherV2 with an index out of range raises the stock error and leaves no buffer behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const ids = tf.tensor1d([0, 2], 'int32');
    const buffers = backend.numDataIds();
    expect(() => tf.gather(x, ids)).toThrow(/index value 2 is not in \[0, 1\]/);
    expect(backend.numDataIds()).toBe(buffers);
    tf.dispose([x, ids]);
  });

  it('Identity shares memory without a copy: a clone reads the same, and disposing either leaves the other', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    const v = tf.variable(y);
    y.dispose();
    v.assign(tf.tensor1d([4, 5, 6]));
    expect(Array.from(v.dataSync())).toEqual([4, 5, 6]);
    v.dispose();
  });

  it('one CNN training step: loss and every weight gradient match cpu', async () => {
    const settings = {
      ...defaultSettings(),
      model: 'cnn' as const,
      conv: [
        { filters: 4, pool: true },
        { filters: 6, pool: true },
      ],
      dense: [8],
      kernel: 3,
      seed: 2,
    };
    const x = random(4 * 14 * 14 * 1, 0, 1);
    const y = Array.from({ length: 4 }, (_, i) => i % 3);
    const { cpu, wasm } = await onBoth(() => {
      const model = buildModel(settings, { shape: [14, 14, 1], numClasses: 3 });
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(
        () =>
          tf.metrics
            .categoricalCrossentropy(
              tf.oneHot(tf.tensor1d(y, 'int32'), 3).toFloat(),
              model.apply(tf.tensor4d(x, [4, 14, 14, 1]), { training: true }) as tf.Tensor,
            )
            .mean() as tf.Scalar,
        vars,
      );
      const out = [value, ...vars.map((v) => grads[v.name])];
      model.dispose();
      return out;
    });
    expectClose(wasm, cpu, 1e-3);
  });
});

describe('fast wasm kernels: memory', () => {
  it('leak no tensors and no WASM heap buffers over 20 calls, directly or under a tape', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.tensor4d(random(2 * 8 * 8 * 2), [2, 8, 8, 2]);
    const w = tf.variable(tf.tensor4d(random(3 * 3 * 2 * 4), [3, 3, 2, 4]));
    const dense = tf.variable(tf.tensor2d(random(36 * 3), [36, 3]));
    const step = () => {
      const { value, grads } = tf.variableGrads(() => {
        const h = tf.maxPool(tf.relu(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid');
        return tf
          .matMul(tf.reshape(tf.clone(h), [2, 36]), dense)
          .square()
          .sum() as tf.Scalar;
      }, [w, dense]);
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    tf.dispose([x, w, dense]);
  });
});
