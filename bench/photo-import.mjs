// Figure `photo_import`: how fast the app imports camera-sized photos. PHOTO_COUNT (default 1,000) JPEGs of
// 3000×2000 in two class folders go through the app's real folder input (import worker: decode upright,
// crop, shrink, box average to 32×32×3, assemble); the time runs from choosing the folder to the dataset
// being ready. The reference, in the same browser on the same files, is the floor of that work: the
// browser's own decode of each file (createImageBitmap, EXIF orientation applied, then close) in a page,
// one after another. ratio = Fitlab's images/s ÷ the bare decode's.
//
// The photos: PHOTO_DISTINCT (8) different ImageMagick plasma-plus-noise JPEGs at quality 90 (about 2 MB
// each, like a 6-megapixel camera's), hard-linked under as many names as needed, so the corpus costs 8
// files of disk however many photos are timed. Every file is still read and decoded separately.
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WIDTH = 3000;
const HEIGHT = 2000;

function makePhotos(count, distinct) {
  const dir = mkdtempSync(join(tmpdir(), 'fitlab-photo-bench-'));
  const root = join(dir, 'camera');
  const classes = ['beach', 'forest'];
  for (const c of classes) mkdirSync(join(root, c), { recursive: true });
  const originals = [];
  for (let k = 0; k < distinct; k++) {
    const file = join(dir, `original-${k}.jpg`);
    const colours = k % 2 ? 'khaki-steelblue' : 'olivedrab-sienna';
    execFileSync(process.env.CONVERT_PATH ?? '/usr/bin/convert', [
      '-size',
      `${WIDTH}x${HEIGHT}`,
      '-seed',
      String(k + 1),
      `plasma:${colours}`,
      '-attenuate',
      '0.4',
      '+noise',
      'Gaussian',
      '-sampling-factor',
      '2x2',
      '-quality',
      '90',
      file,
    ]);
    originals.push(file);
  }
  for (let i = 0; i < count; i++) linkSync(originals[i % distinct], join(root, classes[i % 2], `IMG_${String(i).padStart(4, '0')}.jpg`));
  const bytes = Array.from({ length: count }, (_, i) => statSync(originals[i % distinct]).size).reduce((a, b) => a + b, 0);
  return { dir, root, bytes };
}

/** Chooses `root` in the app's folder input and waits for the import to end; milliseconds and the outcome. */
async function importInApp(browser, base, root, note) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  // The uploads live in the "Your data" view.
  await page.goto(`${base}?view=data`);
  await page.getByTestId('train-start').waitFor();
  await page.waitForTimeout(500);
  const t0 = Date.now();
  await page.getByTestId('data-upload-folder').setInputFiles(root);
  const done = page.waitForFunction(
    () => Number(document.querySelector('[data-testid="data-upload-panel"]')?.getAttribute('data-finished')) > 0,
    undefined,
    { timeout: 3_600_000, polling: 100 },
  );
  // A note every 30 s with the progress bar's count, so a slow machine is visibly working.
  const ticker = setInterval(async () => {
    const at = await page
      .getByTestId('upload-progress')
      .getAttribute('data-done', { timeout: 1000 })
      .catch(() => '?');
    note(`photo_import: ${at} images decoded after ${Math.round((Date.now() - t0) / 1000)} s`);
  }, 30_000);
  await done.finally(() => clearInterval(ticker));
  const ms = Date.now() - t0;
  const error = await page
    .locator('[data-testid="data-upload-panel"] [data-testid="error-message"]')
    .textContent({ timeout: 200 })
    .catch(() => null);
  const card = error ? '' : ((await page.getByTestId('upload-images').textContent()) ?? '');
  await context.close();
  return { ms, error, card };
}

/** The reference: the browser's decode of every file, one after another, on a page of the same server. */
async function bareDecode(browser, base, root) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-files';
    input.webkitdirectory = true;
    document.body.append(input);
  });
  await page.locator('#bench-files').setInputFiles(root);
  const result = await page.evaluate(async () => {
    const files = [...document.querySelector('#bench-files').files];
    const t0 = performance.now();
    let pixels = 0;
    for (const f of files) {
      const bmp = await createImageBitmap(f, { imageOrientation: 'from-image' });
      pixels += bmp.width * bmp.height;
      bmp.close();
    }
    return { ms: performance.now() - t0, count: files.length, pixels };
  });
  await context.close();
  return result;
}

export async function photoImport({ browser, base, emit, note, round }) {
  const count = Number(process.env.PHOTO_COUNT ?? 1000);
  const distinct = Number(process.env.PHOTO_DISTINCT ?? 8);
  note(`photo_import: writing ${distinct} distinct ${WIDTH}×${HEIGHT} JPEGs, linked as ${count} files`);
  const { dir, root, bytes } = makePhotos(count, distinct);
  try {
    const app = await importInApp(browser, base, root, note);
    if (app.error) throw new Error(`photo_import: the app refused the photos: ${app.error}`);
    const imported = Number(/([\d,]+) images in 2 classes/.exec(app.card)?.[1].replace(/,/g, '') ?? NaN);
    const ref = await bareDecode(browser, base, root);
    const fitlabRate = (imported * 1000) / app.ms;
    const refRate = (ref.count * 1000) / ref.ms;
    note(
      `photo_import: app ${imported} images in ${(app.ms / 1000).toFixed(1)} s; bare decode ${ref.count} in ${(ref.ms / 1000).toFixed(1)} s`,
    );
    emit({
      figure: 'photo_import',
      ratio: round(fitlabRate / refRate),
      ratio_is: "the app's import images/s ÷ the browser's bare decode images/s (createImageBitmap + close, same files)",
      fitlab_images_per_s: round(fitlabRate, 2),
      reference_images_per_s: round(refRate, 2),
      images: imported,
      photo_size: `${WIDTH}×${HEIGHT}`,
      megabytes: round(bytes / 2 ** 20, 1),
      fitlab_ms: app.ms,
      reference_ms: round(ref.ms, 0),
      target_size: '32×32×3, centre crop',
      counted:
        'app: folder chosen in the real input → dataset ready (read, decode, fit, assemble, store); reference: decode only, page main thread',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
