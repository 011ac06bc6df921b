import type { AugmentOptions } from '../core/data/augment-options';
import { isAugmentReply, type AugmentRequest } from '../worker/augment-protocol';

/**
 * The page's side of the augmentation worker (src/worker/augment.worker.ts): started on the first preview, kept for
 * the next. A worker that fails takes its waiting previews with it, with a message; the next one starts anew.
 */
let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (images: Float32Array) => void; reject: (e: Error) => void }>();
const STOPPED = 'The augmentation preview stopped (the browser may be short of memory). Training is not affected.';

function augmenter(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../worker/augment.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<unknown>) => {
    if (!isAugmentReply(e.data)) return;
    const reply = e.data;
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.type === 'augmented') pending?.resolve(reply.images);
    else pending?.reject(new Error(reply.message));
  };
  worker.onerror = (e) => {
    e.preventDefault();
    worker?.terminate();
    worker = null;
    for (const pending of waiting.values()) pending.reject(new Error(STOPPED));
    waiting.clear();
  };
  return worker;
}

/** `images` (HWC each, one after another) as the current augmentation draws them with `seed`. */
export function augmentInWorker(
  images: Float32Array,
  shape: [number, number, number],
  options: AugmentOptions,
  seed: number,
): Promise<Float32Array> {
  const id = nextId++;
  const request: AugmentRequest = { type: 'augment', id, images, shape, options, seed };
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    augmenter().postMessage(request, [images.buffer]);
  });
}
