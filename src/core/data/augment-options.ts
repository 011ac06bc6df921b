import type { Settings } from '../preset/schema';

/** Augmentation parameters as plain data (no TF.js), so the UI can read them without loading the backend. */
export interface AugmentOptions {
  flip: boolean;
  /** Max rotation in degrees (0 = off). */
  rotateDeg: number;
  /** Max shift in pixels along each axis (0 = off). */
  shiftPx: number;
  /** Max brightness shift and relative contrast change (0 = off). */
  brightness: number;
  /** Std-dev of additive gaussian pixel noise (0 = off). */
  noiseSd: number;
}

export function augmentOptionsFrom(s: Settings): AugmentOptions {
  return {
    flip: s.flip,
    rotateDeg: s.rotate ? s.rotateDeg : 0,
    shiftPx: s.shift ? s.shiftPx : 0,
    brightness: s.brightness ? s.brightnessAmt : 0,
    noiseSd: s.gaussNoise ? s.gaussNoiseSd : 0,
  };
}

export function isAugmenting(o: AugmentOptions): boolean {
  return o.flip || o.rotateDeg > 0 || o.shiftPx > 0 || o.brightness > 0 || o.noiseSd > 0;
}
