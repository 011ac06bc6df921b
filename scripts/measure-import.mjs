#!/usr/bin/env node
/**
 * How large a table and an image set Fitlab imports here, and how long it takes: writes a CSV of ROWS rows
 * (20 numeric columns, one categorical, a 4-class label) and a zip of IMAGES 28×28 PNGs in 3 class folders
 * to a temporary folder, loads each through the real file input of the built app (dist/) in Debian's
 * chromium, and prints one JSON line per file: bytes, rows or images, and the seconds until the dataset was
 * ready (reading, parsing or decoding, building; the import worker's own figure and the page's).
 * Usage: npm run build && node scripts/measure-import.mjs [ROWS] [IMAGES]   (defaults 200000, 20000)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/chromium.mjs';
import { preview } from 'vite';
import { makeZip, rng, shapeImage } from './lib/fixture-writers.mjs';

const ROWS = Number(process.argv[2] ?? 200_000);
const IMAGES = Number(process.argv[3] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'fitlab-import-'));

const rand = rng(7);
const header = [...Array.from({ length: 20 }, (_, j) => `x${j + 1}`), 'site', 'label'].join(',');
const lines = [header];
for (let i = 0; i < ROWS; i++) {
  const label = i % 4;
  const xs = Array.from({ length: 20 }, (_, j) => (label * (j % 3) + rand() * 2).toFixed(4));
  lines.push([...xs, ['north', 'south', 'east'][i % 3], `class ${label}`].join(','));
}
const csvPath = join(dir, 'big.csv');
writeFileSync(csvPath, lines.join('\n'));

const kinds = ['horizontal', 'vertical', 'square'];
const entries = [];
for (let i = 0; i < IMAGES; i++) {
  const kind = kinds[i % 3];
  entries.push({ name: `big/${kind}/${i}.png`, data: shapeImage(kind, rand), method: 0 });
}
const zipPath = join(dir, 'big.zip');
writeFileSync(zipPath, makeZip(entries));

const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  for (const [file, kind, count] of [
    [csvPath, 'table', ROWS],
    [zipPath, 'images', IMAGES],
  ]) {
    const page = await browser.newPage();
    await page.goto(base);
    await page.getByTestId('train-start').waitFor();
    if (kind === 'images') await page.locator('#upload-size').selectOption('28');
    const t0 = Date.now();
    await page.getByTestId('data-upload').setInputFiles(file);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="data-upload-panel"]')?.getAttribute('data-finished')) > 0,
      undefined,
      { timeout: 600_000 },
    );
    const seconds = (Date.now() - t0) / 1000;
    const error = await page
      .locator('[data-testid="data-upload-panel"] [data-testid="error-message"]')
      .textContent()
      .catch(() => null);
    const card = await page
      .getByTestId(`upload-${kind}`)
      .textContent()
      .catch(() => '');
    console.log(
      JSON.stringify({
        file: file.split('/').pop(),
        kind,
        count,
        bytes: (await import('node:fs')).statSync(file).size,
        seconds,
        error,
        card: card.slice(0, 160),
      }),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
