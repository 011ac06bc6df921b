/**
 * What an import accepts, stated once so the importers enforce it and the UI can say it up front. Sizes are
 * checked BEFORE parsing (from File.size or the byte length) so a too-large file fails fast instead of
 * freezing the tab. The numbers keep a dataset within what a browser tab trains comfortably.
 */
import { ImportError, fmt, formatBytes } from './errors';

const MB = 1024 * 1024;

export const LIMITS = {
  /** CSV / TSV file. */
  csvBytes: 50 * MB,
  /** Image zip (compressed size). */
  zipBytes: 200 * MB,
  /** CIFAR-10 batches, all files together (the full binary set is ~176 MB). */
  cifarBytes: 200 * MB,
  /** Data rows of a table. */
  rows: 200_000,
  /** Columns of a table (before one-hot encoding). */
  columns: 2_000,
  /**
   * Rows × feature columns after one-hot encoding: the features become one Float32Array, and 20 M values is
   * 80 MB, which the trainer copies again. Stops e.g. 200,000 rows × 2,000 columns (1.6 GB) early.
   */
  cells: 20_000_000,
  /** Images in a folder or zip. */
  images: 20_000,
  /** Distinct values of a categorical column one-hot encoded as features (and of a class target). */
  categories: 100,
  /** Side lengths an image dataset may be resized to. */
  imageSizes: [28, 32, 64] as readonly number[],
  /** Files in a zip (images plus whatever else it holds). */
  zipEntries: 50_000,
  /** One file inside a zip, uncompressed (a CIFAR-10 batch is ~30 MB). */
  zipEntryBytes: 64 * MB,
  /** All accepted files of a zip together, uncompressed: the zip-bomb guard. */
  zipTotalBytes: 400 * MB,
} as const;

export type SizeKind = 'csv' | 'zip' | 'cifar';

const BYTE_LIMIT: Record<SizeKind, { limit: number; what: string; hint: string }> = {
  csv: {
    limit: LIMITS.csvBytes,
    what: 'CSV file',
    hint: 'Use a sample of the rows or fewer columns (e.g. filter it in a spreadsheet) and import that.',
  },
  zip: {
    limit: LIMITS.zipBytes,
    what: 'zip file',
    hint: 'Zip fewer images per class, or smaller images (they are resized to at most 64×64 anyway).',
  },
  cifar: {
    limit: LIMITS.cifarBytes,
    what: 'set of CIFAR-10 files',
    hint: 'Choose only some of the data_batch_N.bin files.',
  },
};

/**
 * Fails, before any parsing, when `bytes` is over the limit for this kind of file. `name` names the file in
 * the message (several files: say "the selected files").
 */
export function checkSize(kind: SizeKind, bytes: number, name?: string): void {
  const { limit, what, hint } = BYTE_LIMIT[kind];
  if (bytes > limit) {
    throw new ImportError(
      'too-large',
      `${name ? `'${name}'` : `The ${what}`} is ${formatBytes(bytes)}; the limit for a ${what} is ${formatBytes(limit)}.`,
      hint,
    );
  }
}

/** One line per limit, for the import dialog. */
export function describeLimits(): string[] {
  return [
    `Tables (CSV/TSV): up to ${formatBytes(LIMITS.csvBytes)}, ${fmt(LIMITS.rows)} rows and ${fmt(LIMITS.columns)} columns; a categorical column may have at most ${LIMITS.categories} different values.`,
    `Images: a zip of up to ${formatBytes(LIMITS.zipBytes)} with one folder per class, at most ${fmt(LIMITS.images)} images (png, jpg, gif, bmp, webp), resized to ${LIMITS.imageSizes.join(', ')} pixels square.`,
    `CIFAR-10 (binary version): up to ${formatBytes(LIMITS.cifarBytes)} of data_batch_N.bin / test_batch.bin files.`,
  ];
}
