import type { Settings } from '../preset/schema';
import type { Dataset } from '../types';
import { loadPackedDataset } from './packed';
import { makeRegressionDataset } from './regression';
import { makeShapesDataset } from './shapes';
import { makeToyDataset } from './toy';

/** Reads one of the app's own files (e.g. 'data/digits.flds.gz'); the caller decides how (fetch, fs). */
export type FetchAsset = (path: string) => Promise<Uint8Array>;

export const PACKED_FILES = {
  digits: 'data/digits.flds.gz',
  fashion: 'data/fashion-mnist.flds.gz',
} as const;

export type DatasetSettings = Pick<Settings, 'dataset' | 'samples' | 'noise' | 'classes' | 'seed'>;

// Decoded shipped datasets, per thread: decoding 12,000 images takes a moment and they never change.
const packedCache = new Map<string, Promise<Dataset>>();

/** The full dataset named by the settings (before splitting). Generated data depends on the seed. */
export async function loadDataset(s: DatasetSettings, fetchAsset: FetchAsset): Promise<Dataset> {
  switch (s.dataset) {
    case 'digits':
    case 'fashion': {
      const path = PACKED_FILES[s.dataset];
      let pending = packedCache.get(path);
      if (!pending) {
        pending = fetchAsset(path).then(loadPackedDataset);
        packedCache.set(path, pending);
        // A failed load must not poison the cache: the next attempt fetches again.
        pending.catch(() => packedCache.delete(path));
      }
      return pending;
    }
    case 'shapes':
      return makeShapesDataset({ samples: s.samples, noise: s.noise, seed: s.seed });
    case 'sine':
    case 'plane':
    case 'bumps':
      return makeRegressionDataset(s.dataset, { samples: s.samples, noise: s.noise, seed: s.seed });
    case 'table':
    case 'images':
      // The user's own data lives in this browser only; it reaches the trainer with the run, not from here.
      throw new Error(
        s.dataset === 'table'
          ? 'This setup uses your own table: load a CSV or TSV file under "Your data" first.'
          : 'This setup uses your own images: load an image folder, a zip or CIFAR-10 batches under "Your data" first.',
      );
    default:
      return makeToyDataset(s.dataset, { samples: s.samples, noise: s.noise, classes: s.classes, seed: s.seed });
  }
}
