import type { AugmentOptions } from '../core/data/augment-options';

/**
 * Messages to and from the augmentation worker, which shows what the current augmentation makes of a few
 * training images. It runs TF.js on its own thread, so the page never parses the library, and apart from
 * the training worker, so a preview never touches the backend a run trains on.
 */
export interface AugmentRequest {
  type: 'augment';
  id: number;
  /** The images, HWC each, one after another, values in [0, 1]. */
  images: Float32Array;
  shape: [number, number, number];
  options: AugmentOptions;
  /** The draw: the same seed gives the same augmented images. */
  seed: number;
}

export type AugmentReply =
  { type: 'augmented'; id: number; images: Float32Array } | { type: 'augment-failed'; id: number; message: string };

const isRecord = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isAugmentOptions(o: unknown): o is AugmentOptions {
  return (
    isRecord(o) &&
    typeof o.flip === 'boolean' &&
    isAmount(o.rotateDeg) &&
    isAmount(o.shiftPx) &&
    isAmount(o.brightness) &&
    isAmount(o.noiseSd)
  );
}

export function isAugmentRequest(r: unknown): r is AugmentRequest {
  if (!isRecord(r) || r.type !== 'augment' || typeof r.id !== 'number' || !(r.images instanceof Float32Array)) return false;
  if (!Array.isArray(r.shape) || r.shape.length !== 3 || !r.shape.every(isCount)) return false;
  const size = (r.shape as number[]).reduce((a, b) => a * b, 1);
  return r.images.length > 0 && r.images.length % size === 0 && isAugmentOptions(r.options) && Number.isFinite(r.seed);
}

export function isAugmentReply(r: unknown): r is AugmentReply {
  if (!isRecord(r) || typeof r.id !== 'number') return false;
  if (r.type === 'augmented') return r.images instanceof Float32Array;
  return r.type === 'augment-failed' && typeof r.message === 'string';
}
