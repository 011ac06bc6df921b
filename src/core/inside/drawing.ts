/**
 * A drawing (or a dropped photo of a digit) turned into the input a dataset's model was trained on, made the
 * way the dataset itself was made, so a fair drawing gets a fair prediction:
 *
 * - digits (scikit-learn's copy of UCI optdigits): a 32×32 on/off bitmap of the digit, its bounding box
 *   scaled to fill the frame, then the "on" pixels counted in each 4×4 block: 8×8 values 0–16. (In the data
 *   every digit spans all eight rows and is centred left to right.) Fitlab divides by 16.
 * - fashion (Fashion-MNIST, per Zalando's README): trimmed to the object, the longest edge resized to 28,
 *   centred on a 28×28 canvas, intensities negated so the object is bright on black, 8-bit grey. Fitlab
 *   divides by 255.
 *
 * Both centre the bounding box; `centre: 'mass'` is MNIST's own rule (centre of mass at the frame's centre)
 * for a dataset made that way.
 */

export interface DrawTarget {
  /** Side of the model's square input. */
  size: number;
  /** The glyph is laid out at size × block pixels, and each block × block square is summed into one input. */
  block: number;
  /** Share of the frame the glyph's longer side fills (1: edge to edge; MNIST's 20 of 28 would be 20 / 28). */
  fill: number;
  /** On/off pixels before the block sums (optdigits' bitmaps), or grey levels kept. */
  binarise: boolean;
  centre: 'box' | 'mass';
  /** The dataset's integer range: each input is a multiple of 1 / levels in [0, 1]. */
  levels: number;
}

export const DRAW_TARGETS = {
  digits: { size: 8, block: 4, fill: 1, binarise: true, centre: 'box', levels: 16 },
  fashion: { size: 28, block: 1, fill: 1, binarise: false, centre: 'box', levels: 255 },
} as const satisfies Record<string, DrawTarget>;

export type DrawDataset = keyof typeof DRAW_TARGETS;

/** The drawing target of a built-in dataset whose model takes a one-channel square of that size; else null. */
export function drawTargetFor(dataset: string, shape: readonly number[] | null): DrawTarget | null {
  if (dataset !== 'digits' && dataset !== 'fashion') return null;
  const target = DRAW_TARGETS[dataset];
  return shape && shape.length === 3 && shape[0] === target.size && shape[1] === target.size && shape[2] === 1 ? target : null;
}

/** Ink below this is background (anti-aliasing fringe, a photo's paper grain). */
const INK_MIN = 0.1;

/** A greyscale picture in [0, 1], row-major, bright ink on dark. */
export interface Ink {
  values: Float32Array;
  width: number;
  height: number;
}

/** RGBA bytes of a pad drawn in a light colour on an opaque dark background → ink (luminance). */
export function inkFromRgba(rgba: Uint8ClampedArray, width: number, height: number): Ink {
  const values = new Float32Array(width * height);
  for (let i = 0; i < values.length; i++) {
    values[i] = (0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) / 255;
  }
  return { values, width, height };
}

/**
 * A greyscale photo → ink. A photo is usually dark ink on light paper, the reverse of these datasets, so a
 * light border (the mean of the outermost pixels above ½) means it is negated first, as Fashion-MNIST was.
 */
export function inkFromGrey(grey: Float32Array, width: number, height: number): Ink {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y > 0 && y < height - 1 && x > 0 && x < width - 1) continue;
      sum += grey[y * width + x];
      n++;
    }
  }
  const light = n > 0 && sum / n > 0.5;
  return { values: light ? grey.map((v) => 1 - v) : Float32Array.from(grey), width, height };
}

/** The model input (size × size in [0, 1]) for a drawing, or null when nothing is drawn. */
export function preprocessDrawing(ink: Ink, target: DrawTarget): Float32Array | null {
  const box = inkBox(ink);
  if (!box) return null;
  const frame = target.size * target.block;
  const scale = (target.fill * frame) / Math.max(box.w, box.h);
  const w = Math.min(frame, Math.max(1, Math.round(box.w * scale)));
  const h = Math.min(frame, Math.max(1, Math.round(box.h * scale)));
  const glyph = resampleArea(ink, box, w, h);
  if (target.binarise) for (let i = 0; i < glyph.length; i++) glyph[i] = glyph[i] >= 0.5 ? 1 : 0;
  const [ox, oy] = target.centre === 'mass' ? massOffset(glyph, w, h, frame) : [Math.floor((frame - w) / 2), Math.floor((frame - h) / 2)];
  return blockSums(glyph, w, h, ox, oy, target);
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function inkBox({ values, width, height }: Ink): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (values[y * width + x] < INK_MIN) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** The box resized to w × h by exact area averaging (every source pixel counts by how much of it is covered). */
function resampleArea(ink: Ink, box: Box, w: number, h: number): Float32Array {
  const wx = coverage(box.w, w);
  const wy = coverage(box.h, h);
  const out = new Float32Array(w * h);
  for (let ty = 0; ty < h; ty++) {
    for (let tx = 0; tx < w; tx++) {
      let s = 0;
      for (const [sy, a] of wy[ty]) for (const [sx, b] of wx[tx]) s += a * b * ink.values[(box.y + sy) * ink.width + box.x + sx];
      out[ty * w + tx] = s;
    }
  }
  return out;
}

/** For each of `to` output cells, the source cells under it and their weights (summing to 1). */
function coverage(from: number, to: number): [number, number][][] {
  const step = from / to;
  return Array.from({ length: to }, (_, t) => {
    const lo = t * step;
    const hi = lo + step;
    const cells: [number, number][] = [];
    for (let s = Math.floor(lo); s < Math.min(from, Math.ceil(hi)); s++) {
      const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
      if (overlap > 1e-9) cells.push([s, overlap / step]);
    }
    return cells;
  });
}

/** Where to put the glyph so its centre of mass lands on the frame's centre, kept inside the frame. */
function massOffset(glyph: Float32Array, w: number, h: number, frame: number): [number, number] {
  let total = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = glyph[y * w + x];
      total += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  if (!(total > 0)) return [Math.floor((frame - w) / 2), Math.floor((frame - h) / 2)];
  const clamp = (v: number, room: number) => Math.min(room, Math.max(0, v));
  return [clamp(Math.round(frame / 2 - cx / total), frame - w), clamp(Math.round(frame / 2 - cy / total), frame - h)];
}

/** Lays the glyph at (ox, oy) in the frame, sums each block and rounds to the dataset's levels. */
function blockSums(glyph: Float32Array, w: number, h: number, ox: number, oy: number, t: DrawTarget): Float32Array {
  const sums = new Float32Array(t.size * t.size);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const bx = Math.floor((x + ox) / t.block);
      const by = Math.floor((y + oy) / t.block);
      sums[by * t.size + bx] += glyph[y * w + x];
    }
  }
  const perBlock = t.block * t.block;
  return sums.map((s) => Math.round(Math.min(1, s / perBlock) * t.levels) / t.levels);
}
