import { readFileSync, existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CIFAR10_CLASSES,
  ImportError,
  LIMITS,
  MISSING_ATTRIBUTE,
  assembleImageDataset,
  buildTabularDataset,
  checkSize,
  crc32,
  groupByClassFolder,
  guessTask,
  listZip,
  parseCifarBatches,
  parseCsv,
  profileColumns,
  readZip,
  resizeBilinear,
  standardize,
  type ImageItem,
  type TabularOptions,
} from '../../src/core/import';
import { decodeSettings } from '../../src/core/preset/codec';
import { makeZip, type ZipEntry } from '../../scripts/lib/fixture-writers.mjs';
import { defaultSettings } from '../../src/core/preset/schema';
import { splitDataset } from '../../src/core/data/split';
import { featureSize } from '../../src/core/types';
import { createRng } from '../../src/core/rng';

// ---------------------------------------------------------------- helpers

const BAD = new URL('../fixtures/bad/', import.meta.url);
const GOOD = new URL('../fixtures/import/', import.meta.url);
const read = (dir: URL, name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The error a call throws (sync or async), or null. */
async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
    return null;
  } catch (err) {
    return err;
  }
}

async function expectImportError(fn: () => unknown, message: string, hint?: string): Promise<ImportError> {
  const err = await caught(fn);
  expect(err, `expected an ImportError containing "${message}"`).toBeInstanceOf(ImportError);
  const e = err as ImportError;
  expect(e.message).toContain(message);
  expect(e.code.length).toBeGreaterThan(0);
  expect(e.hint.length).toBeGreaterThan(0);
  if (hint) expect(e.hint).toContain(hint);
  return e;
}

const tabular = (csv: string, o: Partial<TabularOptions> & { target: string }) =>
  buildTabularDataset(parseCsv(csv), { task: 'classification', exclude: [], missing: 'drop', ...o });

/** Row i of a points dataset's features. */
const row = (x: Float32Array, width: number, i: number): number[] => Array.from(x.subarray(i * width, (i + 1) * width));

/** A zip of `entries`, written by the fixture script's writer (stored or deflated, optional comment). */
const zip = (entries: ZipEntry[], comment = ''): Uint8Array => new Uint8Array(makeZip(entries, { comment }));

/**
 * Decodes the PNGs the fixture script writes (8-bit RGB, filter 0), checking every chunk's CRC, as a stand-in
 * for the browser's decoder. Anything else → pixels null with the reason, like a failed browser decode.
 */
function decodeTestPng(bytes: Uint8Array, file: string, className: string): ImageItem {
  const fail = (error: string): ImageItem => ({ className, pixels: null, width: 0, height: 0, channels: 3, file, error });
  const b = Buffer.from(bytes);
  if (b.length < 8 || b.readUInt32BE(0) !== 0x89504e47) return fail('not a PNG');
  let p = 8;
  let w = 0;
  let h = 0;
  const idat: Buffer[] = [];
  for (;;) {
    if (p + 12 > b.length) return fail('truncated PNG');
    const len = b.readUInt32BE(p);
    const type = b.toString('ascii', p + 4, p + 8);
    if (p + 12 + len > b.length) return fail('truncated PNG');
    if (crc32(new Uint8Array(b.subarray(p + 4, p + 8 + len))) !== b.readUInt32BE(p + 8 + len)) return fail('bad chunk CRC');
    const data = b.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      w = data.readUInt32BE(0);
      h = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 2) return fail('unsupported PNG type');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const px = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    if (raw[y * (1 + w * 3)] !== 0) return fail('unsupported filter');
    for (let i = 0; i < w * 3; i++) px[y * w * 3 + i] = raw[y * (1 + w * 3) + 1 + i] / 255;
  }
  return { className, pixels: px, width: w, height: h, channels: 3, file };
}

// ---------------------------------------------------------------- bad-input corpus

interface BadCase {
  parser: 'csv' | 'tabular' | 'cifar' | 'zip' | 'images' | 'url';
  file?: string;
  files?: { file: string; as?: string }[];
  query?: string;
  append?: { repeat: string; times: number };
  paths?: string[];
  items?: (Omit<ImageItem, 'pixels'> & { pixels: number[] | null })[];
  options?: Record<string, unknown>;
  message: string;
  hint?: string;
}

const CASES: BadCase[] = JSON.parse(readFileSync(new URL('cases.json', BAD), 'utf8'));

async function runCase(c: BadCase): Promise<unknown> {
  const o = c.options ?? {};
  switch (c.parser) {
    case 'csv':
      return parseCsv(read(BAD, c.file!), { fileName: c.file });
    case 'tabular':
      return buildTabularDataset(parseCsv(read(BAD, c.file!), { fileName: c.file }), {
        ...({ task: 'classification', exclude: [], missing: 'drop' } as const),
        ...(o as Partial<TabularOptions>),
      } as TabularOptions);
    case 'cifar':
      return parseCifarBatches(c.files!.map((f) => ({ name: f.as ?? f.file, bytes: read(BAD, f.file) })));
    case 'zip': {
      const entries = await readZip(read(BAD, c.file!), { fileName: c.file });
      return groupByClassFolder(entries.map((e) => e.path));
    }
    case 'images':
      if (c.paths) return groupByClassFolder(c.paths);
      return assembleImageDataset(
        c.items!.map((it) => ({ ...it, pixels: it.pixels && Float32Array.from(it.pixels) })),
        o.size as number,
        o.channels as 1 | 3,
        { classNames: o.classNames as string[] | undefined },
      );
    case 'url':
      throw new Error('url cases are not ImportErrors');
  }
}

const caseName = (c: BadCase, i: number): string =>
  `${String(i + 1).padStart(2, '0')} ${c.parser}: ${c.file ?? c.files?.map((f) => f.as ?? f.file).join('+') ?? c.query?.slice(0, 40) ?? c.paths?.join(' ') ?? `${c.items?.length} items`}`;

describe('bad-input corpus (test/fixtures/bad/cases.json)', () => {
  it('holds at least 30 cases, of every parser, with existing files', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const p of ['csv', 'tabular', 'cifar', 'zip', 'images', 'url'])
      expect(
        CASES.some((c) => c.parser === p),
        p,
      ).toBe(true);
    for (const c of CASES) {
      for (const f of [c.file, ...(c.files ?? []).map((x) => x.file)]) if (f) expect(existsSync(new URL(f, BAD)), f).toBe(true);
      expect(c.message.length).toBeGreaterThan(0);
    }
  });

  CASES.forEach((c, i) => {
    if (c.parser === 'url') {
      it(caseName(c, i), () => {
        const query = c.query! + (c.append ? c.append.repeat.repeat(c.append.times) : '');
        const r = decodeSettings(query);
        expect(r.notices.join('\n')).toContain(c.message);
        // A bad value never takes effect: everything stays at its default.
        expect(r.settings).toEqual(defaultSettings());
      });
    } else {
      it(caseName(c, i), async () => {
        await expectImportError(() => runCase(c), c.message, c.hint);
      });
    }
  });
});

// ---------------------------------------------------------------- limits

describe('limits', () => {
  it('refuses files over the size limit before parsing, and states the limits', async () => {
    await expectImportError(() => checkSize('csv', 51 * 1024 * 1024, 'big.csv'), "'big.csv' is 51 MB; the limit for a CSV file is 50 MB");
    await expectImportError(() => checkSize('zip', LIMITS.zipBytes + 1), 'The zip file is 200 MB; the limit');
    await expectImportError(
      () => checkSize('cifar', 300 * 1024 * 1024),
      'The set of CIFAR-10 files is 300 MB; the limit for a set of CIFAR-10 files is 200 MB',
    );
    expect(() => checkSize('csv', LIMITS.csvBytes)).not.toThrow();
    expect(LIMITS.imageSizes).toEqual([28, 32, 64]);
    expect([LIMITS.rows, LIMITS.columns, LIMITS.images, LIMITS.categories]).toEqual([200_000, 2_000, 20_000, 100]);
    // A byte array over the limit fails at the size check, not in the parser (a sparse array is never read).
    const big = new Uint8Array(LIMITS.csvBytes + 1);
    await expectImportError(() => parseCsv(big, { fileName: 'x.csv' }), "'x.csv' is 50 MB");
  });
});

// ---------------------------------------------------------------- CSV

describe('parseCsv', () => {
  it('strips a UTF-8 BOM and reads CRLF line ends', () => {
    const p = parseCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...text('name,value\r\nå,1\r\nb,2\r\n')]));
    expect(p.header).toEqual(['name', 'value']);
    expect(p.rows).toEqual([
      ['å', '1'],
      ['b', '2'],
    ]);
    expect(p.lines).toEqual([2, 3]);
    expect(p.hasHeader).toBe(true);
    expect(p.delimiter).toBe(',');
  });

  it('reads UTF-16 with a BOM (Excel "Unicode Text")', () => {
    const body = Buffer.from('a\tb\r\n1\t2\r\n3\t4\r\n', 'utf16le');
    const p = parseCsv(new Uint8Array([0xff, 0xfe, ...body]));
    expect(p.delimiter).toBe('\t');
    expect(p.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('detects semicolon, tab and pipe delimiters', () => {
    expect(parseCsv('x;y;label\n1,5;2,0;a\n3,25;4,5;b\n').delimiter).toBe(';');
    expect(parseCsv('x;y;label\n1,5;2,0;a\n3,25;4,5;b\n').rows[0]).toEqual(['1,5', '2,0', 'a']);
    const tsv = parseCsv('price\tcity\n1,000\tParis, France\n2,500\tRome\n');
    expect(tsv.delimiter).toBe('\t');
    expect(tsv.rows[0]).toEqual(['1,000', 'Paris, France']);
    expect(parseCsv('a|b|c\n1|2|3\n4|5|6\n').delimiter).toBe('|');
    expect(parseCsv('a,b,c\n1,2,3\n4,5,6\n').delimiter).toBe(',');
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const p = parseCsv('name,quote,n\n"Smith, John","He said ""hi""",1\n"two\nlines","",2\nplain, "spaced, quoted" ,3\n');
    expect(p.rows).toEqual([
      ['Smith, John', 'He said "hi"', '1'],
      ['two\nlines', '', '2'],
      ['plain', 'spaced, quoted', '3'],
    ]);
    // The row after the two-line value starts on line 5.
    expect(p.lines).toEqual([2, 3, 5]);
  });

  it('keeps a quote inside an unquoted value as a character', () => {
    expect(parseCsv('h,label\n5\'10",a\n6\'1",b\n').rows).toEqual([
      ['5\'10"', 'a'],
      ['6\'1"', 'b'],
    ]);
  });

  it('tolerates a trailing empty line, blank lines and trailing delimiters', () => {
    const p = parseCsv('a,b\n1,2\n\n3,4,\n5,6\n\n');
    expect(p.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(parseCsv('a,b\n1,2\n3,4').rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseCsv('a,b\n1,2\n3,').rows).toEqual([
      ['1', '2'],
      ['3', ''],
    ]);
  });

  it('detects a missing header and names the columns', () => {
    const p = parseCsv('1,2,3\n4,5,6\n');
    expect(p.hasHeader).toBe(false);
    expect(p.header).toEqual(['column 1', 'column 2', 'column 3']);
    expect(p.rows.length).toBe(2);
    expect(p.lines).toEqual([1, 2]);
    // All-categorical: a first row whose values recur below is data…
    expect(parseCsv('red,big\nblue,small\nred,small\n').hasHeader).toBe(false);
    // …one with names that do not is a header.
    expect(parseCsv('color,size\nred,big\nblue,small\n').hasHeader).toBe(true);
    // Options override the guesses.
    const forced = parseCsv('1,2\n3,4\n', { hasHeader: true, delimiter: ',' });
    expect(forced.header).toEqual(['1', '2']);
    expect(forced.rows).toEqual([['3', '4']]);
  });

  it('makes empty and repeated header names unique', () => {
    expect(parseCsv(',x,x, y \n1,2,3,4\n5,6,7,8\n').header).toEqual(['column 1', 'x', 'x (2)', 'y']);
  });

  it('counts ragged rows as data rows when there is no header', async () => {
    await expectImportError(() => parseCsv('1,2,3\n4,5,6\n7,8\n'), 'row 3 (line 3) has 2 fields, but the first row has 3');
  });
});

// ---------------------------------------------------------------- tables

describe('profileColumns and guessTask', () => {
  const p = parseCsv(
    'int,float,text,gappy,empty,many\n' +
      Array.from({ length: 30 }, (_, i) => `${i % 3},${(i * 0.37).toFixed(2)},${['a', 'b'][i % 2]},${i % 5 ? i : 'NA'},,${i}`).join('\n'),
  );
  const prof = profileColumns(p);

  it('profiles kinds, missing counts and distinct values', () => {
    expect(prof.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'categorical', 'numeric', 'empty', 'numeric']);
    expect(prof[0]).toMatchObject({ integer: true, distinct: 3, missing: 0, levels: ['0', '1', '2'], min: 0, max: 2 });
    expect(prof[1].integer).toBe(false);
    expect(prof[3].missing).toBe(6);
    expect(prof[4].missing).toBe(30);
    expect(prof[2].levels).toEqual(['a', 'b']);
  });

  it('guesses classification for text or few integers, else regression', () => {
    expect(prof.map(guessTask)).toEqual(['classification', 'regression', 'classification', 'regression', 'classification', 'regression']);
    const twenty = profileColumns(parseCsv('v\n' + Array.from({ length: 40 }, (_, i) => i % 20).join('\n')))[0];
    const twentyOne = profileColumns(parseCsv('v\n' + Array.from({ length: 42 }, (_, i) => i % 21).join('\n')))[0];
    expect(guessTask(twenty)).toBe('classification');
    expect(guessTask(twentyOne)).toBe('regression');
  });

  it('reads decimal commas in a semicolon file', () => {
    const c = profileColumns(parseCsv('x;label\n1,5;a\n2,25;b\n-3;a\n'))[0];
    expect(c).toMatchObject({ kind: 'numeric', decimalComma: true, min: -3, max: 2.25, integer: false });
    const d = tabular('x;label\n1,5;a\n2,25;b\n-3;a\n', { target: 'label' });
    expect(Array.from(d.dataset.x)).toEqual([1.5, 2.25, -3]);
  });
});

describe('buildTabularDataset', () => {
  it('one-hot encodes categorical columns in natural order, numeric ones as values', () => {
    const r = tabular('size,colour,label\n1,red,class 10\n2,item 10,class 2\n3,item 2,class 1\n4,red,class 2\n', { target: 'label' });
    expect(r.featureNames).toEqual(['size', 'colour=item 2', 'colour=item 10', 'colour=red']);
    expect(r.numericColumns).toEqual([0]);
    expect(r.dataset.shape).toEqual([4]);
    expect(r.dataset.kind).toBe('points');
    expect(r.dataset.classNames).toEqual(['class 1', 'class 2', 'class 10']);
    expect(Array.from(r.dataset.y)).toEqual([2, 1, 0, 1]);
    expect(row(r.dataset.x, 4, 0)).toEqual([1, 0, 0, 1]);
    expect(row(r.dataset.x, 4, 1)).toEqual([2, 0, 1, 0]);
    expect(row(r.dataset.x, 4, 2)).toEqual([3, 1, 0, 0]);
    expect(r.dataset.task).toBe('classification');
    expect(r.dataset.targets).toBeUndefined();
  });

  it('treats numeric class labels as numbers (1 and 1.0 are one class)', () => {
    const r = tabular('x,y\n1,1\n2,1.0\n3,2\n4,10\n', { target: 'y' });
    expect(r.dataset.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(r.dataset.y)).toEqual([0, 0, 1, 2]);
  });

  it('builds regression targets', () => {
    const r = tabular('a,b,price\n1,x,10.5\n2,y,20\n3,x,NA\n4,y,7\n', { target: 'price', task: 'regression' });
    expect(r.dataset.task).toBe('regression');
    expect(r.dataset.classNames).toEqual(['value']);
    expect(Array.from(r.dataset.targets!)).toEqual([10.5, 20, 7]);
    expect(Array.from(r.dataset.y)).toEqual([0, 0, 0]);
    expect(r.dropped.missingTarget).toBe(1);
  });

  const GAPPY = 'n,c,label\n1,a,x\nNA,b,y\n3,?,x\n4,b,\n5,b,y\n7,a,x\n';

  it("'drop' drops rows with a missing used value, and always those with a missing target", () => {
    const r = tabular(GAPPY, { target: 'label', missing: 'drop' });
    expect(r.dataset.count).toBe(3);
    expect(r.dropped).toEqual({ missingTarget: 1, missingValue: 2 });
    expect(r.notes.join(' ')).toContain('Dropped 2 rows with a missing value');
    expect(r.notes.join(' ')).toContain("Dropped 1 row with no value in the target 'label'");
    expect(Array.from(r.dataset.x)).toEqual([1, 1, 0, 5, 0, 1, 7, 1, 0]);
    // An excluded column's gaps do not drop rows.
    expect(tabular(GAPPY, { target: 'label', missing: 'drop', exclude: ['c'] }).dataset.count).toBe(4);
  });

  it("'impute' keeps the rows: numeric gaps wait for the split (NaN), categorical ones get the most frequent value", () => {
    const r = tabular(GAPPY, { target: 'label', missing: 'impute' });
    expect(r.dataset.count).toBe(5);
    expect(r.dropped).toEqual({ missingTarget: 1, missingValue: 0 });
    expect(r.imputed).toEqual({ numeric: 1, categorical: 1 });
    expect(Number.isNaN(r.dataset.x[1 * 3])).toBe(true);
    // Row 3 ('3,?,x'): a and b are equally frequent among the kept rows (a, b, b, a): the tie goes to the
    // first in natural order, a, whatever the row order.
    expect(row(r.dataset.x, 3, 2)).toEqual([3, 1, 0]);
    const mostlyB = tabular('n,c,label\n1,a,x\n2,b,y\n3,?,x\n5,b,y\n', { target: 'label', missing: 'impute' });
    expect(row(mostlyB.dataset.x, 3, 2)).toEqual([3, 0, 1]);
    // After standardize with these training rows the NaN is gone, replaced by their median.
    const train = Int32Array.from([0, 2, 3]); // n = 1, 3, 5 → median 3
    const s = standardize(r.dataset.x, 3, r.numericColumns, train);
    expect(s.fill[0]).toBe(3);
    expect(s.x.every((v) => Number.isFinite(v))).toBe(true);
    expect(s.x[1 * 3]).toBeCloseTo((3 - s.mean[0]) / s.std[0], 6);
  });

  it('keeps subgroup attributes, missing values as their own group', () => {
    const r = tabular('x,region,label\n1,south,a\n2,north,b\n3,,a\n4,north,b\n', {
      target: 'label',
      attributes: ['region'],
      exclude: ['region'],
      missing: 'drop',
    });
    expect(r.featureNames).toEqual(['x']);
    expect(r.dataset.count).toBe(4);
    expect(r.dataset.attributes!.region.values).toEqual([MISSING_ATTRIBUTE, 'north', 'south']);
    expect(Array.from(r.dataset.attributes!.region.index)).toEqual([2, 1, 0, 1]);
    // Not excluded: also a feature (one-hot), and its gap then counts for 'drop'.
    const both = tabular('x,region,label\n1,south,a\n2,north,b\n3,,a\n4,north,b\n', {
      target: 'label',
      attributes: ['region'],
      missing: 'drop',
    });
    expect(both.featureNames).toEqual(['x', 'region=north', 'region=south']);
    expect(both.dataset.count).toBe(3);
  });

  it('skips empty columns with a note and keeps column names as written', () => {
    const r = tabular('<b>x</b>,empty,label\n1,,a\n2,NA,b\n', { target: 'label' });
    expect(r.featureNames).toEqual(['<b>x</b>']);
    expect(r.notes[0]).toContain("Column 'empty' is empty");
  });

  it('reads the iris-like fixture, and a simple classifier learns it', () => {
    const p = parseCsv(read(GOOD, 'iris-like.csv'), { fileName: 'iris-like.csv' });
    expect(p.header).toEqual(['sepal length', 'sepal width', 'petal length', 'petal width', 'site', 'note', 'species']);
    expect(p.rows.length).toBe(180);
    expect(p.rows.some((r) => r[5] === 'picked, then "pressed"')).toBe(true);
    expect(p.rows.some((r) => r[5] === 'two\nlines')).toBe(true);
    const prof = profileColumns(p);
    expect(prof.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric', 'numeric', 'categorical', 'categorical', 'categorical']);
    expect(prof.map((c) => c.missing).slice(0, 5)).toEqual([1, 1, 1, 1, 2]);
    expect(guessTask(prof[6])).toBe('classification');

    const opts: TabularOptions = { target: 'species', task: 'classification', exclude: ['note'], missing: 'drop', attributes: ['site'] };
    const dropped = buildTabularDataset(p, opts);
    expect(dropped.dataset.count).toBe(174);
    expect(dropped.dropped.missingValue).toBe(6);
    const r = buildTabularDataset(p, { ...opts, missing: 'impute' });
    expect(r.dataset.count).toBe(180);
    expect(r.imputed).toEqual({ numeric: 4, categorical: 2 });
    expect(r.dataset.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(r.featureNames).toEqual(['sepal length', 'sepal width', 'petal length', 'petal width', 'site=east', 'site=north', 'site=south']);
    expect(r.dataset.attributes!.site.values).toEqual([MISSING_ATTRIBUTE, 'east', 'north', 'south']);

    // Nearest class centroid on the standardised features: a learnable table scores far above chance (1/3).
    const splits = splitDataset(r.dataset, { valFraction: 0.25, testFraction: 0.2, trainSize: 0, labelNoise: 0, seed: 3 });
    const w = featureSize(r.dataset.shape);
    const { x } = standardize(r.dataset.x, w, r.numericColumns, splits.train);
    const centroids = r.dataset.classNames.map((_, k) => {
      const idx = Array.from(splits.train).filter((i) => r.dataset.y[i] === k);
      return Array.from({ length: w }, (_, j) => idx.reduce((s, i) => s + x[i * w + j], 0) / idx.length);
    });
    let right = 0;
    for (const i of splits.val) {
      const d = centroids.map((c) => c.reduce((s, v, j) => s + (x[i * w + j] - v) ** 2, 0));
      if (d.indexOf(Math.min(...d)) === r.dataset.y[i]) right++;
    }
    expect(right / splits.val.length).toBeGreaterThan(0.85);
  });
});

describe('standardize', () => {
  // Two features; rows 0–2 are training rows, row 3 (an outlier) must not move the statistics.
  const x = Float32Array.from([1, 5, 2, 5, 3, 5, 100, 9]);
  const train = Int32Array.from([0, 1, 2]);

  it('uses statistics of the training rows only', () => {
    const s = standardize(x, 2, [0], train);
    expect(s.mean[0]).toBeCloseTo(2, 10);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 10);
    expect(s.x[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 5);
    expect(s.x[6]).toBeCloseTo(98 / Math.sqrt(2 / 3), 3);
    // Columns not listed are untouched; the input is not modified.
    expect(s.x[1]).toBe(5);
    expect(x[0]).toBe(1);
    // The outlier in the statistics would give a very different mean: proof the test can fail.
    expect(standardize(x, 2, [0], Int32Array.from([0, 1, 2, 3])).mean[0]).toBeCloseTo(26.5, 10);
  });

  it('only centres a column that is constant on the training rows (no NaN)', () => {
    const s = standardize(x, 2, [1], train);
    expect(s.std[1 - 1]).toBe(0);
    expect(Array.from(s.x.filter((_, i) => i % 2 === 1))).toEqual([0, 0, 0, 4]);
  });

  it('fills a column with no training values with 0', () => {
    const s = standardize(Float32Array.from([NaN, NaN, 3]), 1, [0], Int32Array.from([0, 1]));
    expect(Array.from(s.x)).toEqual([0, 0, 0]);
  });
});

// ---------------------------------------------------------------- CIFAR

/** A CIFAR-10 record with `label` whose pixel (row, col) is (r, g, b) and everything else `fill`. */
function cifarRecord(label: number, at?: { row: number; col: number; rgb: [number, number, number] }, fill = 0): Uint8Array {
  const rec = new Uint8Array(3073).fill(fill);
  rec[0] = label;
  if (at) for (let c = 0; c < 3; c++) rec[1 + c * 1024 + at.row * 32 + at.col] = at.rgb[c];
  return rec;
}
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

describe('parseCifarBatches', () => {
  it('lays out planar RGB records as HWC floats in [0, 1]', () => {
    const r = parseCifarBatches([
      { name: 'data_batch_1.bin', bytes: concat(cifarRecord(3), cifarRecord(7, { row: 2, col: 5, rgb: [200, 100, 50] })) },
    ]);
    const d = r.dataset;
    expect(d.shape).toEqual([32, 32, 3]);
    expect(d.kind).toBe('image');
    expect(d.count).toBe(2);
    expect(Array.from(d.y)).toEqual([3, 7]);
    const o = 1 * 3072 + (2 * 32 + 5) * 3;
    expect(d.x[o]).toBeCloseTo(200 / 255, 6);
    expect(d.x[o + 1]).toBeCloseTo(100 / 255, 6);
    expect(d.x[o + 2]).toBeCloseTo(50 / 255, 6);
    expect(d.x[o - 3]).toBe(0);
    expect(d.x[o + 3]).toBe(0);
    expect(d.classNames).toEqual([...CIFAR10_CLASSES]);
    expect(r.testIndices).toBeUndefined();
    expect(r.warnings.join(' ')).toContain('No test_batch.bin');
  });

  it('orders batches, marks the test batch, reads names and ignores other files', () => {
    const r = parseCifarBatches([
      { name: 'cifar-10-batches-bin/test_batch.bin', bytes: concat(cifarRecord(9), cifarRecord(8)) },
      { name: 'cifar-10-batches-bin/data_batch_2.bin', bytes: cifarRecord(2) },
      { name: 'cifar-10-batches-bin/readme.html', bytes: text('<html>') },
      { name: 'cifar-10-batches-bin/data_batch_1.bin', bytes: cifarRecord(1) },
      { name: 'cifar-10-batches-bin/batches.meta.txt', bytes: text('a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n') },
    ]);
    expect(Array.from(r.dataset.y)).toEqual([1, 2, 9, 8]);
    expect(Array.from(r.testIndices!)).toEqual([2, 3]);
    expect(r.batches.map((b) => [b.name, b.role])).toEqual([
      ['data_batch_1.bin', 'train'],
      ['data_batch_2.bin', 'train'],
      ['test_batch.bin', 'test'],
    ]);
    expect(r.dataset.classNames).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(r.warnings).toEqual([expect.stringContaining("Ignored 'readme.html'")]);
  });

  it('falls back to the standard names when batches.meta.txt is odd', () => {
    const r = parseCifarBatches([
      { name: 'data_batch_1.bin', bytes: cifarRecord(0) },
      { name: 'batches.meta.txt', bytes: text('cat\ndog\n') },
    ]);
    expect(r.dataset.classNames).toEqual([...CIFAR10_CLASSES]);
    expect(r.warnings.join(' ')).toContain('batches.meta.txt has 2 names');
  });

  it('reads the cifar-mini fixture for "test on the test batch", and its classes are learnable', () => {
    const dir = new URL('cifar-mini/', GOOD);
    const r = parseCifarBatches(
      ['data_batch_1.bin', 'test_batch.bin', 'batches.meta.txt'].map((name) => ({ name, bytes: read(dir, name) })),
    );
    expect(r.dataset.count).toBe(320);
    expect(r.testIndices!.length).toBe(80);
    expect(r.testIndices![0]).toBe(240);
    expect(r.dataset.classNames[0]).toBe('red');
    const splits = splitDataset(r.dataset, {
      valFraction: 0.2,
      testFraction: 0.2,
      trainSize: 0,
      labelNoise: 0,
      seed: 1,
      fixedTest: r.testIndices,
    });
    expect(Array.from(splits.test).sort((a, b) => a - b)).toEqual(Array.from(r.testIndices!));
    expect(splits.val.every((i) => i < 240)).toBe(true);
    // Mean colour of each image, nearest class mean over the training split: a learnable set scores high.
    const meanRgb = (i: number) =>
      [0, 1, 2].map((c) => {
        let s = 0;
        for (let p = 0; p < 1024; p++) s += r.dataset.x[i * 3072 + p * 3 + c];
        return s / 1024;
      });
    const centroids = r.dataset.classNames.map((_, k) => {
      const idx = Array.from(splits.train)
        .filter((i) => r.dataset.y[i] === k)
        .map(meanRgb);
      return [0, 1, 2].map((c) => idx.reduce((s, v) => s + v[c], 0) / idx.length);
    });
    let right = 0;
    for (const i of splits.test) {
      const m = meanRgb(i);
      const d = centroids.map((c) => c.reduce((s, v, j) => s + (m[j] - v) ** 2, 0));
      if (d.indexOf(Math.min(...d)) === r.dataset.y[i]) right++;
    }
    expect(right / splits.test.length).toBeGreaterThan(0.9);
  });
});

// ---------------------------------------------------------------- zip

describe('readZip', () => {
  it('reads stored and deflated entries and skips folders, __MACOSX and dot-files', async () => {
    const data = zip(
      [
        { name: 'root/', data: '', method: 0 },
        { name: 'root/stored.txt', data: 'hello stored', method: 0 },
        { name: 'root/deflated.txt', data: 'hello deflated '.repeat(100), method: 8 },
        { name: 'root/ünïcode €.txt', data: 'x' },
        { name: '__MACOSX/root/._stored.txt', data: 'junk' },
        { name: 'root/.DS_Store', data: 'junk' },
        { name: '../../etc/passwd', data: 'just a name' },
      ],
      'a comment with PK\x05\x06 inside',
    );
    const entries = await readZip(data);
    // '..' is a dot-segment, so that entry is skipped like a dot-file; names are never used as paths anyway.
    expect(entries.map((e) => e.path)).toEqual(['root/stored.txt', 'root/deflated.txt', 'root/ünïcode €.txt']);
    expect(Buffer.from(entries[0].bytes).toString()).toBe('hello stored');
    expect(Buffer.from(entries[1].bytes).toString()).toBe('hello deflated '.repeat(100));
    expect(listZip(data).map((e) => e.method)).toEqual([0, 8, 8]);
  });

  it('reads only accepted entries and checks the limits on those', async () => {
    const data = zip([
      { name: 'a/1.png', data: 'x'.repeat(500) },
      { name: 'a/big.bin', data: 'y'.repeat(5000) },
    ]);
    const entries = await readZip(data, { accept: (p) => p.endsWith('.png'), limits: { totalBytes: 1000 } });
    expect(entries.map((e) => e.path)).toEqual(['a/1.png']);
    await expectImportError(() => readZip(data, { limits: { totalBytes: 1000 } }), 'The zip would unpack to 5.4 kB; at most 1,000 bytes');
    await expectImportError(() => readZip(data, { limits: { entryBytes: 1000 } }), "'a/big.bin' would unpack to 4.9 kB");
  });

  it('reads the shapes fixture', async () => {
    const entries = await readZip(read(GOOD, 'shapes.zip'));
    expect(entries.length).toBe(62);
    expect(entries.some((e) => e.path.includes('__MACOSX') || e.path.endsWith('.DS_Store') || e.path.endsWith('/'))).toBe(false);
    const png = entries.find((e) => e.path === 'shapes/square/square-02.png')!; // stored
    expect(Array.from(png.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

// ---------------------------------------------------------------- images

describe('groupByClassFolder', () => {
  it('takes classes from the first folder below the common root', () => {
    expect(groupByClassFolder(['cats/1.png', 'dogs/2.JPG']).classNames).toEqual(['cats', 'dogs']);
    const g = groupByClassFolder([
      'root/cats/1.png',
      'root/dogs/a/2.jpeg',
      'root/cover.png',
      'root/notes.txt',
      'root/.DS_Store',
      'root/dogs/',
    ]);
    expect(g.root).toBe('root');
    expect(g.classNames).toEqual(['cats', 'dogs']);
    expect(g.files).toEqual([
      { path: 'root/cats/1.png', className: 'cats' },
      { path: 'root/dogs/a/2.jpeg', className: 'dogs' },
    ]);
    expect(g.skipped).toEqual([
      { file: 'root/notes.txt', reason: 'not an image file (.txt)' },
      { file: 'root/cover.png', reason: 'not inside a class folder' },
    ]);
  });

  it('sorts classes naturally and warns about split folders', () => {
    expect(groupByClassFolder(['class 10/1.png', 'class 2/1.png', 'class 1/1.png']).classNames).toEqual(['class 1', 'class 2', 'class 10']);
    expect(groupByClassFolder(['d/train/1.png', 'd/test/1.png']).warnings[0]).toContain('look like data splits');
  });
});

describe('resizeBilinear', () => {
  // 2×2 grey image [[0, 0.8], [0.4, 1]] as RGBA bytes (R = G = B, so luminance = the value).
  const grey = [0, 204, 102, 255];
  const rgba = Uint8ClampedArray.from(grey.flatMap((v) => [v, v, v, 255]));

  it('enlarges a 2×2 image to 4×4 with half-pixel-centred bilinear weights', () => {
    const out = resizeBilinear(rgba, 2, 2, 4, 1);
    const expected = [
      [0, 0.2, 0.6, 0.8],
      [0.1, 0.2875, 0.6625, 0.85],
      [0.3, 0.4625, 0.7875, 0.95],
      [0.4, 0.55, 0.85, 1],
    ].flat();
    expect(out.length).toBe(16);
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('keeps colour channels in HWC order and composites transparency over white', () => {
    const px = Uint8ClampedArray.from([255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 255, 0, 128]);
    const out = resizeBilinear(px, 2, 2, 2, 3);
    expect(Array.from(out.subarray(0, 6))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(Array.from(out.subarray(6, 9))).toEqual([1, 1, 1]);
    expect(out[9]).toBeCloseTo(1 - 128 / 255, 5);
    expect(out[10]).toBeCloseTo(1, 5);
    const lum = resizeBilinear(Uint8ClampedArray.from([255, 0, 0, 255]), 1, 1, 1, 1);
    expect(lum[0]).toBeCloseTo(0.299, 5);
  });

  it('averages the covered pixels when shrinking', () => {
    const src = Uint8ClampedArray.from(
      [0, 51, 102, 153, 204, 255, 0, 51, 102, 153, 204, 255, 0, 51, 102, 153].flatMap((v) => [v, v, v, 255]),
    );
    const out = resizeBilinear(src, 4, 4, 2, 1);
    const v = (i: number) => [0, 51, 102, 153, 204, 255, 0, 51, 102, 153, 204, 255, 0, 51, 102, 153][i] / 255;
    expect(out[0]).toBeCloseTo((v(0) + v(1) + v(4) + v(5)) / 4, 5);
    expect(out[3]).toBeCloseTo((v(10) + v(11) + v(14) + v(15)) / 4, 5);
  });
});

describe('assembleImageDataset', () => {
  it('resizes mixed sizes and channels, and lists what it skipped', () => {
    const items: ImageItem[] = [
      { className: 'b', pixels: Float32Array.from([0, 1, 1, 0]), width: 2, height: 2, channels: 1, file: 'b/1.png' },
      { className: 'a', pixels: new Float32Array(3 * 3 * 3).fill(0.5), width: 3, height: 3, channels: 3, file: 'a/1.png' },
      { className: 'a', pixels: null, width: 0, height: 0, channels: 3, file: 'a/bad.png', error: 'decode failed' },
      { className: 'b', pixels: new Float32Array(5), width: 2, height: 2, channels: 1, file: 'b/odd.png' },
    ];
    const r = assembleImageDataset(items, 28, 3);
    expect(r.dataset.shape).toEqual([28, 28, 3]);
    expect(r.dataset.classNames).toEqual(['a', 'b']);
    expect(Array.from(r.dataset.y)).toEqual([1, 0]);
    expect(r.classCounts).toEqual([1, 1]);
    expect(r.skipped).toEqual([
      { file: 'a/bad.png', reason: 'decode failed' },
      { file: 'b/odd.png', reason: 'pixel data (5 values) does not match 2×2×1' },
    ]);
    expect(r.dataset.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Sample 0 is b: grey [[0, 1], [1, 0]] repeated in 3 channels, black top-left and white top-right corner.
    expect(Array.from(r.dataset.x.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(r.dataset.x.subarray(27 * 3, 28 * 3))).toEqual([1, 1, 1]);
    // Sample 1 is a: uniform 0.5.
    expect(r.dataset.x[28 * 28 * 3]).toBeCloseTo(0.5, 5);
    expect(r.dataset.x[2 * 28 * 28 * 3 - 1]).toBeCloseTo(0.5, 5);
  });

  it('imports the shapes zip end to end, skipping the corrupt PNG', async () => {
    const entries = await readZip(read(GOOD, 'shapes.zip'), { fileName: 'shapes.zip' });
    const g = groupByClassFolder(entries.map((e) => e.path));
    expect(g.classNames).toEqual(['horizontal', 'square', 'vertical']);
    expect(g.root).toBe('shapes');
    expect(g.skipped).toEqual([{ file: 'shapes/README.txt', reason: 'not an image file (.txt)' }]);
    const byPath = new Map(entries.map((e) => [e.path, e.bytes]));
    const items = g.files.map((f) => decodeTestPng(byPath.get(f.path)!, f.path, f.className));
    const r = assembleImageDataset(items, 28, 3, { classNames: g.classNames });
    expect(r.dataset.count).toBe(60);
    expect(r.classCounts).toEqual([20, 20, 20]);
    expect(r.skipped).toEqual([{ file: 'shapes/square/corrupt.png', reason: 'truncated PNG' }]);
    const grey = assembleImageDataset(items, 32, 1, { classNames: g.classNames });
    expect(grey.dataset.shape).toEqual([32, 32, 1]);
    expect(grey.dataset.x.length).toBe(60 * 32 * 32);
  });
});

// ---------------------------------------------------------------- robustness

describe('mangled input fails only with ImportError', () => {
  /** Random byte edits and truncations of `src`, seeded so a failure reproduces. */
  function* mutations(src: Uint8Array, n: number, seed: number, alphabet: number[]): Generator<Uint8Array> {
    const rng = createRng(seed);
    for (let k = 0; k < n; k++) {
      let b = src.slice();
      const edits = 1 + rng.int(8);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(b.length);
        b[at] = rng.next() < 0.5 ? alphabet[rng.int(alphabet.length)] : rng.int(256);
      }
      if (rng.next() < 0.3) b = b.subarray(0, rng.int(b.length + 1));
      yield b;
    }
  }

  async function expectOnlyImportErrors(fn: () => unknown): Promise<void> {
    const err = await caught(fn);
    if (err !== null && !(err instanceof ImportError)) throw new Error(`not an ImportError: ${String(err)}`);
  }

  it('CSV and tables', async () => {
    const src = text('name,"note, quoted",score,label\r\nann,"a ""b""",1.5,yes\nbob,,NA,no\n"c\nd",x,3,yes\neve,y,4,no\n');
    const alphabet = [0x2c, 0x3b, 0x09, 0x22, 0x0a, 0x0d, 0x00, 0x3f, 0xff, 0xc3];
    for (const bytes of mutations(src, 400, 11, alphabet)) {
      await expectOnlyImportErrors(() => {
        const p = parseCsv(bytes);
        for (const r of p.rows) expect(r.length).toBe(p.header.length);
        for (const task of ['classification', 'regression'] as const) {
          for (const missing of ['drop', 'impute'] as const) {
            const target = p.header[p.header.length - 1];
            try {
              const r = buildTabularDataset(p, { target, task, exclude: [], missing });
              expect(r.dataset.x.length).toBe(r.dataset.count * r.featureNames.length);
              for (const label of r.dataset.y) expect(label >= 0 && label < r.dataset.classNames.length).toBe(true);
            } catch (e) {
              if (!(e instanceof ImportError)) throw e;
            }
          }
        }
      });
    }
  });

  it('zips', async () => {
    const src = zip([
      { name: 'a/1.png', data: 'first image bytes '.repeat(20), method: 8 },
      { name: 'b/2.png', data: 'second', method: 0 },
      { name: 'b/3.png', data: 'third image '.repeat(10), method: 8 },
    ]);
    for (const bytes of mutations(src, 400, 12, [0x50, 0x4b, 0x00, 0xff, 0x01, 0x08])) {
      await expectOnlyImportErrors(async () => groupByClassFolder((await readZip(bytes)).map((e) => e.path)));
    }
  });

  it('CIFAR batches', async () => {
    const src = concat(cifarRecord(1, undefined, 7), cifarRecord(2, undefined, 9));
    for (const bytes of mutations(src, 100, 13, [0, 9, 10, 255])) {
      await expectOnlyImportErrors(() =>
        parseCifarBatches([
          { name: 'data_batch_1.bin', bytes },
          { name: 'test_batch.bin', bytes: cifarRecord(3) },
        ]),
      );
    }
  });
});
