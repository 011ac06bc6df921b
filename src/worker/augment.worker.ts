/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../core/data/augment';
import { createRng } from '../core/rng';
import { isAugmentRequest, type AugmentReply, type AugmentRequest } from './augment-protocol';

/**
 * The augmentation worker: the preview's few images, augmented exactly as training batches are
 * (core/data/augment.ts). The cpu backend is plenty for six thumbnails and starts at once.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const ready = tf.setBackend('cpu').then(() => tf.ready());
const FAILED = 'The augmentation preview could not be drawn here. Training is not affected: it augments its own batches.';

scope.onmessage = async (e: MessageEvent<unknown>) => {
  const msg = e.data;
  if (!isAugmentRequest(msg)) return;
  let reply: AugmentReply;
  try {
    reply = { type: 'augmented', id: msg.id, images: await augment(msg) };
  } catch {
    reply = { type: 'augment-failed', id: msg.id, message: FAILED };
  }
  scope.postMessage(reply, reply.type === 'augmented' ? [reply.images.buffer] : []);
};

async function augment({ images, shape, options, seed }: AugmentRequest): Promise<Float32Array> {
  await ready;
  const count = images.length / (shape[0] * shape[1] * shape[2]);
  const out = tf.tidy(() => augmentBatch(tf.tensor4d(images, [count, ...shape]), options, createRng(seed)));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
