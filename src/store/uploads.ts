import { create } from 'zustand';
import {
  customDataProblem,
  type CustomData,
  type ImageOptions,
  type TableOptions,
  type UploadContent,
  type UploadSource,
} from '../core/data/custom';

export type { ImageOptions, TableOptions, UploadSource };
import { isUploadDataset, type Settings, type UploadDatasetId } from '../core/preset/schema';
import { isImageSamples } from '../core/import/image-summary';
import { tx } from './idb';

/**
 * The user's own datasets: at most one table and one image set, each kept in IndexedDB so a reload keeps
 * it. This store holds them; src/store/import.ts turns files into them. Nothing here leaves the browser.
 */

export interface UploadRecord extends UploadContent {
  id: UploadDatasetId;
  /** Reading, decoding and building, in milliseconds. */
  loadMs: number;
  createdAt: string;
}

export interface ImportProgress {
  label: string;
  done: number;
  total: number;
}

export interface UploadState {
  table: UploadRecord | null;
  images: UploadRecord | null;
  /** An import in progress. */
  progress: ImportProgress | null;
  /** The last import's failure: what is wrong and what to do. The previous data stays loaded. */
  error: { message: string; hint: string } | null;
  restored: boolean;
  /** Imports finished so far (loaded or failed), so a view or test can tell when the latest one ended. */
  finished: number;
}

export const useUploads = create<UploadState>()(() => ({
  table: null,
  images: null,
  progress: null,
  error: null,
  restored: false,
  finished: 0,
}));

/** The data a run on the user's own dataset brings to the trainer; undefined for the shipped datasets. */
export function customDataFor(s: Pick<Settings, 'dataset'>): CustomData | undefined {
  if (!isUploadDataset(s.dataset)) return undefined;
  return useUploads.getState()[s.dataset]?.custom;
}

/** Keeps a finished import (replacing the previous one of its kind) and stores it for the next visit. */
export async function keepUpload(record: UploadRecord): Promise<void> {
  useUploads.setState((s) => ({ [record.id]: record, error: null, progress: null, finished: s.finished + 1 }) as Partial<UploadState>);
  try {
    await tx('uploads', 'readwrite', (s) => void s.put(record));
  } catch {
    // Not stored (private mode, quota): the data still works until the page closes.
  }
}

export async function forgetUpload(id: UploadDatasetId): Promise<void> {
  useUploads.setState({ [id]: null } as Partial<UploadState>);
  try {
    await tx('uploads', 'readwrite', (s) => void s.delete(id));
  } catch {
    // Nothing stored to forget.
  }
}

/** Reads stored uploads at start-up; a record that fails validation is dropped, never trusted. */
export async function restoreUploads(): Promise<void> {
  try {
    const stored = ((await tx<UploadRecord[]>('uploads', 'readonly', (s) => s.getAll() as IDBRequest<UploadRecord[]>)) ?? [])
      .filter((r) => (r.id === 'table' || r.id === 'images') && customDataProblem(r.custom) === null)
      // Samples are only a preview: bad ones are dropped, the data stays.
      .map((r) =>
        r.imageSamples === undefined || isImageSamples(r.imageSamples, r.custom.dataset.count) ? r : { ...r, imageSamples: undefined },
      );
    useUploads.setState((st) => {
      const next: Partial<UploadState> = { restored: true };
      for (const r of stored) if (!st[r.id]) next[r.id] = r;
      return next;
    });
  } catch {
    useUploads.setState({ restored: true });
  }
}
