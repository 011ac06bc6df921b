import * as tf from '@tensorflow/tfjs';
import type { TrainingBackend } from '../core/backends/choice';
import { registerFastWasmKernels } from '../core/backends/wasm-fast-kernels';
import { registerWasmTrainingKernels } from '../core/backends/wasm-kernels';
import { webgpuAdapter } from './probe';
// The three builds of the WASM backend, served as the app's own files (Vite copies them to dist/assets).
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let wasmLoading: Promise<void> | null = null;

/**
 * Loads the WASM backend on first use only: most runs on a GPU machine never need its ~450 kB of JavaScript.
 * TF.js then picks the threaded build when the page is cross-origin isolated, else single-threaded SIMD.
 */
function loadWasm(): Promise<void> {
  wasmLoading ??= import('@tensorflow/tfjs-backend-wasm').then((wasm) => {
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': new URL(wasmPlainUrl, import.meta.url).href,
      'tfjs-backend-wasm-simd.wasm': new URL(wasmSimdUrl, import.meta.url).href,
      'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedUrl, import.meta.url).href,
    });
    // The WASM backend lacks some gradient kernels (Conv2DBackpropFilter…); without them CNNs cannot train.
    registerWasmTrainingKernels();
    // Faster kernels for what a CNN step spends its time on (issue 18), over those.
    registerFastWasmKernels();
  });
  wasmLoading.catch(() => (wasmLoading = null));
  return wasmLoading;
}

let webgpuLoading: Promise<unknown> | null = null;

/**
 * Loads the WebGPU backend on first use only, like WASM: importing it registers the backend. On a software
 * adapter (SwiftShader: no GPU) convolutions go through TF.js's separate im2col shader and a matmul: its tiled
 * conv2d emulates workgroup memory slowly there (a 28×28×1 layer over 256 images: forward 5.7 s against
 * 0.63 s, gradients 6.3 s against 1.2 s). On a GPU the tiled kernel, TF.js's own choice, stays.
 */
function loadWebgpu(): Promise<unknown> {
  webgpuLoading ??= Promise.all([import('@tensorflow/tfjs-backend-webgpu'), webgpuAdapter()]).then(([, adapter]) =>
    tf.env().set('WEBGPU_CONV_SEPARATE_IM2COL_SHADER', adapter.software),
  );
  webgpuLoading.catch(() => (webgpuLoading = null));
  return webgpuLoading;
}

/**
 * Makes `name` the active backend and proves it works with one tiny op (a WebGL context can be created
 * yet unusable, e.g. blocklisted). False when it cannot start here; the caller falls back and says so.
 */
export async function startBackend(name: TrainingBackend): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  try {
    if (name === 'wasm') await loadWasm();
    if (name === 'webgpu') await loadWebgpu();
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    const probe = tf.tidy(() => tf.tensor1d([1, 2]).square().sum());
    const ok = (await probe.data())[0] === 5;
    probe.dispose();
    return ok;
  } catch {
    return false;
  }
}

/** The number of threads the WASM backend runs on (1 without cross-origin isolation). */
export async function wasmThreads(): Promise<number> {
  if (tf.getBackend() !== 'wasm') return 0;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}
