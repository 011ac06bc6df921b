/**
 * The real tables Fitlab ships (public/data/*.csv.gz, built by scripts/build_datasets.py from Debian's
 * python3-sklearn). They go through the same pipeline as a table the user imports: CSV parsing, the tabular
 * builder, then standardisation of the numeric columns with the training split's statistics
 * (prepareCustom), so what a student learns here holds for their own data too.
 */
import { parseCsv } from '../import/csv';
import { buildTabularDataset } from '../import/tabular';
import type { Task } from '../types';
import type { CustomData } from './custom';
import { gunzipIfNeeded } from './packed';

export const TABLE_DATASETS = ['cancer', 'wine', 'iris', 'diabetes'] as const;
export type TableDatasetId = (typeof TABLE_DATASETS)[number];

export interface TableSpec {
  /** Path under the app's base URL. */
  file: string;
  /** The column predicted (the file's last). */
  target: string;
  task: Task;
}

export const TABLE_SPECS: Record<TableDatasetId, TableSpec> = {
  cancer: { file: 'data/cancer.csv.gz', target: 'diagnosis', task: 'classification' },
  wine: { file: 'data/wine.csv.gz', target: 'cultivar', task: 'classification' },
  iris: { file: 'data/iris.csv.gz', target: 'species', task: 'classification' },
  diabetes: { file: 'data/diabetes.csv.gz', target: 'progression', task: 'regression' },
};

export function isTableDatasetId(id: string): id is TableDatasetId {
  return (TABLE_DATASETS as readonly string[]).includes(id);
}

/**
 * A shipped table's bytes (gzipped or already inflated by the server) → the data a run trains on, before the
 * split: the standardised columns are listed, not yet scaled, because scaling needs the training split.
 */
export async function decodeTable(id: TableDatasetId, bytes: Uint8Array): Promise<CustomData> {
  const spec = TABLE_SPECS[id];
  const name = spec.file.slice(spec.file.lastIndexOf('/') + 1);
  const parsed = parseCsv(await gunzipIfNeeded(bytes), { fileName: name, delimiter: ',', hasHeader: true });
  const built = buildTabularDataset(parsed, { target: spec.target, task: spec.task, exclude: [], missing: 'drop', id });
  // A shipped file is complete: a dropped row would mean a broken build, not a choice to report.
  const dropped = built.dropped.missingTarget + built.dropped.missingValue;
  if (dropped > 0) throw new Error(`Dataset file ${name} is damaged: ${dropped} rows have missing values.`);
  return { dataset: built.dataset, standardize: built.numericColumns };
}
