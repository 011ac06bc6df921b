/**
 * What an image import tells the user: at which sizes the images came in (grouped so that a folder of
 * 10,000 photos in 300 sizes still reads as one line), and how many files were skipped for which reason.
 */
import { fmt } from './errors';
import type { ImageFit } from './fit';

/** How the summary names what each fit did: "made 32×32 by centre crop". */
const FIT_DONE: Record<ImageFit, string> = { crop: 'centre crop', pad: 'padding with white bars', stretch: 'stretching' };

export interface PixelSize {
  width: number;
  height: number;
}

export interface SizeGroup {
  /** '640×480', or a band of the longer side such as 'large (1,024–2,999 px)'. */
  label: string;
  count: number;
  /** The most common exact sizes in the group, most common first (at most 3). */
  examples: string[];
}

/** Exact sizes are listed while there are at most this many; beyond, sizes are grouped in bands. */
export const MAX_EXACT_SIZES = 6;

interface Band {
  from: number;
  name: string;
}

/** Bands of the longer side, in pixels: the lower bound of each and its name. */
const BANDS: Band[] = [
  { from: 0, name: 'tiny' },
  { from: 32, name: 'small' },
  { from: 256, name: 'medium' },
  { from: 1024, name: 'large' },
  { from: 3000, name: 'camera-sized' },
];

const sizeLabel = (s: PixelSize): string => `${s.width}×${s.height}`;

/** Counts per exact size, most common first, ties by area (smaller first) so the order never wobbles. */
function exactCounts(sizes: PixelSize[]): { label: string; count: number; long: number; area: number }[] {
  const byLabel = new Map<string, { label: string; count: number; long: number; area: number }>();
  for (const s of sizes) {
    const label = sizeLabel(s);
    const entry = byLabel.get(label) ?? { label, count: 0, long: Math.max(s.width, s.height), area: s.width * s.height };
    entry.count++;
    byLabel.set(label, entry);
  }
  return [...byLabel.values()].sort((a, b) => b.count - a.count || a.area - b.area || a.label.localeCompare(b.label));
}

/** A band's label; `next` is the next band's lower bound, undefined for the last band. */
function bandLabel({ from, name }: Band, next: number | undefined): string {
  if (from === 0) return `${name} (under ${next} px)`;
  return next === undefined ? `${name} (${fmt(from)} px or more)` : `${name} (${fmt(from)}–${fmt(next - 1)} px)`;
}

/**
 * The images' original sizes in groups: every exact size when there are few, else bands of the longer
 * side (smallest band first) with the most common sizes in each as examples.
 */
export function groupSourceSizes(sizes: PixelSize[]): SizeGroup[] {
  const exact = exactCounts(sizes);
  if (exact.length <= MAX_EXACT_SIZES) {
    return [...exact]
      .sort((a, b) => a.area - b.area || a.label.localeCompare(b.label))
      .map((e) => ({ label: e.label, count: e.count, examples: [e.label] }));
  }
  const groups: SizeGroup[] = [];
  BANDS.forEach((band, k) => {
    const next = BANDS[k + 1]?.from;
    const inBand = exact.filter((e) => e.long >= band.from && (next === undefined || e.long < next));
    if (inBand.length === 0) return;
    groups.push({
      label: bandLabel(band, next),
      count: inBand.reduce((s, e) => s + e.count, 0),
      examples: inBand.slice(0, 3).map((e) => e.label),
    });
  });
  return groups;
}

/**
 * One sentence: how many images came in at which sizes, and how they were made `size` square with `fit`
 * (with how many were not square, the ones the choice changes).
 */
export function describeSourceSizes(sizes: PixelSize[], size: number, fit: ImageFit): string {
  const groups = groupSourceSizes(sizes);
  const distinct = new Set(sizes.map(sizeLabel)).size;
  const parts = groups.map((g) =>
    g.label === g.examples[0] ? `${fmt(g.count)} at ${g.label}` : `${fmt(g.count)} ${g.label}, e.g. ${g.examples.join(', ')}`,
  );
  const notSquare = sizes.filter((s) => s.width !== s.height).length;
  const n = sizes.length;
  return (
    `${fmt(n)} image${n === 1 ? '' : 's'} came in at ${distinct === 1 ? 'one size' : `${fmt(distinct)} sizes`}: ${parts.join('; ')}. ` +
    `All were made ${size}×${size}` +
    (notSquare ? ` by ${FIT_DONE[fit]} (${fmt(notSquare)} ${notSquare === 1 ? 'is' : 'are'} not square).` : '.')
  );
}

/**
 * How many files were skipped for which reason, most common reason first: "3 files skipped: 2 not a
 * readable image, 1 not an image file (.txt)." Null when none was.
 */
export function describeSkipped(skipped: { reason: string }[]): string | null {
  if (skipped.length === 0) return null;
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  const reasons = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = reasons.slice(0, 5).map(([reason, count]) => `${fmt(count)} ${reason}`);
  const rest = reasons.length - shown.length;
  return `${fmt(skipped.length)} file${skipped.length === 1 ? '' : 's'} skipped: ${shown.join(', ')}${rest > 0 ? `, and ${rest} other reason${rest === 1 ? '' : 's'}` : ''}.`;
}

/** One imported image shown in the preview: its index in the dataset, its file and its original size. */
export interface ImageSample extends PixelSize {
  index: number;
  file: string;
}

export const MAX_SAMPLES = 16;

/**
 * The images the preview shows, in dataset order: the first of each original size, so every size (and with
 * it every aspect the fit choice treats differently) is seen once.
 */
export function pickSamples(kept: { file: string; width: number; height: number }[], max = MAX_SAMPLES): ImageSample[] {
  const seen = new Set<string>();
  const out: ImageSample[] = [];
  for (const [index, { file, width, height }] of kept.entries()) {
    if (out.length >= max) break;
    const label = `${width}×${height}`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ index, file, width, height });
  }
  return out;
}

/** Checks samples that crossed a boundary (a worker message, IndexedDB) against a dataset of `count` images. */
export function isImageSamples(v: unknown, count: number): v is ImageSample[] {
  if (!Array.isArray(v) || v.length > MAX_SAMPLES) return false;
  return v.every((s: unknown) => {
    if (typeof s !== 'object' || s === null) return false;
    const r = s as Record<string, unknown>;
    const positive = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
    return (
      Number.isInteger(r.index) &&
      (r.index as number) >= 0 &&
      (r.index as number) < count &&
      typeof r.file === 'string' &&
      r.file.length <= 1000 &&
      positive(r.width) &&
      positive(r.height)
    );
  });
}
