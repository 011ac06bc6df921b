import { standardize } from '../import/tabular';
import { featureSize } from '../types';
import type { CustomData } from './custom';

/**
 * A what-if question about a table model: the user edits one row in the table's own units (mm, mg/dl…),
 * and the model must see it exactly as it saw training rows, i.e. standardised with the training split's
 * statistics (src/core/data/custom.ts, prepareCustom). This holds those statistics and applies them.
 */
export interface RowScaling {
  /** Feature indices that were standardised; the others (one-hot) go in as they are. */
  columns: number[];
  mean: number[];
  /** Population standard deviation; a constant column (0) is only centred, as `standardize` does. */
  std: number[];
  /** The training median, which fills a gap the import left (NaN). */
  fill: number[];
}

/** The statistics prepareCustom scales a table with, for these training rows. */
export function rowScaling(custom: CustomData, train: Int32Array): RowScaling {
  const columns = custom.standardize ?? [];
  if (columns.length === 0) return { columns, mean: [], std: [], fill: [] };
  const { mean, std, fill } = standardize(custom.dataset.x, featureSize(custom.dataset.shape), columns, train);
  return { columns, mean: Array.from(mean), std: Array.from(std), fill: Array.from(fill) };
}

/** Row `index` of the table in its own units, gaps filled as training filled them. */
export function rawRow(custom: CustomData, index: number, s: RowScaling): number[] {
  const size = featureSize(custom.dataset.shape);
  const row = Array.from(custom.dataset.x.subarray(index * size, (index + 1) * size));
  s.columns.forEach((c, k) => {
    if (Number.isNaN(row[c])) row[c] = s.fill[k];
  });
  return row;
}

/** A row in the table's units → the model's input. */
export function scaleRow(raw: readonly number[], s: RowScaling): number[] {
  const out = [...raw];
  s.columns.forEach((c, k) => {
    out[c] = (raw[c] - s.mean[k]) / (s.std[k] > 1e-12 ? s.std[k] : 1);
  });
  return out;
}
