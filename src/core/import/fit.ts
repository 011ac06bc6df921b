/**
 * How an image of any size and aspect becomes the square the model takes: which part of the source is read
 * and where in the square it lands. Pure geometry; the decoder (src/worker/importer.ts) draws by it.
 */
import { ImportError } from './errors';

export const IMAGE_FITS = ['crop', 'pad', 'stretch'] as const;
export type ImageFit = (typeof IMAGE_FITS)[number];

export const isImageFit = (v: unknown): v is ImageFit => (IMAGE_FITS as readonly unknown[]).includes(v);

/** What each choice does, in the words the import options show. */
export const FIT_LABELS: Record<ImageFit, string> = {
  crop: 'Centre crop (cut the long side)',
  pad: 'Pad (whole image, white bars)',
  stretch: 'Stretch (whole image, distorted)',
};

/**
 * What transparent pixels are flattened onto, and what fills the bars of 'pad': white, as a viewer on a
 * white page shows a transparent PNG. Stated once so the decoder and the UI agree.
 */
export const IMAGE_BACKGROUND = { css: '#ffffff', name: 'white' } as const;

/** Integer pixel rectangle. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FitPlan {
  /** The square drawn first: the target size times an integer factor (see fitPlan). */
  side: number;
  /** The part of the source image that is read. */
  source: Rect;
  /** Where that part lands in the side×side square; the rest (pad only) is background. */
  target: Rect;
}

/**
 * The rectangles for a w×h image in a side×side square. 'crop' reads the centred square of the short side
 * (odd leftovers favour the top-left, as floor does); 'pad' reads all of it into a centred rectangle that
 * keeps its aspect; 'stretch' reads all of it into the whole square.
 */
export function fitRects(w: number, h: number, side: number, fit: ImageFit): { source: Rect; target: Rect } {
  for (const [what, v] of [
    ['width', w],
    ['height', h],
    ['side', side],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new ImportError(
        'bad-pixels',
        `An image ${what} of ${v} cannot be fitted to a square.`,
        'The image may be damaged; it is skipped.',
      );
  }
  const whole: Rect = { x: 0, y: 0, w, h };
  const square: Rect = { x: 0, y: 0, w: side, h: side };
  if (fit === 'crop') {
    const s = Math.min(w, h);
    return { source: { x: Math.floor((w - s) / 2), y: Math.floor((h - s) / 2), w: s, h: s }, target: square };
  }
  if (fit === 'pad') {
    const tw = w >= h ? side : Math.max(1, Math.round((side * w) / h));
    const th = h >= w ? side : Math.max(1, Math.round((side * h) / w));
    return { source: whole, target: { x: Math.floor((side - tw) / 2), y: Math.floor((side - th) / 2), w: tw, h: th } };
  }
  return { source: whole, target: square };
}

/**
 * The most source pixels averaged into one output pixel per axis. The browser's resize draws the square at
 * up to this many times the target size; the exact box average down to the target (resizeHwc) then removes
 * the aliasing a single-step shrink of a 4000-px photo to 32 px would leave, at little cost.
 */
export const MAX_OVERSAMPLE = 4;

/**
 * The plan for fitting a w×h image into size×size: the rectangles at a side of `size` times the largest
 * integer factor (1 … MAX_OVERSAMPLE) at which the source still has a pixel for every drawn pixel, so a
 * small image is never enlarged twice and a big one is shrunk by the browser to at most 4× the target first.
 */
export function fitPlan(w: number, h: number, size: number, fit: ImageFit): FitPlan {
  const first = fitRects(w, h, size, fit);
  const room = Math.min(first.source.w / first.target.w, first.source.h / first.target.h);
  const factor = Math.max(1, Math.min(MAX_OVERSAMPLE, Math.floor(room)));
  const side = size * factor;
  return { side, ...(factor === 1 ? first : fitRects(w, h, side, fit)) };
}
