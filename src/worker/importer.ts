import type { InputFile } from './import-protocol';
import type { ImageOptions, TableOptions } from '../core/data/custom';
import {
  ImportError,
  IMAGE_EXTENSIONS,
  LIMITS,
  assembleImageDataset,
  buildTabularDataset,
  checkSize,
  groupByClassFolder,
  guessTask,
  listZip,
  parseCifarBatches,
  parseCsv,
  profileColumns,
  readZip,
  describeSkipped,
  describeSourceSizes,
  pickSamples,
  type ImageItem,
  type ParsedCsv,
} from '../core/import';
import { featureSize } from '../core/types';
import { decodeImage } from './decode-image';
import type { ImportResult } from './import-protocol';

/**
 * Turns the files a user chose into a dataset, in the import worker: what kind of data they are (a table, an
 * image folder or zip, CIFAR-10 batches), then parsing or decoding with progress. Bad input throws an
 * ImportError with what is wrong and what to do.
 */

export type Progress = (label: string, done: number, total: number) => void;

/**
 * The most feature values a dataset may hold (Float32): 800 MB, which the trainer copies once more. Full
 * CIFAR-10 (60,000 × 3,072 = 184 M) fits; 20,000 colour images at 64×64 (246 M) do not.
 */
const MAX_VALUES = 200_000_000;

const TABLE_EXT = /\.(csv|tsv|tab|txt)$/i;
const CIFAR_NAME = /(^|\/)(data_batch_\d+|test_batch)(\.bin)?$|(^|\/)batches\.meta\.txt$/i;
const ZIP_EXT = /\.zip$/i;

const extOf = (path: string) => path.slice(path.lastIndexOf('.') + 1).toLowerCase();
const isImagePath = (path: string) => IMAGE_EXTENSIONS.includes(extOf(path));

export async function importFiles(files: InputFile[], image: ImageOptions, progress: Progress): Promise<ImportResult> {
  const [first] = files;
  if (!first)
    throw new ImportError('no-files', 'No file was chosen.', 'Choose a CSV/TSV file, an image folder or zip, or CIFAR-10 .bin batches.');
  const bytes = files.reduce((s, f) => s + f.file.size, 0);
  const names = files.map((f) => f.path);
  if (files.length === 1 && ZIP_EXT.test(first.path)) return importZip(first, image, progress);
  if (names.some((n) => CIFAR_NAME.test(n)) && !names.some(isImagePath)) return importCifar(files, bytes, progress);
  if (names.some(isImagePath)) return importImageFiles(files, image, bytes, progress);
  if (files.length === 1) return importTable(first, progress);
  throw new ImportError(
    'unknown-files',
    `None of the ${files.length} chosen files is a table, an image or a CIFAR-10 batch (e.g. '${first.path}').`,
    'Choose one CSV/TSV file, a folder or zip with one folder of images per class, or CIFAR-10 data_batch_N.bin / test_batch.bin files.',
  );
}

// ------------------------------------------------------------------------------------------------ tables

async function importTable(input: InputFile, progress: Progress): Promise<ImportResult> {
  const name = input.path;
  if (!TABLE_EXT.test(name) && !/^[^.]+$/.test(name)) {
    throw new ImportError(
      'unknown-file',
      `'${name}' is not a file Fitlab can read: it expects a CSV or TSV table (.csv, .tsv, .txt), an image zip, or CIFAR-10 .bin batches.`,
      'Export the data as CSV (e.g. "Save as CSV" in a spreadsheet), or zip a folder of images with one sub-folder per class.',
    );
  }
  checkSize('csv', input.file.size, name);
  progress(`Reading ${name}`, 0, 3);
  const raw = new Uint8Array(await input.file.arrayBuffer());
  progress(`Parsing ${name}`, 1, 3);
  const table = parseCsv(raw, { fileName: name });
  const profiles = profileColumns(table);
  // The last column is the usual place of the label; its values decide classes or values.
  const target = profiles.at(-1);
  if (!target)
    throw new ImportError('no-columns', `'${name}' has no columns.`, 'Choose a CSV file with a header row and at least two data rows.');
  // Columns that are mostly gaps would make 'drop' discard most rows: they start excluded (the user can
  // include them again).
  const sparse = profiles.filter((p) => p !== target && (p.kind === 'empty' || p.missing > table.rows.length / 2)).map((p) => p.name);
  const options: TableOptions = { target: target.name, task: guessTask(target), exclude: sparse, missing: 'drop', attributes: [] };
  progress(`Building the dataset`, 2, 3);
  const result = buildTable(table, options, name, input.file.size, profiles);
  if (sparse.length)
    result.notes.unshift(
      `Left out ${sparse.map((c) => `'${c}'`).join(', ')}: more than half of ${sparse.length === 1 ? 'its' : 'their'} values are missing.`,
    );
  return result;
}

/**
 * The dataset a parsed table gives with these options (also used when the user changes them). `profiles`
 * depend on the table only: the first import passes the ones it already computed (a second pass over
 * 200,000 rows costs over a second).
 */
export function buildTable(
  table: ParsedCsv,
  options: TableOptions,
  name: string,
  bytes: number,
  profiles = profileColumns(table),
): ImportResult {
  const built = buildTabularDataset(table, { ...options, id: 'table' });
  checkValues(built.dataset.count * featureSize(built.dataset.shape));
  const dropped = built.dropped.missingTarget + built.dropped.missingValue;
  return {
    kind: 'table',
    source: 'csv',
    name,
    bytes,
    custom: { dataset: built.dataset, standardize: built.numericColumns },
    table,
    profiles,
    tableOptions: options,
    skipped: dropped ? [{ item: `${dropped} row${dropped === 1 ? '' : 's'}`, reason: 'missing values (see notes)' }] : [],
    notes: built.notes,
  };
}

// ------------------------------------------------------------------------------------------------ CIFAR

async function importCifar(files: InputFile[], bytes: number, progress: Progress): Promise<ImportResult> {
  const [only, ...others] = files;
  checkSize('cifar', bytes, only && others.length === 0 ? only.path : undefined);
  const read: { name: string; bytes: Uint8Array }[] = [];
  for (const [i, f] of files.entries()) {
    progress(`Reading ${f.path}`, i, files.length + 1);
    read.push({ name: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) });
  }
  return cifarResult(read, bytes, progress, files.length);
}

function cifarResult(read: { name: string; bytes: Uint8Array }[], bytes: number, progress: Progress, step: number): ImportResult {
  const records = read.reduce((s, f) => s + Math.floor(f.bytes.length / 3073), 0);
  checkValues(records * 32 * 32 * 3);
  progress('Decoding CIFAR-10 records', step, step + 1);
  const res = parseCifarBatches(read, { id: 'images' });
  const trainBatches = res.batches.filter((b) => b.role === 'train');
  const testBatch = res.batches.find((b) => b.role === 'test');
  return {
    kind: 'images',
    source: 'cifar',
    name: `CIFAR-10: ${trainBatches.map((b) => b.name).join(', ')}${testBatch ? ` + ${testBatch.name}` : ''}`,
    bytes,
    custom: { dataset: res.dataset, ...(res.testIndices ? { fixedTest: res.testIndices } : {}) },
    imageOptions: { size: 32, channels: 3 },
    skipped: [],
    notes: [
      `${res.dataset.count.toLocaleString('en-US')} images of 32×32×3 in ${res.dataset.classNames.length} classes.`,
      testBatch
        ? `The test batch (${testBatch.records.toLocaleString('en-US')} images) is the test split; validation is cut from the training batches.`
        : 'No test_batch.bin: the test split is cut from the training batches like any dataset.',
      ...res.warnings,
    ],
  };
}

// ------------------------------------------------------------------------------------------------ images

async function importZip(input: InputFile, image: ImageOptions, progress: Progress): Promise<ImportResult> {
  checkSize('zip', input.file.size, input.path);
  progress(`Reading ${input.path}`, 0, 1);
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  progress(`Unpacking ${input.path}`, 0, 1);
  const entries = await readZip(bytes, { fileName: input.path, accept: (p) => isImagePath(p) || CIFAR_NAME.test(p) });
  if (entries.some((e) => CIFAR_NAME.test(e.path)) && !entries.some((e) => isImagePath(e.path))) {
    return cifarResult(
      entries.map((e) => ({ name: e.path, bytes: e.bytes })),
      bytes.length,
      progress,
      1,
    );
  }
  const files = entries.map((e) => ({ path: e.path, file: new Blob([e.bytes as BlobPart]) }));
  const result = await importImageFiles(files, image, bytes.length, progress, listedPaths(bytes, input.path));
  return { ...result, source: 'zip', name: input.path };
}

/** Every file in the zip, so the ones that are not images are listed as skipped rather than vanishing. */
function listedPaths(bytes: Uint8Array, name: string): string[] {
  return listZip(bytes, name).map((e) => e.path);
}

async function importImageFiles(
  files: InputFile[],
  image: ImageOptions,
  bytes: number,
  progress: Progress,
  allPaths?: string[],
): Promise<ImportResult> {
  const groups = groupByClassFolder(allPaths ?? files.map((f) => f.path));
  checkValues(groups.files.length * image.size * image.size * image.channels);
  const options = { size: image.size, channels: image.channels, fit: image.fit ?? 'crop' } as const;
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const items: ImageItem[] = [];
  let last = 0;
  for (const [i, { path, className }] of groups.files.entries()) {
    const blob = byPath.get(path);
    items.push(
      blob
        ? await decodeImage(blob, path, className, options)
        : { className, pixels: null, width: 0, height: 0, channels: image.channels, file: path, error: 'missing' },
    );
    if (performance.now() - last > 100 || i === groups.files.length - 1) {
      progress('Decoding images', i + 1, groups.files.length);
      last = performance.now();
    }
  }
  const assembled = assembleImageDataset(items, image.size, image.channels, { classNames: groups.classNames, id: 'images' });
  const counts = assembled.dataset.classNames.map((c, k) => `${c} ${assembled.classCounts[k]}`).join(', ');
  // `kept` holds indices into items (one that is not, none, is left out). Every kept item came from
  // decodeImage, which always sets `source`; the fallback only satisfies the type.
  const kept = assembled.kept.flatMap((i) => {
    const item = items[i];
    return item ? [{ file: item.file, ...(item.source ?? { width: image.size, height: image.size }) }] : [];
  });
  const skipped = [...groups.skipped, ...assembled.skipped].map((s) => ({ item: s.file, reason: s.reason }));
  const skippedNote = describeSkipped(skipped);
  const root = files[0]?.path.split('/')[0] ?? 'images';
  return {
    kind: 'images',
    source: 'folder',
    name: groups.root || root,
    bytes,
    custom: { dataset: assembled.dataset },
    imageOptions: options,
    imageSamples: pickSamples(kept),
    skipped,
    notes: [
      `${assembled.dataset.count.toLocaleString('en-US')} images in ${assembled.dataset.classNames.length} classes (${counts}), ${image.channels === 1 ? 'grey' : 'colour'}.`,
      describeSourceSizes(kept, image.size, options.fit),
      ...(skippedNote ? [skippedNote] : []),
      ...groups.warnings,
    ],
  };
}

function checkValues(values: number): void {
  if (values > MAX_VALUES) {
    throw new ImportError(
      'too-large-for-device',
      `This data would take ${Math.round((values * 4) / 2 ** 20).toLocaleString('en-US')} MB of memory as numbers; Fitlab holds at most ${Math.round((MAX_VALUES * 4) / 2 ** 20).toLocaleString('en-US')} MB (it is copied once more to train).`,
      `Use fewer images or a smaller image size (${LIMITS.imageSizes[0]} px), or fewer CIFAR-10 batches.`,
    );
  }
}
