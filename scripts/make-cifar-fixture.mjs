#!/usr/bin/env node
/**
 * Writes test/fixtures/import/cifar-mini/: data_batch_1.bin (240 records), test_batch.bin (80 records) and
 * batches.meta.txt, in the CIFAR-10 binary format (3,073-byte records: label byte, then the 32×32 red,
 * green and blue planes, row-major). Each class is a colour (the names in batches.meta.txt say which) with
 * pixel noise and a random darker square, so a model can learn it; the bytes are the same on every run.
 * Under 1 MB in all.
 *
 * Usage: node scripts/make-cifar-fixture.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test/fixtures/import/cifar-mini');
mkdirSync(OUT, { recursive: true });

import { rng } from './lib/fixture-writers.mjs';

const PALETTE = [
  ['red', [220, 40, 40]],
  ['orange', [235, 140, 30]],
  ['yellow', [230, 220, 40]],
  ['green', [40, 180, 60]],
  ['teal', [30, 170, 170]],
  ['blue', [40, 70, 220]],
  ['purple', [140, 50, 200]],
  ['pink', [240, 120, 190]],
  ['grey', [128, 128, 128]],
  ['brown', [120, 70, 30]],
];

const clamp = (v) => Math.max(0, Math.min(255, Math.round(v)));

function batch(count, seed) {
  const rand = rng(seed);
  const out = Buffer.alloc(count * 3073);
  for (let r = 0; r < count; r++) {
    const label = r % 10; // balanced: every class count / 10 times
    const base = PALETTE[label][1];
    const o = r * 3073;
    out[o] = label;
    const x0 = Math.floor(rand() * 20);
    const y0 = Math.floor(rand() * 20);
    const side = 6 + Math.floor(rand() * 7);
    for (let p = 0; p < 1024; p++) {
      const x = p % 32;
      const y = Math.floor(p / 32);
      const shade = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side ? 0.6 : 1;
      for (let c = 0; c < 3; c++) out[o + 1 + c * 1024 + p] = clamp(base[c] * shade + (rand() - 0.5) * 60);
    }
  }
  return out;
}

writeFileSync(join(OUT, 'data_batch_1.bin'), batch(240, 11));
writeFileSync(join(OUT, 'test_batch.bin'), batch(80, 12));
// As in the real file: one name per line and a trailing blank line.
writeFileSync(join(OUT, 'batches.meta.txt'), PALETTE.map(([name]) => name).join('\n') + '\n\n');
console.log('wrote test/fixtures/import/cifar-mini/');
