import { customDataProblem, type ImageOptions, type TableOptions, type UploadContent } from '../core/data/custom';
import type { ParsedCsv } from '../core/import/csv';
import { isImageFit } from '../core/import/fit';
import { isImageSamples } from '../core/import/image-summary';

/** One file the user chose: its path within the chosen folder or zip ('cats/1.png'), else its name. */
export interface InputFile {
  path: string;
  file: Blob;
}

/**
 * Messages to and from the import worker, which reads, parses and decodes the user's files off the main
 * thread. Files travel as File objects (the browser shares them, nothing is uploaded); results come back as
 * plain data with typed arrays.
 */
export type ToImporter =
  | { type: 'import'; id: number; files: InputFile[]; image: ImageOptions }
  /** Rebuild a table with other options (target, task, columns, missing values), from its parsed cells. */
  | { type: 'build-table'; id: number; table: ParsedCsv; options: TableOptions; name: string; bytes: number };

/** An import's outcome, and which of the two own-data slots (a table, an image set) it fills. */
export type ImportResult = UploadContent & { kind: 'table' | 'images' };

export type FromImporter =
  | { type: 'progress'; id: number; label: string; done: number; total: number }
  | { type: 'result'; id: number; result: ImportResult }
  | { type: 'error'; id: number; message: string; hint: string };

export function isFromImporter(m: unknown): m is FromImporter {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number') return false;
  switch (r.type) {
    case 'progress':
      return typeof r.label === 'string' && typeof r.done === 'number' && typeof r.total === 'number';
    case 'error':
      return typeof r.message === 'string' && typeof r.hint === 'string';
    case 'result': {
      const res = r.result as Record<string, unknown> | null;
      return (
        typeof res === 'object' &&
        res !== null &&
        (res.kind === 'table' || res.kind === 'images') &&
        typeof res.name === 'string' &&
        Array.isArray(res.skipped) &&
        Array.isArray(res.notes) &&
        customDataProblem(res.custom) === null &&
        (res.imageSamples === undefined || isImageSamples(res.imageSamples, (res.custom as { dataset: { count: number } }).dataset.count))
      );
    }
    default:
      return false;
  }
}

export function isToImporter(m: unknown): m is ToImporter {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number') return false;
  if (r.type === 'import') {
    const image = r.image as Record<string, unknown> | undefined;
    return (
      Array.isArray(r.files) &&
      r.files.every(
        (f) =>
          typeof f === 'object' &&
          f !== null &&
          typeof (f as { path: unknown }).path === 'string' &&
          (f as { file: unknown }).file instanceof Blob,
      ) &&
      typeof image === 'object' &&
      image !== null &&
      Number.isInteger(image.size) &&
      (image.channels === 1 || image.channels === 3) &&
      (image.fit === undefined || isImageFit(image.fit))
    );
  }
  if (r.type === 'build-table') {
    const t = r.table as Record<string, unknown> | undefined;
    const o = r.options as Record<string, unknown> | undefined;
    return (
      typeof t === 'object' &&
      t !== null &&
      Array.isArray(t.header) &&
      Array.isArray(t.rows) &&
      typeof o === 'object' &&
      o !== null &&
      typeof o.target === 'string' &&
      (o.task === 'classification' || o.task === 'regression') &&
      Array.isArray(o.exclude) &&
      (o.missing === 'drop' || o.missing === 'impute') &&
      typeof r.name === 'string' &&
      typeof r.bytes === 'number'
    );
  }
  return false;
}
