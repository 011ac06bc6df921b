import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, showView, useBrowser } from './browser';

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
    Object.fromEntries(
      rows.map((r) => [
        r.querySelector('th')?.textContent ?? '',
        [...r.querySelectorAll('td')].reduce((s, td) => s + Number(td.textContent), 0),
      ]),
    ),
  );
}

type Rgb = [number, number, number];

/** The colour a pixel of the corpus's marked images shows, by name; 'other' when none fits. */
function colourName([r, g, b]: Rgb): string {
  if (r > 225 && g > 225 && b > 225) return 'white';
  if (r < 70 && g < 70 && b < 70) return 'dark';
  if (r > 150 && g < 80 && b < 80) return 'red';
  if (b > 150 && r < 80 && g < 80) return 'blue';
  if (g > 130 && r < 80 && b < 80) return 'green';
  return 'other';
}

/** Where each check of the manifest looks, as fractions of the processed square. */
const SPOTS: Record<string, [number, number]> = {
  top: [0.5, 0.12],
  bottom: [0.5, 0.88],
  left: [0.12, 0.5],
  right: [0.88, 0.5],
  all: [0.5, 0.5],
};

/** A pixel of the processed image (as the model sees it) of `file`, from its canvas in the import preview. */
async function samplePixel(page: Page, file: string, [fx, fy]: [number, number]): Promise<Rgb> {
  return page.$eval(
    `[data-testid="image-sample"][data-file="photos/${file}"] canvas`,
    (el, [x, y]) => {
      const canvas = el as HTMLCanvasElement;
      const px = canvas.getContext('2d')!.getImageData(Math.floor(x * canvas.width), Math.floor(y * canvas.height), 1, 1).data;
      return [px[0], px[1], px[2]] as [number, number, number];
    },
    [fx, fy] as [number, number],
  );
}

describe('photos as people have them', () => {
  it('every image of the corpus arrives, whatever its size, aspect or format; the damaged and the text file are listed', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?model=cnn&conv=8p&dense=16&epochs=2&view=data');
    await uploadZip(page, corpus.zip);
    const panelError = await page
      .getByTestId('data-upload-panel')
      .getByTestId('error-message')
      .textContent({ timeout: 500 })
      .catch(() => null);
    expect(panelError).toBeNull();
    await page.getByTestId('upload-images').waitFor();
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('images');

    // Per-class counts are in the lab's data card; the import summary stays in the Your data view.
    await showView(page, 'lab');
    const expected: Record<string, number> = {};
    for (const im of corpus.images) expected[im.className] = (expected[im.className] ?? 0) + 1;
    await page.waitForFunction((n) => document.querySelectorAll('.counts tbody tr:not(.total)').length === n, Object.keys(expected).length);
    expect(await classTotals(page)).toEqual(expected);

    await showView(page, 'data');
    const skipped = (await page.getByTestId('upload-skipped').textContent()) ?? '';
    for (const s of corpus.skipped) {
      expect(skipped).toContain(s.path);
      expect(skipped).toContain(s.reason);
    }

    // The summary: how many came in at which sizes, and how many were skipped for which reason.
    const card = (await page.getByTestId('upload-images').textContent()) ?? '';
    const sizes = new Set(corpus.images.map((im) => im.shown.join('×')));
    expect(card).toContain(`${corpus.images.length} images came in at ${sizes.size} sizes`);
    expect(card).toMatch(/1 camera-sized \(3,000 px or more\), e\.g\. 4000×3000/);
    expect(card).toMatch(/All were made 32×32 by centre crop/);
    expect(card).toMatch(/2 files skipped: 1 not a readable image .*, 1 not an image file \(\.txt\)/);

    // Each original size is previewed once, at the size it is shown (EXIF rotation applied: 120×180, not 180×120).
    const previewed = await page.$$eval('[data-testid="image-sample"]', (els) =>
      els.map((e) => [e.getAttribute('data-file'), e.getAttribute('data-source-size')] as [string | null, string | null]),
    );
    expect(new Map(previewed)).toEqual(
      new Map(corpus.images.slice(0, previewed.length).map((im) => [`photos/${im.path}`, im.shown.join('×')])),
    );

    // Orientation, transparency and the GIF's first frame, read back from the processed pixels.
    const marked = corpus.images.filter((im) => im.expect);
    expect(marked.map((im) => im.path)).toEqual(['cats/rotated_exif6.jpg', 'dogs/rotated_exif8.jpg', 'dogs/alpha.png', 'dogs/anim.gif']);
    for (const im of marked) {
      for (const [spot, colour] of Object.entries(im.expect!)) {
        expect(colourName(await samplePixel(page, im.path, SPOTS[spot])), `${im.path} ${spot}`).toBe(colour);
      }
    }
    expect(errors).toEqual([]);
  });

  it('pad keeps the whole photo between white bars; the choice applies to the loaded files and survives a reload', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?epochs=1&view=data');
    await uploadZip(page, corpus.zip);
    await page.getByTestId('image-samples').waitFor();
    expect(await page.getByTestId('image-samples').getAttribute('data-fit')).toBe('crop');
    const camera = 'cats/DSC_0042.JPG';
    // Cropped, the 4:3 photo fills the square: its top edge is photo, not background.
    expect(colourName(await samplePixel(page, camera, [0.5, 0.02]))).not.toBe('white');

    await page.getByTestId('image-fit').selectOption('pad');
    const before = Number(await page.getByTestId('data-upload-panel').getAttribute('data-finished'));
    await page.getByTestId('image-reapply').click();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="data-upload-panel"]')?.getAttribute('data-finished')) > n,
      before,
      { timeout: 120_000 },
    );
    await page.waitForFunction(() => document.querySelector('[data-testid="image-samples"]')?.getAttribute('data-fit') === 'pad');
    expect(await page.getByTestId('upload-images').textContent()).toMatch(/All were made 32×32 by padding with white bars/);
    // 4000×3000 padded into 32: 24 rows of photo between 4-row white bars at top and bottom.
    expect(colourName(await samplePixel(page, camera, [0.5, 0.02]))).toBe('white');
    expect(colourName(await samplePixel(page, camera, [0.5, 0.5]))).not.toBe('white');
    // The upright 120×180 JPEG: white bars left and right, red above blue between them.
    const rotated = 'cats/rotated_exif6.jpg';
    expect(colourName(await samplePixel(page, rotated, [0.02, 0.5]))).toBe('white');
    expect(colourName(await samplePixel(page, rotated, [0.5, 0.1]))).toBe('red');
    expect(colourName(await samplePixel(page, rotated, [0.5, 0.9]))).toBe('blue');
    expect(await page.getByTestId('image-reapply').count()).toBe(0);

    // A reload restores the set and its preview from IndexedDB.
    await page.reload();
    await page.getByTestId('image-samples').waitFor();
    expect(await page.getByTestId('image-samples').getAttribute('data-fit')).toBe('pad');
    expect(colourName(await samplePixel(page, rotated, [0.02, 0.5]))).toBe('white');
    expect(errors).toEqual([]);
  });
});
