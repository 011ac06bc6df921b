import * as tf from '@tensorflow/tfjs';

/** What a lost context rejects with: isContextLoss (src/core/errors/user-message.ts) maps it to Fitlab's words. */
export const CONTEXT_LOST = 'webglcontextlost: the WebGL context was lost while training';

export interface ContextLossWatch {
  /** Races `work` against the loss: a lost context rejects at once instead of leaving the run waiting. */
  guard<T>(work: Promise<T>): Promise<T>;
  stop(): void;
}

/**
 * Watches the WebGL backend's context for the run in progress. Once a context is lost, TF.js waits forever
 * on a GPU fence that never passes, so without this a run would hang rather than end: every long await of
 * the run goes through `guard`. Inert on other backends.
 */
export function watchContextLoss(): ContextLossWatch {
  const gl = webglContext();
  let onLost: () => void = () => {};
  const lost = new Promise<never>((_, reject) => {
    onLost = () => reject(new Error(CONTEXT_LOST));
  });
  lost.catch(() => undefined); // rejected with no run waiting on it: not an unhandled rejection
  const canvas = gl?.canvas as (EventTarget & { addEventListener?: unknown }) | undefined;
  const listen = typeof canvas?.addEventListener === 'function';
  if (listen) canvas.addEventListener('webglcontextlost', onLost);
  if (gl?.isContextLost()) onLost();
  return {
    guard: (work) => (gl ? Promise.race([work, lost]) : work),
    stop: () => {
      if (listen) canvas.removeEventListener('webglcontextlost', onLost);
    },
  };
}

/** The WebGL backend's context, when it is the active backend (its internals are typed loosely on purpose). */
function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const gl = (tf.backend() as { gpgpu?: { gl?: unknown } }).gpgpu?.gl;
  return typeof gl === 'object' && gl !== null && typeof (gl as WebGLRenderingContext).isContextLost === 'function'
    ? (gl as WebGLRenderingContext)
    : null;
}
