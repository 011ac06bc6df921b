import type { BackendProbe } from '../core/backends/choice';
import { isSoftwareRenderer } from '../core/backends/choice';

/**
 * What this browser offers the trainer, found without TF.js (so it is quick): a WebGL2 context and its
 * renderer, WASM with SIMD and threads, a WebGPU adapter. Run where training runs (the worker), since a
 * worker's WebGL can differ from the page's.
 */
export async function probeBackends(): Promise<BackendProbe> {
  const renderer = webglRenderer();
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const wasm = typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function';
  return {
    webgl: { available: renderer !== null, renderer: renderer || null, software: isSoftwareRenderer(renderer) },
    wasm: {
      available: wasm,
      simd: wasm && validates(SIMD_MODULE),
      threads: wasm && isolated && threadsWork(),
      crossOriginIsolated: isolated,
    },
    webgpu: await webgpuAdapter(),
    cores: typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1,
  };
}

/** The unmasked renderer string ('' when hidden), or null when no WebGL2 context can be made. */
function webglRenderer(): string | null {
  try {
    const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : null;
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    // Give the context back at once: browsers cap live contexts, and TF.js makes its own.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

/** Minimal WebGPU typings: the DOM lib of this TypeScript has none. */
interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<{ info?: GpuAdapterInfo; isFallbackAdapter?: boolean } | null>;
}

/** The adapter TF.js would get, named by vendor and architecture; a fallback or emulated one is software. */
export async function webgpuAdapter(): Promise<BackendProbe['webgpu']> {
  const gpu = typeof navigator === 'undefined' ? undefined : (navigator as { gpu?: GpuLike }).gpu;
  if (!gpu) return { available: false, adapter: null, software: false };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, adapter: null, software: false };
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter((s) => s).join(' ') || 'unknown adapter';
    const fallback = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
    return { available: true, adapter: name, software: fallback || isSoftwareRenderer(name) };
  } catch {
    return { available: false, adapter: null, software: false };
  }
}

// From GoogleChromeLabs/wasm-feature-detect, as TF.js's own flags use them.
const SIMD_MODULE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11];
const THREADS_MODULE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11,
];

function validates(bytes: number[]): boolean {
  try {
    return WebAssembly.validate(new Uint8Array(bytes));
  } catch {
    return false;
  }
}

function threadsWork(): boolean {
  try {
    new MessageChannel().port1.postMessage(new SharedArrayBuffer(1));
    return validates(THREADS_MODULE);
  } catch {
    return false;
  }
}
