import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, useBrowser } from './browser';

// Photos as people have them (scripts/make-photo-corpus.mjs, made with ImageMagick at test time): odd sizes
// and aspects up to a 12-megapixel camera JPEG, EXIF-rotated JPEGs, alpha, grey, palette and 16-bit PNGs,
// GIF, BMP, WebP, a damaged JPEG and a text file. Imported through the real file input.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

interface Manifest {
  zip: string;
  images: { path: string; className: string; shown: [number, number]; expect?: Record<string, string> }[];
  skipped: { path: string; reason: string }[];
}

let dir = '';
let corpus: Manifest;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fitlab-photos-'));
  execFileSync(process.execPath, ['scripts/make-photo-corpus.mjs', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  corpus = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Chooses the zip in the real file input and waits until the import ends (loaded or failed). */
async function uploadZip(page: Page, path: string): Promise<void> {
  const before = Number(await page.getByTestId('data-upload-panel').getAttribute('data-finished'));
  await page.getByTestId('data-upload').setInputFiles(path);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="data-upload-panel"]')?.getAttribute('data-finished')) > n,
    before,
    { timeout: 120_000 },
  );
}

/** Images per class in the dataset preview: train + validation + test. */
async function classTotals(page: Page): Promise<Record<string, number>> {
  return page.$$eval('.counts tbody tr:not(.total)', (rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('th')?.textContent ?? '', [...r.querySelectorAll('td')].reduce((s, td) => s + Number(td.textContent), 0)])),
  );
}

describe('photos as people have them', () => {
  it('every image of the corpus arrives, whatever its size, aspect or format; the damaged and the text file are listed', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?model=cnn&conv=8p&dense=16&epochs=2');
    await uploadZip(page, corpus.zip);
    const panelError = await page.getByTestId('data-upload-panel').getByTestId('error-message').textContent({ timeout: 500 }).catch(() => null);
    expect(panelError).toBeNull();
    await page.getByTestId('upload-images').waitFor();
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('images');

    const expected: Record<string, number> = {};
    for (const im of corpus.images) expected[im.className] = (expected[im.className] ?? 0) + 1;
    await page.waitForFunction((n) => document.querySelectorAll('.counts tbody tr:not(.total)').length === n, Object.keys(expected).length);
    expect(await classTotals(page)).toEqual(expected);

    const skipped = (await page.getByTestId('upload-skipped').textContent()) ?? '';
    for (const s of corpus.skipped) {
      expect(skipped).toContain(s.path);
      expect(skipped).toContain(s.reason);
    }
    expect(errors).toEqual([]);
  });
});
