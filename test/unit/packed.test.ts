import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePackedDataset, gunzipIfNeeded, loadPackedDataset } from '../../src/core/data/packed';
import type { Dataset } from '../../src/core/types';

const DATA_DIR = new URL('../../public/data/', import.meta.url);
const readData = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DATA_DIR)));

const DIGITS_SRC = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';
const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const FASHION_FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];
const haveDigitsSrc = existsSync(DIGITS_SRC);
const haveFashionSrc = FASHION_FILES.every((f) => existsSync(`${FASHION_DIR}/${f}`));
// A developer machine may lack the Debian packages; CI installs them (.ci/run), so there these checks must run.
const inCi = process.env.CI === 'true';

describe('Debian dataset sources', () => {
  it.runIf(inCi)('are installed in CI, so the shipped files are checked against them', () => {
    expect({ digits: haveDigitsSrc, fashion: haveFashionSrc }).toEqual({ digits: true, fashion: true });
  });
});

function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classNames.length).fill(0);
  for (const label of ds.y) counts[label]++;
  return counts;
}

function expectUnitRange(x: Float32Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  expect(min).toBe(0);
  expect(max).toBe(1);
}

/** Builds an uncompressed FLDS buffer; `header` may be a raw string to test malformed JSON. */
function buildFlds(header: object | string, body: number[], opts: { magic?: string; headerLength?: number } = {}): Uint8Array {
  const headerBytes = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + headerBytes.length + body.length);
  out.set(new TextEncoder().encode(opts.magic ?? 'FLDS'), 0);
  new DataView(out.buffer).setUint32(4, opts.headerLength ?? headerBytes.length, true);
  out.set(headerBytes, 8);
  out.set(body, 8 + headerBytes.length);
  return out;
}

const tinyHeader = { format: 1, id: 'tiny', name: 'Tiny', count: 2, shape: [2, 2, 1], classNames: ['a', 'b'], maxValue: 4 };
const tinyBody = [0, 1, 2, 4, 4, 3, 2, 0, /* labels */ 1, 0];

describe('digits.flds.gz', () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await loadPackedDataset(readData('digits.flds.gz'));
  });

  it('has the sklearn digits shape, count and classes', () => {
    expect(ds.id).toBe('digits');
    expect(ds.kind).toBe('image');
    expect(ds.count).toBe(1797);
    expect(ds.shape).toEqual([8, 8, 1]);
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(ds.y).toBeInstanceOf(Int32Array);
    expect(ds.x.length).toBe(1797 * 64);
    expect(ds.y.length).toBe(1797);
    expectUnitRange(ds.x);
  });

  it('has the known per-class counts', () => {
    expect(classCounts(ds)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('matches sklearn sample 0 (a zero) scaled by 1/16', () => {
    expect(ds.y[0]).toBe(0);
    expect(Array.from(ds.x.subarray(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0].map((v) => Math.fround(v / 16)));
  });

  it.skipIf(!haveDigitsSrc)('matches the Debian source csv exactly', () => {
    const rows = gunzipSync(readFileSync(DIGITS_SRC)).toString('utf8').trim().split('\n');
    expect(rows.length).toBe(1797);
    rows.forEach((row, i) => {
      const values = row.split(',').map(Number);
      expect(ds.y[i]).toBe(values[64]);
      for (let j = 0; j < 64; j++) {
        if (ds.x[i * 64 + j] !== Math.fround(values[j] / 16)) {
          throw new Error(`digits sample ${i} pixel ${j}: ${ds.x[i * 64 + j]} vs ${values[j] / 16}`);
        }
      }
    });
  });
});

describe('fashion-mnist.flds.gz', () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await loadPackedDataset(readData('fashion-mnist.flds.gz'));
  });

  it('is the balanced 12,000-image subset', () => {
    expect(ds.id).toBe('fashion');
    expect(ds.kind).toBe('image');
    expect(ds.count).toBe(12000);
    expect(ds.shape).toEqual([28, 28, 1]);
    expect(ds.classNames).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
    expect(ds.x.length).toBe(12000 * 784);
    expect(ds.y.length).toBe(12000);
    expectUnitRange(ds.x);
  });

  it('has exactly 1,200 per class: 1,000 from train then 200 from test', () => {
    expect(classCounts(ds)).toEqual(new Array(10).fill(1200));
    const trainPart = { ...ds, y: ds.y.subarray(0, 10000) };
    const testPart = { ...ds, y: ds.y.subarray(10000) };
    expect(classCounts(trainPart)).toEqual(new Array(10).fill(1000));
    expect(classCounts(testPart)).toEqual(new Array(10).fill(200));
  });

  it('starts each part with the first image of the official file', () => {
    // Train index 0 and t10k index 0 are both ankle boots; checked against the raw IDX files.
    const sum = (start: number) => ds.x.subarray(start * 784, (start + 1) * 784).reduce((a, v) => a + Math.round(v * 255), 0);
    expect(ds.y[0]).toBe(9);
    expect(sum(0)).toBe(76247);
    expect(Array.from(ds.x.subarray(14 * 28 + 12, 14 * 28 + 16), (v) => Math.round(v * 255))).toEqual([237, 226, 217, 223]);
    expect(ds.y[10000]).toBe(9);
    expect(sum(10000)).toBe(33456);
  });

  it.skipIf(!haveFashionSrc)('matches the selection rule against the Debian source files', () => {
    const read = (name: string, skip: number) => gunzipSync(readFileSync(`${FASHION_DIR}/${name}`)).subarray(skip);
    const parts: Array<[Buffer, Buffer, number]> = [
      [read('train-images-idx3-ubyte.gz', 16), read('train-labels-idx1-ubyte.gz', 8), 1000],
      [read('t10k-images-idx3-ubyte.gz', 16), read('t10k-labels-idx1-ubyte.gz', 8), 200],
    ];
    let k = 0;
    for (const [images, labels, perClass] of parts) {
      const taken = new Array<number>(10).fill(0);
      for (let i = 0; i < labels.length && k < ds.count; i++) {
        const c = labels[i];
        if (taken[c] >= perClass) continue;
        taken[c]++;
        if (ds.y[k] !== c) throw new Error(`fashion sample ${k}: label ${ds.y[k]} vs source ${c}`);
        for (let j = 0; j < 784; j++) {
          if (ds.x[k * 784 + j] !== Math.fround(images[i * 784 + j] / 255)) {
            throw new Error(`fashion sample ${k} (source index ${i}) pixel ${j} differs`);
          }
        }
        k++;
        if (taken.every((t) => t === perClass)) break;
      }
    }
    expect(k).toBe(12000);
  });
});

describe('decodePackedDataset', () => {
  it('decodes a hand-made buffer', () => {
    const ds = decodePackedDataset(buildFlds(tinyHeader, tinyBody));
    expect(ds).toMatchObject({ id: 'tiny', kind: 'image', shape: [2, 2, 1], count: 2, classNames: ['a', 'b'] });
    expect(Array.from(ds.x)).toEqual([0, 0.25, 0.5, 1, 1, 0.75, 0.5, 0]);
    expect(Array.from(ds.y)).toEqual([1, 0]);
  });

  it('accepts a Uint8Array view at a non-zero offset', () => {
    const flds = buildFlds(tinyHeader, tinyBody);
    const padded = new Uint8Array(flds.length + 3);
    padded.set(flds, 3);
    expect(decodePackedDataset(padded.subarray(3)).count).toBe(2);
  });

  it('rejects the wrong magic', () => {
    expect(() => decodePackedDataset(buildFlds(tinyHeader, tinyBody, { magic: 'PK\u0003\u0004' }))).toThrow(
      /wrong format: expected it to start with "FLDS"/,
    );
  });

  it('rejects a file shorter than the preamble', () => {
    expect(() => decodePackedDataset(new Uint8Array([0x46, 0x4c]))).toThrow(/too short/);
  });

  it('rejects truncated data', () => {
    const full = buildFlds(tinyHeader, tinyBody);
    expect(() => decodePackedDataset(full.subarray(0, full.length - 3))).toThrow(
      /truncated: expected 10 bytes of pixels and labels, found 7/,
    );
  });

  it('formats large byte counts with separators', () => {
    const header = { ...tinyHeader, count: 12000, shape: [28, 28, 1] };
    expect(() => decodePackedDataset(buildFlds(header, [1, 2, 3]))).toThrow(
      /truncated: expected 9,420,000 bytes of pixels and labels, found 3\./,
    );
  });

  it('rejects trailing bytes', () => {
    expect(() => decodePackedDataset(buildFlds(tinyHeader, [...tinyBody, 0]))).toThrow(/1 unexpected trailing bytes/);
  });

  it('rejects a label out of range', () => {
    const body = [...tinyBody.slice(0, 8), 0, 2];
    expect(() => decodePackedDataset(buildFlds(tinyHeader, body))).toThrow(
      /label out of range: sample 1 has label 2, but there are only 2 classes/,
    );
  });

  it('rejects a header that is not JSON', () => {
    expect(() => decodePackedDataset(buildFlds('{"format":1,', tinyBody))).toThrow(/header is not valid JSON/);
  });

  it('rejects a header length past the end', () => {
    expect(() => decodePackedDataset(buildFlds(tinyHeader, tinyBody, { headerLength: 1_000_000 }))).toThrow(
      /header length 1,000,000 is past the end of the file/,
    );
  });

  it.each([
    [{ ...tinyHeader, format: 2 }, /unsupported format 2/],
    [{ ...tinyHeader, id: 7 }, /"id" must be a non-empty string/],
    [{ ...tinyHeader, count: 1.5 }, /"count" must be a positive integer/],
    [{ ...tinyHeader, count: '2' }, /"count" must be a positive integer/],
    [{ ...tinyHeader, shape: [2, 2] }, /"shape" must be \[height, width, channels\]/],
    [{ ...tinyHeader, shape: [2, 0, 1] }, /"shape" must be/],
    [{ ...tinyHeader, classNames: ['a', 3] }, /"classNames" must be a non-empty array of strings/],
    [{ ...tinyHeader, classNames: [] }, /"classNames" must be a non-empty array/],
    [{ ...tinyHeader, maxValue: 0 }, /"maxValue" must be an integer from 1 to 255/],
    [{ ...tinyHeader, license: 3 }, /"license" must be a string/],
    [[1, 2], /expected a JSON object/],
  ])('rejects bad header field %#', (header, message) => {
    expect(() => decodePackedDataset(buildFlds(header, tinyBody))).toThrow(message);
  });

  it('rejects pixels above maxValue', () => {
    const body = [...tinyBody];
    body[2] = 5;
    expect(() => decodePackedDataset(buildFlds(tinyHeader, body))).toThrow(/pixel value 5 exceeds the header's maxValue 4/);
  });
});

describe('loadPackedDataset, in slices', () => {
  // 3 images of 640×640: 1.2 M pixels, more than one slice (2^20), so the page's decode yields between them.
  const header = { ...tinyHeader, count: 3, shape: [640, 640, 1] };
  const pixels = Array.from({ length: 3 * 640 * 640 }, (_, i) => (i * 7) % 5);

  it('gives what the one-pass decode gives, the last slice included', async () => {
    const file = buildFlds(header, [...pixels, 0, 1, 0]);
    const sliced = await loadPackedDataset(file);
    const whole = decodePackedDataset(file);
    expect(sliced.x).toEqual(whole.x);
    expect(sliced.x[pixels.length - 1]).toBe(pixels[pixels.length - 1] / 4);
    expect(Array.from(sliced.y)).toEqual([0, 1, 0]);
  });

  it('rejects a pixel above maxValue in a later slice', async () => {
    const body = [...pixels, 0, 1, 0];
    body[pixels.length - 2] = 9;
    await expect(loadPackedDataset(buildFlds(header, body))).rejects.toThrow(/pixel value 9 exceeds the header's maxValue 4/);
  });
});

describe('gunzipIfNeeded', () => {
  it('passes non-gzip bytes through unchanged', async () => {
    const bytes = buildFlds(tinyHeader, tinyBody);
    const out = await gunzipIfNeeded(bytes);
    expect(out).toBe(bytes);
  });

  it('decompresses gzip bytes to the same result as node zlib', async () => {
    const gz = readData('digits.flds.gz');
    const out = await gunzipIfNeeded(gz);
    expect(Buffer.from(out).equals(gunzipSync(gz))).toBe(true);
    expect(String.fromCharCode(...out.subarray(0, 4))).toBe('FLDS');
  });

  it('loadPackedDataset accepts an already-inflated file', async () => {
    const raw = new Uint8Array(gunzipSync(readData('digits.flds.gz')));
    expect((await loadPackedDataset(raw)).count).toBe(1797);
  });

  it('reports corrupt gzip data clearly', async () => {
    const gz = readData('digits.flds.gz').slice(0, 200);
    await expect(gunzipIfNeeded(gz)).rejects.toThrow(/not valid gzip data/);
  });
});
