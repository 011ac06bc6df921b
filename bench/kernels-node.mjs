// Where a CNN training step's time goes on TF.js's WASM backend, kernel by kernel, in node (one thread,
// SIMD): a quick loop for trying kernels without building the bench page. Not a figure; the page's
// `kernels` diagnosis (bench/page/kernels.ts, `npm run bench -- kernels`) is the one the README quotes.
// Usage: npx vite-node bench/kernels-node.mjs [overfit-cnn|cifar-cnn] [stock|subnormal]
//   stock: only the kernels training needs to run at all, not Fitlab's faster ones.
//   subnormal: also the same steps on inputs scaled to 1e-39 (subnormal floats), to see what they cost here.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerFastWasmKernels } from '../src/core/backends/wasm-fast-kernels';
import { registerWasmTrainingKernels } from '../src/core/backends/wasm-kernels';
import { buildModel } from '../src/core/model/build';
import { trainingFlopsPerSample } from '../src/core/model/flops';
import { PRESETS } from '../src/core/preset/presets';
import { defaultSettings } from '../src/core/preset/schema';
import { profileModel } from './page/kernels';

const [presetId = 'overfit-cnn', mode = 'fast'] = process.argv.slice(2);
const SHAPES = { 'overfit-cnn': [28, 28, 1], 'cifar-cnn': [32, 32, 3] };

setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
registerWasmTrainingKernels();
if (mode !== 'stock') registerFastWasmKernels();
await tf.setBackend('wasm');

const settings = { ...defaultSettings(), ...PRESETS.find((p) => p.id === presetId).settings, seed: 1 };
const shape = SHAPES[presetId];
const model = buildModel(settings, { shape, numClasses: 10 });
const flops = trainingFlopsPerSample(model);
model.dispose();

const a = tf.randomUniform([1024, 1024]);
let best = Infinity;
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  tf.matMul(a, a).dispose();
  if (i) best = Math.min(best, performance.now() - t0);
}
a.dispose();
const peak = (2 * 1024 ** 3) / best / 1e6;

const p = profileModel(settings, shape, 10, 'wasm');
if (mode === 'subnormal') {
  const count = settings.batchSize * 4;
  const size = count * shape.reduce((x, y) => x * y, 1);
  const tiny = {
    x: Float32Array.from({ length: size }, () => Math.random() * 1e-39),
    y: Int32Array.from({ length: count }, (_, i) => i % 10),
    count,
  };
  const sub = profileModel(settings, shape, 10, 'wasm', 10, tiny);
  console.log(
    `random inputs: step ${p.stepMs.toFixed(1)} ms; subnormal inputs: ${sub.stepMs.toFixed(1)} ms (×${(sub.stepMs / p.stepMs).toFixed(2)})`,
  );
}
const achieved = ((p.batchSize / p.stepMs) * 1000 * flops.total) / 1e9;
const matrix = p.kernels.filter((k) => k.flops > 0);
const matrixMs = matrix.reduce((s, k) => s + k.ms, 0);
const matrixFlops = matrix.reduce((s, k) => s + k.flops, 0);
console.log(`${presetId} (${mode}): step ${p.stepMs.toFixed(1)} ms (batch ${p.batchSize}), timed kernels ${p.kernelMs.toFixed(1)} ms`);
console.log(
  `achieved ${achieved.toFixed(2)} GFLOP/s, peak ${peak.toFixed(2)}, ratio ${(achieved / peak).toFixed(3)}; conv+matmul kernels ${matrixMs.toFixed(1)} ms at ${(matrixFlops / matrixMs / 1e6).toFixed(2)} GFLOP/s (${(matrixFlops / matrixMs / 1e6 / peak).toFixed(2)} of peak)`,
);
for (const k of p.kernels.slice(0, 25)) {
  const rate = k.flops ? `  ${(k.flops / k.ms / 1e6).toFixed(2)} GFLOP/s` : '';
  console.log(`${k.ms.toFixed(2).padStart(8)} ms ${String(k.calls).padStart(4)}×  ${k.name}${rate}`);
}
console.log(`load ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
