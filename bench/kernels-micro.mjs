// One kernel at a time on TF.js's WASM backend in node (one thread): Fitlab's fast kernel against the one it
// replaces, on the shapes the bench's CNNs train with, the best of many alternating runs (the machine is
// shared; the minimum is the least disturbed). Usage: npx vite-node bench/kernels-micro.mjs
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerFastWasmKernels } from '../src/core/backends/wasm-fast-kernels';
import { registerWasmTrainingKernels } from '../src/core/backends/wasm-kernels';

setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
registerWasmTrainingKernels();
await tf.setBackend('wasm');
const stock = Object.fromEntries(
  ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'Identity', 'Sum', 'GatherV2'].map((n) => [
    n,
    tf.getKernel(n, 'wasm'),
  ]),
);
registerFastWasmKernels();
const fast = Object.fromEntries(Object.keys(stock).map((n) => [n, tf.getKernel(n, 'wasm')]));
const use = (set, name) => {
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(set[name]);
};

function best(name, run, reps = 15) {
  const out = {};
  for (const side of ['stock', 'fast']) out[side] = Infinity;
  for (let i = 0; i < reps; i++) {
    for (const [side, set] of [
      ['stock', stock],
      ['fast', fast],
    ]) {
      use(set, name);
      const t0 = performance.now();
      tf.tidy(() => void run().dataSync());
      out[side] = Math.min(out[side], performance.now() - t0);
    }
  }
  use(fast, name);
  return out;
}
const r = (x) => tf.randomUniform(x, -1, 1);
const cases = [
  [
    'Conv2DBackpropFilter',
    'cnn conv1',
    () => [r([32, 28, 28, 1]), r([32, 26, 26, 16])],
    ([x, dy]) =>
      tf
        .engine()
        .runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 1, 16] }),
  ],
  [
    'Conv2DBackpropFilter',
    'cnn conv2',
    () => [r([32, 13, 13, 16]), r([32, 11, 11, 32])],
    ([x, dy]) =>
      tf
        .engine()
        .runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 16, 32] }),
  ],
  [
    'Conv2DBackpropFilter',
    'cifar conv1',
    () => [r([32, 32, 32, 3]), r([32, 30, 30, 32])],
    ([x, dy]) =>
      tf
        .engine()
        .runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 3, 32] }),
  ],
  [
    'Conv2DBackpropFilter',
    'cifar conv2',
    () => [r([32, 15, 15, 32]), r([32, 13, 13, 64])],
    ([x, dy]) =>
      tf
        .engine()
        .runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] }),
  ],
  [
    'Conv2DBackpropFilter',
    'cifar conv3',
    () => [r([32, 6, 6, 64]), r([32, 4, 4, 64])],
    ([x, dy]) =>
      tf
        .engine()
        .runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 64, 64] }),
  ],
  [
    'Conv2DBackpropInput',
    'cnn conv2',
    () => [r([32, 11, 11, 32]), r([3, 3, 16, 32])],
    ([dy, filter]) =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropInput',
          { dy, filter },
          { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', inputShape: [32, 13, 13, 16] },
        ),
  ],
  [
    'Conv2DBackpropInput',
    'cifar conv2',
    () => [r([32, 13, 13, 64]), r([3, 3, 32, 64])],
    ([dy, filter]) =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropInput',
          { dy, filter },
          { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', inputShape: [32, 15, 15, 32] },
        ),
  ],
  [
    'MaxPoolGrad',
    'cnn pool1',
    () => {
      const x = r([32, 26, 26, 16]);
      return [x, tf.maxPool(x, 2, 2, 'valid'), r([32, 13, 13, 16])];
    },
    ([input, output, dy]) => tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { filterSize: 2, strides: 2, pad: 'valid' }),
  ],
  [
    'MaxPoolGrad',
    'cifar pool1',
    () => {
      const x = r([32, 30, 30, 32]);
      return [x, tf.maxPool(x, 2, 2, 'valid'), r([32, 15, 15, 32])];
    },
    ([input, output, dy]) => tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { filterSize: 2, strides: 2, pad: 'valid' }),
  ],
  ['BatchMatMul', 'cnn dense dW (xᵀ·dy)', () => [r([32, 800]), r([32, 64])], ([a, b]) => tf.matMul(a, b, true, false)],
  ['BatchMatMul', 'cnn dense dx (dy·Wᵀ)', () => [r([32, 64]), r([800, 64])], ([a, b]) => tf.matMul(a, b, false, true)],
  [
    'GatherV2',
    'cnn batch (32 of 640)',
    () => [
      r([640, 28, 28, 1]),
      tf.tensor1d(
        Array.from({ length: 32 }, (_, i) => (i * 37) % 640),
        'int32',
      ),
    ],
    ([x, idx]) => tf.gather(x, idx),
  ],
  ['Sum', 'cifar bias grad', () => [r([32, 30, 30, 32])], ([x]) => tf.sum(x, [0, 1, 2])],
];
for (const [name, label, make, run] of cases) {
  const inputs = make();
  const t = best(name, () => run(inputs));
  console.log(
    `${name.padEnd(22)} ${label.padEnd(22)} stock ${t.stock.toFixed(2).padStart(7)} ms  fast ${t.fast.toFixed(2).padStart(7)} ms  ×${(t.stock / t.fast).toFixed(2)}`,
  );
  tf.dispose(inputs);
}
console.log(`load ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
