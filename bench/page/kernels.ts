import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/core/model/build';
import type { Settings } from '../../src/core/preset/schema';
import { makeOptimizer } from '../../src/core/train/optimizer';

/** One kernel name's share of a training step: called from the step itself, not from inside another kernel. */
export interface KernelShare {
  name: string;
  /** Milliseconds per step, the kernels it runs inside itself included. */
  ms: number;
  calls: number;
  /** Matrix FLOPs per step (conv and matmul kernels; 0 for the rest). */
  flops: number;
}

export interface KernelProfile {
  backend: string;
  batchSize: number;
  steps: number;
  /** Wall time of one step, timed without the kernel timer. */
  stepMs: number;
  /** Sum of the top-level kernels' times per step (the timer's own cost included). */
  kernelMs: number;
  kernels: KernelShare[];
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** Multiply-adds ×2 of a conv or matmul kernel call, from its inputs, attributes and output shape. */
function kernelFlops(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap, out: readonly number[]): number {
  const filterCi = (f: tf.TensorInfo | undefined) => (f ? f.shape[0] * f.shape[1] * f.shape[2] : 0);
  switch (name) {
    case 'Conv2D':
    case 'FusedConv2D':
      return 2 * prod(out) * filterCi(inputs.filter);
    case 'BatchMatMul':
    case '_FusedMatMul': {
      const a = inputs.a!.shape;
      return 2 * prod(out) * (attrs.transposeA ? a[a.length - 2] : a[a.length - 1]);
    }
    case 'Conv2DBackpropFilter': {
      const f = attrs.filterShape as number[];
      return 2 * prod(inputs.dy!.shape) * f[0] * f[1] * f[2];
    }
    case 'Conv2DBackpropInput':
      return 2 * prod(inputs.dy!.shape) * filterCi(inputs.filter);
    default:
      return 0;
  }
}

const shares = new Map<string, KernelShare>();
const wrapped = new Set<string>();
let depth = 0;

/**
 * Re-registers every kernel of `backend` with a timer around it (once per page). Times are wall clock:
 * right for WASM and cpu, whose kernels finish before they return; on WebGL they would time the dispatch only.
 */
function wrapKernels(backend: string): void {
  if (wrapped.has(backend)) return;
  wrapped.add(backend);
  for (const config of tf.getKernelsForBackend(backend)) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const t0 = performance.now();
        depth++;
        let out: tf.TensorInfo | tf.TensorInfo[];
        try {
          out = inner(args);
        } finally {
          depth--;
        }
        if (depth === 0) {
          const first = Array.isArray(out) ? out[0] : out;
          const share = shares.get(config.kernelName) ?? { name: config.kernelName, ms: 0, calls: 0, flops: 0 };
          share.ms += performance.now() - t0;
          share.calls++;
          share.flops += first ? kernelFlops(config.kernelName, args.inputs, args.attrs ?? {}, first.shape) : 0;
          shares.set(config.kernelName, share);
        }
        return out;
      },
    });
  }
}

/** The training step of Fitlab's loop without its bookkeeping: gather the batch, forward, loss, backward, update. */
export function makeStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor, batchSize: number) {
  const n = x.shape[0];
  return (i: number): number =>
    tf.tidy(() => {
      const idx = tf.tensor1d(
        Int32Array.from({ length: batchSize }, (_, k) => (i * batchSize + k) % n),
        'int32',
      );
      const [xb, yb] = [tf.gather(x, idx), tf.gather(y, idx)];
      const loss = optimizer.minimize(
        () => tf.metrics.categoricalCrossentropy(yb, model.apply(xb, { training: true }) as tf.Tensor).mean() as tf.Scalar,
        true,
      )!;
      return loss.dataSync()[0];
    });
}

/**
 * Times `steps` steps plainly, then the same number with every kernel timed; the shares are per step,
 * sorted by time. Three warm-up steps first (XNNPACK sets its operators up on first use).
 */
export function profileSteps(step: (i: number) => number, backend: string, batchSize: number, steps = 10): KernelProfile {
  for (let i = 0; i < 3; i++) step(i);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step(i);
  const stepMs = (performance.now() - t0) / steps;
  wrapKernels(backend);
  shares.clear();
  for (let i = 0; i < steps; i++) step(i);
  const kernels = [...shares.values()]
    .map((s) => ({ ...s, ms: s.ms / steps, calls: s.calls / steps, flops: s.flops / steps }))
    .sort((a, b) => b.ms - a.ms);
  return { backend, batchSize, steps, stepMs, kernelMs: kernels.reduce((s, k) => s + k.ms, 0), kernels };
}

/** The page's `kernels` diagnosis: one query's model on `backend`, trained on random data of its shapes or (`real`) on the run's own training split. */
export async function kernelProfile(query: string, backend: 'wasm' | 'cpu' = 'wasm', real = false): Promise<KernelProfile> {
  // Imported here, not above: bench/kernels-node.mjs runs this file in node, where the worker's ?url imports do not resolve.
  const [{ startBackend }, { loadSplits }] = await Promise.all([import('../../src/worker/backend'), import('./data')]);
  if (!(await startBackend(backend))) throw new Error(`${backend} did not start on the bench page.`);
  const { settings, shape, numClasses, train } = await loadSplits(query);
  return profileModel(settings, shape, numClasses, backend, 10, real ? train : undefined);
}

/** A model built for `settings`, trained on `data` (the run's training split) or on random data of its shapes. */
export function profileModel(
  settings: Settings,
  shape: number[],
  numClasses: number,
  backend: string,
  steps = 10,
  data?: { x: Float32Array; y: Int32Array; count: number },
): KernelProfile {
  const model = buildModel(settings, { shape, numClasses });
  const optimizer = makeOptimizer(settings.optimizer, settings.lr);
  const n = data?.count ?? settings.batchSize * 4;
  const x = data ? tf.tensor(data.x, [n, ...shape]) : tf.randomUniform([n, ...shape]);
  const labels = data ? tf.tensor1d(data.y, 'int32') : tf.randomUniform([n], 0, numClasses, 'int32');
  const y = tf.tidy(() => tf.oneHot(labels, numClasses).toFloat());
  labels.dispose();
  try {
    return profileSteps(makeStep(model, optimizer, x, y, settings.batchSize), backend, settings.batchSize, steps);
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}
