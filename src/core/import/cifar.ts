/**
 * CIFAR-10, binary version (cifar-10-binary.tar.gz): data_batch_1.bin … data_batch_5.bin and test_batch.bin,
 * each a run of 3,073-byte records: one label byte (0–9), then the 32×32 red plane, green plane and blue
 * plane, row-major. batches.meta.txt names the classes, one per line.
 *
 * The test batch is CIFAR-10's own test set, so it stays the test split: the samples are returned in one
 * Dataset (training batches first, in batch order, then the test batch) with `testIndices` marking the test
 * batch's samples, for the split's `fixedTest`; validation is then cut from the training batches only.
 */
import type { Dataset } from '../types';
import { ImportError, clip, fmt } from './errors';
import { checkSize } from './limits';
import { naturalCompare } from './values';

export const CIFAR10_CLASSES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = PLANE * 3;
export const CIFAR_RECORD_BYTES = 1 + PIXELS;

export interface CifarFile {
  /** File name; a path ('cifar-10-batches-bin/data_batch_1.bin') is fine, only its last part counts. */
  name: string;
  bytes: Uint8Array;
}

export interface CifarResult {
  /** All samples, HWC [32, 32, 3] in [0, 1]: the training batches first, then the test batch. */
  dataset: Dataset;
  /** Indices of the test batch's samples; absent when no test_batch.bin was given (then cut a test split as usual). */
  testIndices?: Int32Array;
  /** Records read per batch file, in dataset order. */
  batches: { name: string; records: number; role: 'train' | 'test' }[];
  /** Files that were ignored, and other things worth saying; never fatal. */
  warnings: string[];
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
const TRAIN = /^data_batch_(\d+)(\.bin)?$/;
const TEST = /^test_batch(\.bin)?$/;
const META = /^batches\.meta\.txt$/;

/**
 * Reads CIFAR-10 binary batches into one image dataset. Unknown files are ignored with a warning; a file
 * whose length is not a whole number of records, or a label above 9, fails the import, as do no data batches.
 */
export function parseCifarBatches(files: CifarFile[], options: { id?: string } = {}): CifarResult {
  const [only, ...others] = files;
  checkSize(
    'cifar',
    files.reduce((s, f) => s + f.bytes.length, 0),
    only && others.length === 0 ? baseName(only.name) : undefined,
  );
  const warnings: string[] = [];
  const train: { name: string; bytes: Uint8Array; order: number }[] = [];
  let test: { name: string; bytes: Uint8Array } | null = null;
  let meta: Uint8Array | null = null;
  const seen = new Set<string>();
  for (const f of files) {
    const name = baseName(f.name);
    if (seen.has(name)) {
      warnings.push(`Ignored a second file named '${clip(name)}'.`);
      continue;
    }
    seen.add(name);
    const m = TRAIN.exec(name);
    if (m) train.push({ name, bytes: f.bytes, order: Number(m[1]) });
    else if (TEST.test(name)) test = { name, bytes: f.bytes };
    else if (META.test(name)) meta = f.bytes;
    else warnings.push(`Ignored '${clip(name)}': not a CIFAR-10 file (expected data_batch_N.bin, test_batch.bin or batches.meta.txt).`);
  }
  if (train.length === 0) {
    throw new ImportError(
      'no-batches',
      test
        ? 'Only the test batch was given: there is no data_batch_N.bin to train on.'
        : 'No CIFAR-10 data batches were found (data_batch_1.bin … data_batch_5.bin, test_batch.bin).',
      'Choose the files of the binary version (cifar-10-binary.tar.gz, folder cifar-10-batches-bin), including at least one data_batch_N.bin.',
    );
  }
  train.sort((a, b) => a.order - b.order || naturalCompare(a.name, b.name));

  const parts = [...train.map((t) => ({ ...t, role: 'train' as const })), ...(test ? [{ ...test, role: 'test' as const }] : [])];
  for (const p of parts) checkBatch(p.name, p.bytes);
  const count = parts.reduce((s, p) => s + p.bytes.length / CIFAR_RECORD_BYTES, 0);

  const classNames = meta ? readClassNames(meta, warnings) : [...CIFAR10_CLASSES];
  const x = new Float32Array(count * PIXELS);
  const y = new Int32Array(count);
  const batches: CifarResult['batches'] = [];
  let sample = 0;
  for (const p of parts) {
    const records = p.bytes.length / CIFAR_RECORD_BYTES;
    decodeRecords(p.bytes, x, y, sample);
    sample += records;
    batches.push({ name: p.name, records, role: p.role });
  }
  if (!test) warnings.push('No test_batch.bin: the test split will be cut from the training batches like the validation split.');

  const testCount = test ? test.bytes.length / CIFAR_RECORD_BYTES : 0;
  const dataset: Dataset = { id: options.id ?? 'images', kind: 'image', shape: [SIDE, SIDE, 3], count, x, y, classNames };
  return {
    dataset,
    testIndices: test ? Int32Array.from({ length: testCount }, (_, i) => count - testCount + i) : undefined,
    batches,
    warnings,
  };
}

/** Length and labels of one batch file, checked before anything is decoded. */
function checkBatch(name: string, bytes: Uint8Array): void {
  if (bytes.length === 0) {
    throw new ImportError(
      'empty',
      `'${clip(name)}' is empty.`,
      'The file may have been cut off while copying or extracting: extract it again.',
    );
  }
  // The Python version's batches are pickles (protocol 2+ starts with 0x80): a common mix-up, said plainly.
  const protocol = bytes[1] ?? 0; // a one-byte file has no protocol byte: not a pickle
  if (bytes[0] === 0x80 && protocol >= 2 && protocol <= 5) {
    throw new ImportError(
      'cifar-python',
      `'${clip(name)}' is from the Python version of CIFAR-10 (a pickle), not the binary version.`,
      'Download the binary version (cifar-10-binary.tar.gz) and choose the .bin files from its cifar-10-batches-bin folder.',
    );
  }
  const rest = bytes.length % CIFAR_RECORD_BYTES;
  if (rest !== 0) {
    const cifar100 = bytes.length % (CIFAR_RECORD_BYTES + 1) === 0;
    throw new ImportError(
      'bad-length',
      `'${clip(name)}' is ${fmt(bytes.length)} bytes, not a whole number of ${fmt(CIFAR_RECORD_BYTES)}-byte CIFAR-10 records ` +
        `(${fmt(Math.floor(bytes.length / CIFAR_RECORD_BYTES))} records and ${fmt(rest)} bytes left over).`,
      cifar100
        ? 'Its length fits CIFAR-100 (3,074-byte records with two label bytes), which is not supported: use CIFAR-10.'
        : 'The file is truncated or not a CIFAR-10 binary batch: extract it again from cifar-10-binary.tar.gz.',
    );
  }
  for (let r = 0, o = 0; o < bytes.length; r++, o += CIFAR_RECORD_BYTES) {
    const label = bytes[o]!; // o < bytes.length
    if (label > 9) {
      throw new ImportError(
        'bad-label',
        `'${clip(name)}', record ${fmt(r + 1)} (byte ${fmt(o)}) has label ${label}; CIFAR-10 labels are 0 to 9.`,
        'This is not a CIFAR-10 binary batch (CIFAR-100 and other formats are not supported).',
      );
    }
  }
}

/**
 * Planar RGB bytes → HWC floats in [0, 1], written at sample `first` onwards. Every read is in range: checkBatch
 * found the records whole, and a byte indexes scale's 256 entries. The loop stays indexed (hence the `!`):
 * for…of over each plane's subarray measured 1.5–8× slower on CIFAR-sized input.
 */
function decodeRecords(bytes: Uint8Array, x: Float32Array, y: Int32Array, first: number): void {
  const scale = new Float32Array(256);
  for (let v = 0; v < 256; v++) scale[v] = v / 255;
  const records = bytes.length / CIFAR_RECORD_BYTES;
  for (let r = 0; r < records; r++) {
    const src = r * CIFAR_RECORD_BYTES;
    y[first + r] = bytes[src]!;
    const dst = (first + r) * PIXELS;
    for (let p = 0; p < PLANE; p++) {
      const o = dst + p * 3;
      x[o] = scale[bytes[src + 1 + p]!]!;
      x[o + 1] = scale[bytes[src + 1 + PLANE + p]!]!;
      x[o + 2] = scale[bytes[src + 1 + 2 * PLANE + p]!]!;
    }
  }
}

/** Ten names from batches.meta.txt; anything else falls back to the standard names, with a warning. */
function readClassNames(bytes: Uint8Array, warnings: string[]): string[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    warnings.push('batches.meta.txt is not UTF-8 text: using the standard CIFAR-10 class names.');
    return [...CIFAR10_CLASSES];
  }
  const names = text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length !== 10 || new Set(names).size !== 10) {
    warnings.push(
      `batches.meta.txt has ${names.length} ${new Set(names).size !== names.length ? 'names with repeats' : 'names'}, not 10 distinct ones: using the standard CIFAR-10 class names.`,
    );
    return [...CIFAR10_CLASSES];
  }
  return names;
}
