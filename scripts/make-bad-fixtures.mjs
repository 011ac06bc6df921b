#!/usr/bin/env node
/**
 * Writes the import test fixtures, deterministically (same bytes on every run):
 *  - test/fixtures/bad/*      the bad-input corpus (CSV, zip, CIFAR files); test/fixtures/bad/cases.json says
 *                             which parser each goes through and what its error must say
 *  - test/fixtures/import/iris-like.csv  a small learnable table (header, quotes, a categorical column, gaps)
 *  - test/fixtures/import/shapes.zip     3 class folders × 20 PNGs of 28×28, one corrupt PNG, macOS junk
 * PNGs and zips are written by the tiny writers below (node's zlib for deflate), so nothing is downloaded.
 * The CIFAR good fixture has its own script: scripts/make-cifar-fixture.mjs.
 *
 * Usage: node scripts/make-bad-fixtures.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BAD = join(ROOT, 'test/fixtures/bad');
const GOOD = join(ROOT, 'test/fixtures/import');
mkdirSync(BAD, { recursive: true });
mkdirSync(GOOD, { recursive: true });

const write = (dir, name, data) => writeFileSync(join(dir, name), data);
const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

import { makeZip, rng, shapeImage, u16, u32 } from './lib/fixture-writers.mjs';

// ---------------------------------------------------------------- good fixtures

function writeShapesZip() {
  const rand = rng(2024);
  const entries = [{ name: 'shapes/', data: '', method: 0 }];
  for (const kind of ['horizontal', 'vertical', 'square']) {
    entries.push({ name: `shapes/${kind}/`, data: '', method: 0 });
    for (let i = 1; i <= 20; i++) {
      // Alternate stored and deflated entries so both code paths of the reader are exercised.
      entries.push({
        name: `shapes/${kind}/${kind}-${String(i).padStart(2, '0')}.png`,
        data: shapeImage(kind, rand),
        method: i % 2 ? 8 : 0,
      });
    }
  }
  const good = shapeImage('square', rand);
  // Valid zip entry, broken image: the PNG is cut off inside its IDAT chunk. The browser decode fails and
  // the import must list it as skipped, not fail.
  entries.push({ name: 'shapes/square/corrupt.png', data: good.subarray(0, 60), method: 8 });
  entries.push({ name: 'shapes/README.txt', data: 'Three classes of 28x28 images: horizontal bars, vertical bars, a filled square.\n' });
  entries.push({ name: '__MACOSX/shapes/square/._square-01.png', data: 'junk resource fork' });
  entries.push({ name: 'shapes/.DS_Store', data: 'junk' });
  write(GOOD, 'shapes.zip', makeZip(entries, { comment: 'fitlab test fixture' }));
}

/**
 * 180 flowers of 3 species (60 each), 4 measurements that separate them as in Fisher's iris, a categorical
 * 'site' column (not informative), a quoted free-text 'note' with commas and doubled quotes, and 6 gaps.
 */
function writeIrisLike() {
  const rand = rng(150);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const species = [
    { name: 'setosa', m: [5.0, 3.4, 1.5, 0.25], s: [0.35, 0.38, 0.17, 0.1] },
    { name: 'versicolor', m: [5.9, 2.8, 4.3, 1.3], s: [0.5, 0.3, 0.47, 0.2] },
    { name: 'virginica', m: [6.6, 3.0, 5.55, 2.0], s: [0.6, 0.3, 0.55, 0.27] },
  ];
  const sites = ['north', 'south', 'east'];
  const lines = ['sepal length,sepal width,petal length,petal width,site,note,species'];
  const rows = [];
  for (const sp of species) {
    for (let i = 0; i < 60; i++) {
      const v = sp.m.map((m, k) => Math.max(0.1, m + sp.s[k] * normal()).toFixed(1));
      const site = sites[Math.floor(rand() * 3)];
      const note = rand() < 0.15 ? '"picked, then ""pressed"""' : rand() < 0.1 ? '"two\nlines"' : '';
      rows.push([...v, site, note, sp.name]);
    }
  }
  // Shuffle, then punch a few gaps (NA, empty, ?) into features: the import must count and handle them.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const gaps = [
    [3, 0, 'NA'],
    [17, 2, ''],
    [40, 4, ''],
    [77, 1, '?'],
    [101, 3, 'NaN'],
    [150, 4, 'NA'],
  ];
  for (const [r, c, token] of gaps) rows[r][c] = token;
  for (const r of rows) lines.push(r.join(','));
  write(GOOD, 'iris-like.csv', lines.join('\r\n') + '\r\n');
}

// ---------------------------------------------------------------- bad CSV

function writeBadCsv() {
  write(BAD, 'empty.csv', '');
  write(BAD, 'blank-lines.csv', '\n\n   \n\r\n');
  write(BAD, 'header-only.csv', 'age,height,label\n');
  write(BAD, 'one-row.csv', '1,2,3\n');
  write(BAD, 'ragged.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n');
  write(BAD, 'ragged-long.csv', 'a;b;c\n1;2;3\n4;5;6;7;8\n');
  write(BAD, 'unterminated-quote.csv', 'name,score,label\nann,1,yes\n"bob,2,no\ncid,3,yes\n');
  write(BAD, 'text-after-quote.csv', 'name,score\n"ann"x,1\n"bob",2\n');
  // PNG signature and header bytes with NULs, named .csv.
  write(
    BAD,
    'binary-named.csv',
    bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]),
  );
  write(BAD, 'nul-bytes.csv', bytes('a,b\n1,2\n', [0, 0, 0, 0], '3,4\n'));
  write(BAD, 'zip-named.csv', makeZip([{ name: 'data.csv', data: 'a,b\n1,2\n' }]));
  write(BAD, 'latin1.csv', bytes('city,temp\nZ', [0xfc], 'rich,12\nMontr', [0xe9], 'al,3\n'));
  write(
    BAD,
    'too-many-columns.csv',
    Array.from({ length: 2001 }, (_, j) => `c${j}`).join(',') + '\n' + Array.from({ length: 2001 }, (_, j) => j).join(',') + '\n',
  );
  write(BAD, 'too-many-rows.csv', 'value\n' + '1\n'.repeat(200_001));

  // Tables that parse but cannot become a dataset.
  write(BAD, 'one-class.csv', 'x1,x2,label\n1,2,yes\n3,4,yes\n5,6, yes\n7,8,yes\n');
  write(BAD, 'non-numeric-target-regression.csv', 'size,rooms,price\n50,2,100000\n70,3,150000\n65,3,abc\n90,4,210000\n');
  const ages = Array.from({ length: 30 }, (_, i) => String(20 + i));
  ages[16] = 'abc';
  write(BAD, 'typo-in-numeric.csv', 'age,label\n' + ages.map((a, i) => `${a},${i % 2 ? 'yes' : 'no'}`).join('\n') + '\n');
  write(
    BAD,
    'too-many-categories.csv',
    'name,score,label\n' + Array.from({ length: 150 }, (_, i) => `person${i},${i % 7},${i % 2 ? 'a' : 'b'}`).join('\n') + '\n',
  );
  write(BAD, 'too-many-classes.csv', 'x,id\n' + Array.from({ length: 150 }, (_, i) => `${i % 5},id-${i}`).join('\n') + '\n');
  write(BAD, 'all-rows-missing.csv', 'a,b,label\n1,NA,x\n?,2,y\n,3,x\n4,null,y\n');
  write(BAD, 'target-all-missing.csv', 'a,b,label\n1,2,NA\n3,4,?\n5,6,\n');
  write(BAD, 'constant-target.csv', 'a,b,y\n1,2,3.5\n2,3,3.5\n3,4,3.5\n');
  write(BAD, 'declared-numeric.csv', 'code,size,label\nA1,3,x\nB2,4,y\nC3,5,x\n');
  write(BAD, 'attribute-too-many.csv', 'x,group,label\n' + Array.from({ length: 120 }, (_, i) => `${i},g${i},${i % 2}`).join('\n') + '\n');
  write(BAD, 'small.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n');
}

// ---------------------------------------------------------------- bad zips

function writeBadZips() {
  const png = shapeImage('square', rng(1));
  write(BAD, 'empty.zip', '');
  write(BAD, 'not-a-zip.zip', 'This is a text file that someone renamed to .zip\n');
  write(BAD, 'gzip-named.zip', bytes([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3], 'not really gzip either, but it starts like one.'));
  const valid = makeZip([
    { name: 'cats/1.png', data: png },
    { name: 'dogs/1.png', data: png },
  ]);
  write(BAD, 'truncated.zip', valid.subarray(0, Math.floor(valid.length / 2)));
  write(
    BAD,
    'no-class-folders.zip',
    makeZip([
      { name: 'a.png', data: png },
      { name: 'b.png', data: png },
    ]),
  );
  write(
    BAD,
    'one-class.zip',
    makeZip([
      { name: 'data/cats/1.png', data: png },
      { name: 'data/cats/2.png', data: png },
    ]),
  );
  write(
    BAD,
    'no-images.zip',
    makeZip([
      { name: 'cats/readme.txt', data: 'hi' },
      { name: 'dogs/notes.md', data: 'hi' },
    ]),
  );
  // Flag bit 0: traditional PKWARE encryption (the data is never looked at).
  write(
    BAD,
    'encrypted.zip',
    makeZip([
      { name: 'cats/1.png', raw: Buffer.alloc(40, 7), size: 28, crc: 0x12345678, method: 8, flags: 1 },
      { name: 'dogs/1.png', data: png },
    ]),
  );
  // Method 12 (bzip2): a real tool would write it with `zip -Z bzip2`.
  write(BAD, 'bzip2.zip', makeZip([{ name: 'cats/1.png', raw: Buffer.from('BZh91AY&SY'), size: 100, crc: 0, method: 12 }]));
  // Honest declared size over the per-file limit (65 MB of zeros, ~64 kB deflated).
  write(
    BAD,
    'zip-bomb.zip',
    makeZip([
      { name: 'cats/big.png', data: Buffer.alloc(65 * 1024 * 1024) },
      { name: 'dogs/1.png', data: png },
    ]),
  );
  // Lying declared size: says 1,000 bytes, inflates to 1 MB. Reading must stop at the declared size.
  write(
    BAD,
    'zip-bomb-lying.zip',
    makeZip([
      { name: 'cats/1.png', raw: deflateRawSync(Buffer.alloc(1024 * 1024)), size: 1000, crc: 0 },
      { name: 'dogs/1.png', data: png },
    ]),
  );
  write(
    BAD,
    'bad-crc.zip',
    makeZip([
      { name: 'cats/1.png', data: png, crc: 0xdeadbeef },
      { name: 'dogs/1.png', data: png },
    ]),
  );
  write(
    BAD,
    'corrupt-deflate.zip',
    makeZip([{ name: 'cats/1.png', raw: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x12, 0x34]), size: 50, crc: 0 }]),
  );
  // An EOCD that defers to zip64 and a zip64 record claiming 2^60 entries.
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeBigUInt64LE(1n << 60n, 24);
  z64.writeBigUInt64LE(1n << 60n, 32);
  const locator = Buffer.concat([u32(0x07064b50), u32(0), Buffer.from(new BigUint64Array([0n]).buffer), u32(1)]);
  const eocd = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(0xffff), u16(0xffff), u32(0xffffffff), u32(0xffffffff), u16(0)]);
  write(BAD, 'zip64-huge.zip', Buffer.concat([z64, locator, eocd]));
}

// ---------------------------------------------------------------- bad CIFAR

function writeBadCifar() {
  const record = (label, fill) => {
    const r = Buffer.alloc(3073, fill);
    r[0] = label;
    return r;
  };
  write(BAD, 'bad-length.bin', Buffer.concat([record(1, 10), record(2, 20), Buffer.alloc(1000, 5)]));
  write(BAD, 'label-out-of-range.bin', Buffer.concat([record(3, 1), record(4, 2), record(12, 3)]));
  write(BAD, 'empty.bin', Buffer.alloc(0));
  // CIFAR-100 records have two label bytes (3,074 bytes each).
  write(BAD, 'cifar100-like.bin', Buffer.concat([Buffer.alloc(3074, 1), Buffer.alloc(3074, 2), Buffer.alloc(3074, 3)]));
  // The Python version's batches are pickles: protocol 2 header.
  write(BAD, 'pickle-batch', bytes([0x80, 0x02, 0x7d, 0x71, 0x00], 'batch_label', Buffer.alloc(3073 * 2 - 16, 0x41)));
  write(BAD, 'good-record.bin', record(0, 128));
  write(BAD, 'readme.html', '<html>CIFAR-10</html>\n');
}

writeShapesZip();
writeIrisLike();
writeBadCsv();
writeBadZips();
writeBadCifar();
console.log('wrote test/fixtures/bad/ and test/fixtures/import/{iris-like.csv,shapes.zip}');
