import type { Settings } from '../preset/schema';
import type { Dataset } from '../types';
import { prepareCustom, type CustomData } from './custom';
import { loadPackedDataset } from './packed';
import { makeRegressionDataset } from './regression';
import { makeShapesDataset } from './shapes';
import { missingUploadMessage } from './split-check';
import { splitDataset, splitOptionsFor, type SplitSettings, type Splits } from './split';
import { decodeTable, isTableDatasetId, TABLE_SPECS, type TableDatasetId } from './tables';
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
const tableCache = new Map<TableDatasetId, Promise<CustomData>>();

function cached<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let pending = cache.get(key);
  if (!pending) {
    pending = load();
    cache.set(key, pending);
    // A failed load must not poison the cache: the next attempt fetches again.
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** A shipped table (cancer, wine, iris, diabetes) as the table import leaves it: unscaled, columns to standardise listed. */
export function loadTable(id: TableDatasetId, fetchAsset: FetchAsset): Promise<CustomData> {
  return cached(tableCache, id, () => fetchAsset(TABLE_SPECS[id].file).then((bytes) => decodeTable(id, bytes)));
}

/**
 * The full dataset named by the settings (before splitting). Generated data depends on the seed. Shipped
 * tables come unscaled: loadDatasetSplit standardises them with the training split's statistics.
 */
export async function loadDataset(s: DatasetSettings, fetchAsset: FetchAsset): Promise<Dataset> {
  if (isTableDatasetId(s.dataset)) return (await loadTable(s.dataset, fetchAsset)).dataset;
  switch (s.dataset) {
    case 'digits':
    case 'fashion': {
      const path = PACKED_FILES[s.dataset];
      return cached(packedCache, path, () => fetchAsset(path).then(loadPackedDataset));
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
      throw new Error(missingUploadMessage(s.dataset));
    default:
      return makeToyDataset(s.dataset, { samples: s.samples, noise: s.noise, classes: s.classes, seed: s.seed });
  }
}

/**
 * The data a run trains on and its split: the user's own data when given, a shipped table standardised like
 * an imported one, anything else split as it is. The trainer and the page's previews both call this, so
 * both see identical rows.
 */
export async function loadDatasetSplit(
  s: DatasetSettings & SplitSettings,
  fetchAsset: FetchAsset,
  custom?: CustomData,
): Promise<{ data: Dataset; splits: Splits }> {
  const table = custom ?? (isTableDatasetId(s.dataset) ? await loadTable(s.dataset, fetchAsset) : null);
  if (table) return prepareCustom(table, splitOptionsFor(s, table.dataset.classNames.length));
  const data = await loadDataset(s, fetchAsset);
  return { data, splits: splitDataset(data, splitOptionsFor(s, data.classNames.length)) };
}
