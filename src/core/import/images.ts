/**
 * The pure part of importing a folder (or zip) of images: which files are which class, resizing decoded
 * pixels, and assembling the dataset. Decoding itself needs the browser (createImageBitmap, OffscreenCanvas)
 * and lives outside src/core; it hands over RGBA pixels, which `resizeBilinear` turns into model input.
 */
import type { Dataset } from '../types';
import { ImportError, clip, fmt } from './errors';
import { LIMITS } from './limits';
import { isJunkPath } from './zip';
import { naturalSort } from './values';

export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'];

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ClassFolders {
  /** Class folder names in natural order ('class 2' before 'class 10'). */
  classNames: string[];
  /** The images to decode, each with its class. */
  files: { path: string; className: string }[];
  /** Files that are not used, with why (not an image, not in a class folder). */
  skipped: SkippedFile[];
  /** The folder all classes sit in ('' when the class folders are at the top). */
  root: string;
  warnings: string[];
}

const extensionOf = (path: string): string => {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/**
 * Classes from folder names: the first folder level below the folder all images share, so 'cats/1.png'
 * and 'shapes/cats/1.png' both give class 'cats', and deeper folders ('cats/indoor/1.png') stay in their
 * class. Folders, __MACOSX/ and dot-files are ignored silently; other files are listed as skipped.
 */
export function groupByClassFolder(paths: string[]): ClassFolders {
  const skipped: SkippedFile[] = [];
  const images: { path: string; dirs: string[] }[] = [];
  for (const raw of paths) {
    const path = raw.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
    if (isJunkPath(path)) continue;
    const segments = path.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..')) {
      skipped.push({ file: raw, reason: "its path contains '..'" });
      continue;
    }
    const ext = extensionOf(path);
    if (!IMAGE_EXTENSIONS.includes(ext)) {
      skipped.push({ file: raw, reason: ext ? `not an image file (.${ext})` : 'not an image file (no extension)' });
      continue;
    }
    images.push({ path: raw, dirs: segments.slice(0, -1) });
  }
  const [firstImage] = images;
  if (firstImage === undefined) {
    throw new ImportError(
      'no-images',
      `No image files were found${paths.length ? ` among ${fmt(paths.length)} files` : ''} (looked for ${IMAGE_EXTENSIONS.join(', ')}).`,
      'Choose a folder or zip with one sub-folder of images per class, e.g. cats/1.png, dogs/1.png.',
    );
  }
  if (images.length > LIMITS.images) {
    throw new ImportError(
      'too-many-images',
      `There are ${fmt(images.length)} images; at most ${fmt(LIMITS.images)} are supported.`,
      `Use a sample of at most ${fmt(LIMITS.images)} images, keeping every class.`,
    );
  }

  // The folders every image shares. If that swallows the class level (all images in one folder), back off
  // one level so the message can say "only one class" rather than "no class folders".
  let root = firstImage.dirs;
  for (const im of images) {
    let k = 0;
    while (k < root.length && k < im.dirs.length && root[k] === im.dirs[k]) k++;
    root = root.slice(0, k);
  }
  if (root.length > 0 && images.every((im) => im.dirs.length === root.length)) root = root.slice(0, -1);

  const files: ClassFolders['files'] = [];
  for (const im of images) {
    // root is a prefix of every image's folders: the one after it is the class, if there is one.
    const className = im.dirs[root.length];
    if (className === undefined) skipped.push({ file: im.path, reason: 'not inside a class folder' });
    else files.push({ path: im.path, className });
  }
  const classNames = naturalSort(new Set(files.map((f) => f.className)));
  if (classNames.length === 0) {
    throw new ImportError(
      'no-class-folders',
      `The ${fmt(images.length)} images are not in class folders: there is no folder per class.`,
      "Put each class's images in its own folder named after the class (e.g. cats/1.png, dogs/1.png) and choose the folder (or zip) holding them.",
    );
  }
  if (classNames.length === 1) {
    const [only = ''] = classNames;
    throw new ImportError(
      'one-class',
      `Only one class folder ('${clip(only)}') was found: a classifier needs at least two classes.`,
      'Add a folder of images for every other class next to it, and choose the folder (or zip) holding them all.',
    );
  }
  const warnings: string[] = [];
  const splitNames = classNames.filter((c) => /^(train|training|test|testing|val|valid|validation)$/i.test(c));
  if (splitNames.length >= 2) {
    warnings.push(
      `The class folders include ${splitNames.map((c) => `'${c}'`).join(' and ')}: those look like data splits, not classes. Choose the folder inside one of them (its sub-folders are the classes).`,
    );
  }
  return { classNames, files, skipped, root: root.join('/'), warnings };
}

export interface ImageItem {
  className: string;
  /** Decoded pixels, HWC in [0, 1] (`channels` per pixel), or null when the file could not be decoded. */
  pixels: Float32Array | null;
  /** The size of `pixels` (not of the file: a decoder that resizes reports the size it returns). */
  width: number;
  height: number;
  /** The file's own size, as decoded (after EXIF rotation), for the import summary; absent when unknown. */
  source?: { width: number; height: number };
  channels: 1 | 3;
  file: string;
  /** Why decoding failed, shown in the skipped list. */
  error?: string;
}

export interface ImageDatasetResult {
  dataset: Dataset;
  skipped: SkippedFile[];
  /** Images per class, aligned with dataset.classNames. */
  classCounts: number[];
  /** For each dataset sample, the index of the item it came from. */
  kept: number[];
}

/**
 * Stacks decoded images into one dataset of `size`×`size`×`channels`, in [0, 1]. Images of another size are
 * resized here and colour/grey is converted, so mixed inputs are fine; undecodable or malformed ones are
 * skipped and listed, never fatal. Fails when no image survives or a class is left with none.
 * `classNames` (the folders found) lets a class whose every file failed be reported by name.
 */
export function assembleImageDataset(
  items: ImageItem[],
  size: number,
  channels: 1 | 3,
  options: { classNames?: string[]; id?: string } = {},
): ImageDatasetResult {
  if (!LIMITS.imageSizes.includes(size)) {
    throw new ImportError(
      'bad-size',
      `Images can be resized to ${LIMITS.imageSizes.join(', ')} pixels square, not ${size}.`,
      `Pick one of ${LIMITS.imageSizes.join(', ')}.`,
    );
  }
  if (channels !== 1 && channels !== 3) {
    throw new ImportError('bad-channels', `Images can have 1 (grey) or 3 (colour) channels, not ${channels}.`, 'Pick grey or colour.');
  }
  if (items.length > LIMITS.images) {
    throw new ImportError(
      'too-many-images',
      `There are ${fmt(items.length)} images; at most ${fmt(LIMITS.images)} are supported.`,
      `Use a sample of at most ${fmt(LIMITS.images)} images.`,
    );
  }
  const classNames = options.classNames ? [...options.classNames] : naturalSort(new Set(items.map((it) => it.className)));
  const classIndex = new Map(classNames.map((c, k) => [c, k]));
  const skipped: SkippedFile[] = [];
  const kept: { k: number; pixels: Float32Array; item: number }[] = [];
  const failedPerClass = new Map<string, number>();

  for (const [item, it] of items.entries()) {
    const k = classIndex.get(it.className);
    if (k === undefined) {
      skipped.push({ file: it.file, reason: `its class '${clip(it.className)}' is not among the classes` });
      continue;
    }
    const problem = itemProblem(it);
    if (problem) {
      skipped.push({ file: it.file, reason: problem });
      failedPerClass.set(it.className, (failedPerClass.get(it.className) ?? 0) + 1);
      continue;
    }
    let px = it.pixels!;
    if (it.channels !== channels) px = convertChannels(px, it.channels, channels);
    if (it.width !== size || it.height !== size) px = resizeHwc(px, it.width, it.height, channels, size);
    kept.push({ k, pixels: px, item });
  }

  if (kept.length === 0) {
    throw new ImportError(
      'no-usable-images',
      `None of the ${fmt(items.length)} images could be read${skipped[0] ? ` (e.g. '${clip(skipped[0].file)}': ${skipped[0].reason})` : ''}.`,
      'Check that the files are real images (png, jpg, gif, bmp, webp) and not damaged.',
    );
  }
  const countOf = new Map<number, number>();
  for (const { k } of kept) countOf.set(k, (countOf.get(k) ?? 0) + 1);
  const classCounts = classNames.map((_, k) => countOf.get(k) ?? 0);
  const empty = classNames.filter((_, k) => classCounts[k] === 0);
  if (empty.length) {
    const detail = empty.map((c) => `'${clip(c)}'${failedPerClass.get(c) ? ` (${failedPerClass.get(c)} unreadable)` : ''}`);
    throw new ImportError(
      'empty-class',
      `No usable image is left in class${empty.length > 1 ? 'es' : ''} ${detail.join(', ')}.`,
      'Add readable images to that class folder, or remove the folder.',
    );
  }

  const per = size * size * channels;
  const x = new Float32Array(kept.length * per);
  const y = new Int32Array(kept.length);
  kept.forEach(({ k, pixels }, i) => {
    x.set(pixels, i * per);
    y[i] = k;
  });
  const dataset: Dataset = {
    id: options.id ?? 'images',
    kind: 'image',
    shape: [size, size, channels],
    count: kept.length,
    x,
    y,
    classNames,
  };
  return { dataset, skipped, classCounts, kept: kept.map((e) => e.item) };
}

/** Why a decoded item cannot be used, or null. */
function itemProblem(it: ImageItem): string | null {
  if (!it.pixels) return it.error ?? 'could not be decoded (damaged, or a format this browser cannot read)';
  if (!Number.isInteger(it.width) || !Number.isInteger(it.height) || it.width < 1 || it.height < 1)
    return `has an invalid size ${it.width}×${it.height}`;
  if (it.channels !== 1 && it.channels !== 3) return `has ${it.channels} channels`;
  if (it.pixels.length !== it.width * it.height * it.channels)
    return `pixel data (${fmt(it.pixels.length)} values) does not match ${it.width}×${it.height}×${it.channels}`;
  for (const v of it.pixels) if (!(v >= 0 && v <= 1)) return 'has pixel values outside 0 … 1';
  return null;
}

/** Grey ↔ colour: grey is luminance (ITU-R BT.601), colour repeats the grey value. */
function convertChannels(px: Float32Array, from: 1 | 3, to: 1 | 3): Float32Array {
  const n = px.length / from;
  const out = new Float32Array(n * to);
  // Hot loop: indexed, with `!` as every index is below n * from = px.length.
  for (let i = 0; i < n; i++) {
    if (to === 1) out[i] = 0.299 * px[i * 3]! + 0.587 * px[i * 3 + 1]! + 0.114 * px[i * 3 + 2]!;
    else out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = px[i]!;
  }
  return out;
}

/**
 * RGBA bytes (as getImageData gives them) → `size`×`size` HWC floats in [0, 1], `channels` 3 (RGB) or 1
 * (luminance 0.299 R + 0.587 G + 0.114 B). Transparent pixels are composited over white, as a viewer on a
 * white page shows them. A non-square image is stretched: the decoder crops or pads it first (see fit.ts).
 */
export function resizeBilinear(src: Uint8ClampedArray | Uint8Array, w: number, h: number, size: number, channels: 1 | 3): Float32Array {
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || !Number.isInteger(size) || size < 1) {
    throw new ImportError(
      'bad-pixels',
      `The decoded image is ${w}×${h}; it cannot be resized to ${size}×${size}.`,
      'The image may be damaged; it is skipped.',
    );
  }
  if (src.length !== w * h * 4) {
    throw new ImportError(
      'bad-pixels',
      `The decoded image has ${fmt(src.length)} bytes, not ${w}×${h}×4 RGBA.`,
      'The image may be damaged; it is skipped.',
    );
  }
  const n = w * h;
  const px = new Float32Array(n * channels);
  // Hot loop: indexed, with `!` as every index is below 4n = src.length (checked above).
  for (let i = 0; i < n; i++) {
    const a = src[i * 4 + 3]! / 255;
    const over = (v: number): number => (v / 255) * a + (1 - a);
    const r = over(src[i * 4]!);
    const g = over(src[i * 4 + 1]!);
    const b = over(src[i * 4 + 2]!);
    if (channels === 1) px[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      px[i * 3] = r;
      px[i * 3 + 1] = g;
      px[i * 3 + 2] = b;
    }
  }
  return w === size && h === size ? px : resizeHwc(px, w, h, channels, size);
}

/**
 * Resamples HWC floats to size×size. Enlarging is bilinear with pixel centres aligned (as TF's
 * half_pixel_centers and OpenCV); shrinking averages every source pixel under the output pixel, since
 * bilinear alone would read only 4 of, say, 36 source pixels and alias fine patterns.
 */
export function resizeHwc(src: Float32Array, w: number, h: number, c: number, size: number): Float32Array {
  const wx = axisWeights(w, size);
  const wy = axisWeights(h, size);
  // Rows first (w → size), then columns (h → size): separable, so each pass is one weighted sum.
  // The weights' source indices are within w (or h) by axisWeights, so the `!` reads are inside src and tmp.
  const tmp = new Float32Array(h * size * c);
  for (let y = 0; y < h; y++) {
    for (const [dx, taps] of wx.entries()) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (const [i, wt] of taps) s += wt * src[(y * w + i) * c + ch]!;
        tmp[(y * size + dx) * c + ch] = s;
      }
    }
  }
  const out = new Float32Array(size * size * c);
  for (const [dy, taps] of wy.entries()) {
    for (let dx = 0; dx < size; dx++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (const [j, wt] of taps) s += wt * tmp[(j * size + dx) * c + ch]!;
        out[(dy * size + dx) * c + ch] = Math.min(1, Math.max(0, s));
      }
    }
  }
  return out;
}

/** For each output index along one axis: the source indices and weights (summing to 1) it reads. */
function axisWeights(n: number, size: number): [number, number][][] {
  const scale = n / size;
  const out: [number, number][][] = [];
  for (let d = 0; d < size; d++) {
    if (scale <= 1) {
      const s = Math.min(n - 1, Math.max(0, (d + 0.5) * scale - 0.5));
      const i0 = Math.floor(s);
      const i1 = Math.min(i0 + 1, n - 1);
      const t = s - i0;
      out.push(
        t > 0 && i1 !== i0
          ? [
              [i0, 1 - t],
              [i1, t],
            ]
          : [[i0, 1]],
      );
    } else {
      const lo = d * scale;
      const hi = (d + 1) * scale;
      const taps: [number, number][] = [];
      for (let i = Math.floor(lo); i < Math.min(n, Math.ceil(hi)); i++) {
        const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
        if (overlap > 1e-9) taps.push([i, overlap / scale]);
      }
      out.push(taps);
    }
  }
  return out;
}
