// Edges of the boundary code reworked for noUncheckedIndexedAccess (scripts/check-unchecked-index.mjs): input
// that ends where an index would run past it, and the weight and zip layouts of the PyTorch export.
import { describe, expect, it } from 'vitest';
import { parseCifarBatches } from '../../src/core/import';
import { decodeCsvBytes } from '../../src/core/import/csv-bytes';
import { buildTabularDataset } from '../../src/core/import/tabular';
import { parseCsv } from '../../src/core/import/csv';
import { assembleImageDataset, groupByClassFolder, type ImageItem } from '../../src/core/import/images';
import type { ParsedCsv } from '../../src/core/import/csv';
import { readZip } from '../../src/core/import/zip';
import { hwioToOihw, transpose2d } from '../../src/core/export/pytorch/layers';
import { writeZip } from '../../src/core/export/pytorch/zip-writer';

const bytesOf = (text: string, ...tail: number[]) => new Uint8Array([...new TextEncoder().encode(text), ...tail]);

function importError(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected an ImportError');
}

describe('decodeCsvBytes at the end of the file', () => {
  it('names a multi-byte sequence cut off by the end of the file, and its line', () => {
    const twoByte = importError(() => decodeCsvBytes(bytesOf('a,b\n1,', 0xc3), 'cut.csv'));
    expect(twoByte.code).toBe('encoding');
    expect(twoByte.message).toContain('byte 0xC3 on line 2');
    // The continuation byte that is there is valid; the one that is missing still fails the sequence.
    const threeByte = importError(() => decodeCsvBytes(bytesOf('a,b\n1,2\n3,', 0xe2, 0x82), 'cut.csv'));
    expect(threeByte.message).toContain('byte 0xE2 on line 3');
  });

  it('reads a whole multi-byte character in the last bytes', () => {
    expect(decodeCsvBytes(bytesOf('a,b\n1,€'))).toBe('a,b\n1,€');
    expect(decodeCsvBytes(bytesOf('a,b\n1,é'))).toBe('a,b\n1,é');
  });
});

describe('buildTabularDataset on a table whose rows are shorter than its header', () => {
  // parseCsv never gives such a table, but a rebuild takes the table from a message.
  const table = (rows: string[][]): ParsedCsv => ({
    header: ['x', 'colour', 'label'],
    rows,
    delimiter: ',',
    hasHeader: true,
    lines: [2, 3, 4],
  });
  const options = { target: 'label', task: 'classification' as const, exclude: [], missing: 'impute' as const };

  it('names the row and the column a cell is missing from, whichever stage reads it first', () => {
    const noTarget = importError(() =>
      buildTabularDataset(
        table([
          ['1', 'red', 'a'],
          ['2', 'blue'],
        ]),
        options,
      ),
    );
    expect(noTarget.code).toBe('ragged');
    expect(noTarget.message).toContain('Row 2 of the table has no value in column 3');
    const noFeature = importError(() => buildTabularDataset(table([['1', 'red', 'a'], ['2', 'blue', 'b'], ['3']]), options));
    expect(noFeature.message).toContain('Row 3 of the table has no value in column 2');
  });

  it('builds the same table when every row is whole', () => {
    const r = buildTabularDataset(
      table([
        ['1', 'red', 'a'],
        ['2', 'blue', 'b'],
        ['3', 'red', 'a'],
      ]),
      options,
    );
    expect(r.featureNames).toEqual(['x', 'colour=blue', 'colour=red']);
    expect(Array.from(r.dataset.y)).toEqual([0, 1, 0]);
  });
});

describe('messages that quote the first of something', () => {
  it('quotes the text after a closing quote up to the next delimiter', () => {
    const e = importError(() => parseCsv('a,b\n"x"yz,2\n3,4\n', { fileName: 'q.csv' }));
    expect(e.code).toBe('bad-quote');
    expect(e.message).toBe("'q.csv', line 2: unexpected text 'yz' right after a closing quote.");
  });

  it('names the only class folder, and counts the unreadable images of an emptied class', () => {
    expect(importError(() => groupByClassFolder(['d/cats/1.png', 'd/cats/2.png'])).message).toContain("Only one class folder ('cats')");
    const grey = (className: string, pixels: Float32Array | null): ImageItem => ({
      className,
      pixels,
      width: 1,
      height: 1,
      channels: 1,
      file: `${className}.png`,
    });
    const e = importError(() =>
      assembleImageDataset([grey('a', new Float32Array([0.5])), grey('b', null), grey('b', null)], 32, 1, { classNames: ['a', 'b'] }),
    );
    expect(e.code).toBe('empty-class');
    expect(e.message).toContain("class 'b' (2 unreadable)");
  });
});

describe('parseCifarBatches on a file too short for its checks', () => {
  it('takes a lone 0x80 byte for a short batch, not a pickle', () => {
    const err = importError(() => parseCifarBatches([{ name: 'data_batch_1.bin', bytes: new Uint8Array([0x80]) }]));
    expect(err.code).toBe('bad-length');
  });
});

describe('PyTorch export layouts', () => {
  it('transposes [rows, cols] and moves HWIO kernels to OIHW', () => {
    const data = Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i);
    const t = transpose2d(data.subarray(0, 6), 2, 3);
    expect(Array.from(t)).toEqual([0, 3, 1, 4, 2, 5]);
    const [kh, kw, cin, cout] = [2, 3, 4, 5];
    const out = hwioToOihw(data, kh, kw, cin, cout);
    for (let h = 0; h < kh; h++)
      for (let w = 0; w < kw; w++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) expect(out[((o * cin + i) * kh + h) * kw + w]).toBe(data[((h * kw + w) * cin + i) * cout + o]);
  });

  it('writes a zip whose files read back with their names and bytes', async () => {
    const files = [
      { path: 'a.npy', bytes: new Uint8Array([1, 2, 3]) },
      { path: 'dir/b.txt', bytes: new TextEncoder().encode('héllo') },
      { path: 'empty', bytes: new Uint8Array(0) },
    ];
    const entries = await readZip(writeZip(files));
    expect(entries.map((e) => [e.path, Array.from(e.bytes)])).toEqual(files.map((f) => [f.path, Array.from(f.bytes)]));
  });
});
