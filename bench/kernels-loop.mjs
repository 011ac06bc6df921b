// Fitlab's epoch loop (trainModel) against model.fit on WASM in node, with the kernel calls each makes per
// batch: where fit_overhead's per-batch difference goes once the kernels are fast (issue 18).
// Usage: npx vite-node bench/kernels-loop.mjs [overfit-mlp|overfit-cnn]
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerFastWasmKernels } from '../src/core/backends/wasm-fast-kernels';
import { registerWasmTrainingKernels } from '../src/core/backends/wasm-kernels';
import { buildModel } from '../src/core/model/build';
import { PRESETS } from '../src/core/preset/presets';
import { defaultSettings } from '../src/core/preset/schema';
import { createRng } from '../src/core/rng';
import { trainModel } from '../src/core/train/loop';
import { makeOptimizer } from '../src/core/train/optimizer';

const [presetId = 'overfit-mlp'] = process.argv.slice(2);
const SHAPES = { 'overfit-mlp': [64], 'overfit-cnn': [28, 28, 1] };
const COUNT = presetId === 'overfit-mlp' ? 1617 : 640;
setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
registerWasmTrainingKernels();
registerFastWasmKernels();
await tf.setBackend('wasm');

let calls = new Map();
for (const config of tf.getKernelsForBackend('wasm')) {
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel({ ...config, kernelFunc: (a) => (calls.set(config.kernelName, (calls.get(config.kernelName) ?? 0) + 1), inner(a)) });
}

const s = { ...defaultSettings(), ...PRESETS.find((p) => p.id === presetId).settings, epochs: 4, seed: 1 };
const shape = SHAPES[presetId];
const rng = createRng(1);
const train = {
  x: Float32Array.from({ length: COUNT * shape.reduce((a, b) => a * b) }, () => rng.uniform(0, 1)),
  y: Int32Array.from({ length: COUNT }, () => rng.int(10)),
  count: COUNT,
};
const empty = { x: new Float32Array(0), y: new Int32Array(0), count: 0 };
const batches = Math.ceil(COUNT / s.batchSize);

async function run(variant) {
  const model = buildModel(s, { shape, numClasses: 10 });
  const optimizer = makeOptimizer(s.optimizer, s.lr);
  const ends = [];
  const counts = [];
  calls = new Map();
  const mark = () => {
    ends.push(performance.now());
    counts.push(new Map(calls));
  };
  if (variant === 'model.fit') {
    const xs = tf.tensor(train.x, [COUNT, ...shape]);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, 'int32'), 10).toFloat());
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(xs, ys, {
      epochs: s.epochs,
      batchSize: s.batchSize,
      shuffle: true,
      verbose: 0,
      yieldEvery: 'never',
      callbacks: { onEpochEnd: mark },
    });
    tf.dispose([xs, ys]);
  } else {
    await trainModel(model, { train, val: empty, shape, numClasses: 10 }, { ...s, augment: null }, { onEpochEnd: mark });
  }
  model.dispose();
  optimizer.dispose();
  const perBatch = {};
  for (const [k, v] of counts.at(-1)) perBatch[k] = (v - (counts[0].get(k) ?? 0)) / (batches * (counts.length - 1));
  return { ms: (ends.at(-1) - ends[0]) / ((ends.length - 1) * batches), perBatch };
}
const results = {};
for (const v of ['trainModel', 'model.fit', 'model.fit', 'trainModel']) {
  const r = await run(v);
  (results[v] ??= []).push(r);
}
for (const [v, rs] of Object.entries(results)) {
  console.log(`${v}: ${rs.map((r) => r.ms.toFixed(2)).join(' / ')} ms per batch`);
}
const [a, b] = [results.trainModel[1].perBatch, results['model.fit'][1].perBatch];
const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
console.log('kernel calls per batch (trainModel vs model.fit):');
for (const n of names) if ((a[n] ?? 0) !== (b[n] ?? 0)) console.log(`  ${n}: ${(a[n] ?? 0).toFixed(2)} vs ${(b[n] ?? 0).toFixed(2)}`);
const total = (m) => Object.values(m).reduce((s, x) => s + x, 0);
console.log(`total ${total(a).toFixed(1)} vs ${total(b).toFixed(1)}; load ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
