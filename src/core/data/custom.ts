import type { ParsedCsv } from '../import/csv';
import type { ImageFit } from '../import/fit';
import type { ImageSample } from '../import/image-summary';
import type { ColumnProfile } from '../import/table-profile';
import type { Dataset } from '../types';
import { featureSize } from '../types';
import { standardize } from '../import/tabular';
import { splitDataset, type SplitOptions, type Splits } from './split';

/**
 * A dataset the user brought (a table, an image folder or zip, CIFAR-10 batches). It stays in this browser:
 * it travels to the trainer inside the run's start message, never through a URL or a request.
 */
export interface CustomData {
  dataset: Dataset;
  /** CIFAR-10: the test batch's samples are the test split, as the exercise prescribes. */
  fixedTest?: Int32Array;
  /**
   * Tables: feature indices standardised (zero mean, unit variance) with statistics of the training
   * split only, so validation and test rows never inform the scaling.
   */
  standardize?: number[];
}

/**
 * The split of a custom dataset and the data the model sees: the same seeded split as the shipped data
 * (or the fixed test batch), then standardisation fitted on the training rows. The worker and the previews
 * both call this, so both see identical rows.
 */
export function prepareCustom(c: CustomData, o: SplitOptions): { data: Dataset; splits: Splits } {
  const splits = splitDataset(c.dataset, c.fixedTest ? { ...o, fixedTest: c.fixedTest } : o);
  if (!c.standardize?.length) return { data: c.dataset, splits };
  const { x } = standardize(c.dataset.x, featureSize(c.dataset.shape), c.standardize, splits.train);
  return { data: { ...c.dataset, x }, splits };
}

export type UploadSource = 'csv' | 'zip' | 'folder' | 'images' | 'cifar';

/** Options of a table import: which column is the target, which are left out, how gaps are handled. */
export interface TableOptions {
  target: string;
  task: 'classification' | 'regression';
  exclude: string[];
  missing: 'drop' | 'impute';
  /** Categorical columns shown in the subgroup view. */
  attributes: string[];
  /** Columns mixing numbers and text that the user chose to read as numbers (text cells count as missing). */
  textAsMissing?: string[];
}

/** Options of an image import: the size images are resized to, grey or colour, and how a non-square one becomes square. */
export interface ImageOptions {
  size: number;
  channels: 1 | 3;
  /** Absent in imports stored before the choice existed (those were stretched); new imports default to 'crop'. */
  fit?: ImageFit;
}

/** What an import produced: the data ready to train, and what to tell the user about it. */
export interface UploadContent {
  /** File or folder name(s), as the user's system gave them: shown as text only. */
  name: string;
  source: UploadSource;
  bytes: number;
  custom: CustomData;
  /** Tables: the parsed cells, so the target and columns can be changed without reading the file again. */
  table?: ParsedCsv;
  /** Tables: what each column holds (numbers, categories, gaps), for the import panel. */
  profiles?: ColumnProfile[];
  tableOptions?: TableOptions;
  imageOptions?: ImageOptions;
  /** Image folders and zips: a few imported images (one per original size) the preview shows with their files. */
  imageSamples?: ImageSample[];
  /** Files or rows left out, and why (corrupt images, rows with gaps, unknown files). */
  skipped: { item: string; reason: string }[];
  /** Anything else worth saying about the data (e.g. "12 rows dropped: missing values"). */
  notes: string[];
}

const MAX_CUSTOM_VALUES = 200_000_000;

/**
 * Checks a custom dataset that crossed a boundary (a worker message, IndexedDB) before anything trusts
 * it: array lengths agree with the shape and count, labels are in range, indices point at samples.
 * Returns what is wrong, or null.
 */
export function customDataProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'no dataset';
  const c = v as Record<string, unknown>;
  const d = c.dataset as Record<string, unknown> | undefined;
  if (typeof d !== 'object' || d === null) return 'no dataset';
  const shape = d.shape;
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 3 || !shape.every((n) => Number.isInteger(n) && n > 0))
    return 'bad shape';
  const count = d.count;
  if (!Number.isInteger(count) || (count as number) < 1) return 'no samples';
  if (!(d.x instanceof Float32Array) || !(d.y instanceof Int32Array)) return 'features or labels are not typed arrays';
  const size = featureSize(shape as number[]);
  if (size * (count as number) > MAX_CUSTOM_VALUES || d.x.length !== size * (count as number))
    return 'feature array does not match shape × count';
  if (d.y.length !== count) return 'label array does not match count';
  if (!Array.isArray(d.classNames) || d.classNames.length < 1 || !d.classNames.every((n) => typeof n === 'string'))
    return 'bad class names';
  const k = d.classNames.length;
  for (const label of d.y) if (label < 0 || label >= k) return 'label out of range';
  if (d.task !== undefined && d.task !== 'classification' && d.task !== 'regression') return 'bad task';
  if (d.task === 'regression' && (!(d.targets instanceof Float32Array) || d.targets.length !== count)) return 'regression targets missing';
  if (c.fixedTest !== undefined) {
    if (!(c.fixedTest instanceof Int32Array) || c.fixedTest.length === 0) return 'bad test indices';
    for (const i of c.fixedTest) if (i < 0 || i >= (count as number)) return 'test index out of range';
  }
  if (c.standardize !== undefined) {
    if (!Array.isArray(c.standardize) || !c.standardize.every((i) => Number.isInteger(i) && i >= 0 && i < size))
      return 'bad standardised columns';
  }
  return null;
}
