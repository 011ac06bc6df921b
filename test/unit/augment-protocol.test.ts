import { describe, expect, it } from 'vitest';
import { isAugmentReply, isAugmentRequest } from '../../src/worker/augment-protocol';

const OPTIONS = { flip: true, rotateDeg: 10, shiftPx: 2, brightness: 0, noiseSd: 0.05 };
const request = (over: Record<string, unknown> = {}) => ({
  type: 'augment',
  id: 3,
  images: new Float32Array(2 * 4 * 4 * 3),
  shape: [4, 4, 3],
  options: OPTIONS,
  seed: 1,
  ...over,
});

describe('augmentation worker messages', () => {
  it('accepts a well-formed request', () => {
    expect(isAugmentRequest(request())).toBe(true);
  });

  it('refuses requests whose images do not fit their shape, or with bad options', () => {
    const bad = [
      request({ images: new Float32Array(4 * 4 * 3 + 1) }),
      request({ images: new Float32Array(0) }),
      request({ images: [0.5, 0.5] }),
      request({ shape: [4, 4] }),
      request({ shape: [4, 0, 3] }),
      request({ shape: [4, 4.5, 3] }),
      request({ options: { ...OPTIONS, rotateDeg: -5 } }),
      request({ options: { ...OPTIONS, noiseSd: Number.NaN } }),
      request({ options: { ...OPTIONS, flip: 'yes' } }),
      request({ options: null }),
      request({ seed: Number.POSITIVE_INFINITY }),
      request({ id: '3' }),
      request({ type: 'train' }),
      null,
      'augment',
    ];
    for (const m of bad) expect(isAugmentRequest(m), JSON.stringify(m)).toBe(false);
  });

  it('accepts only replies that carry images or a message', () => {
    expect(isAugmentReply({ type: 'augmented', id: 1, images: new Float32Array(3) })).toBe(true);
    expect(isAugmentReply({ type: 'augment-failed', id: 1, message: 'The preview could not be drawn.' })).toBe(true);
    expect(isAugmentReply({ type: 'augmented', id: 1, images: [1, 2, 3] })).toBe(false);
    expect(isAugmentReply({ type: 'augment-failed', id: 1 })).toBe(false);
    expect(isAugmentReply({ type: 'augmented', images: new Float32Array(3) })).toBe(false);
  });
});
