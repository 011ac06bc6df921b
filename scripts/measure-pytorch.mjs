// For each preset: trains it in headless Debian chromium against the built app, exports it with the
// export-pytorch button, then runs the export's train.py with Debian's PyTorch: --evaluate (the browser's
// weights) and a full retrain (the run's epochs, CPU). Prints one JSON line per preset: browser, --evaluate
// and retrain test accuracy with their wall seconds, and the export's size.
// Usage: npx vite build --outDir dist && node scripts/measure-pytorch.mjs [preset ids…]
// RETRAIN_SEEDS=2,3 adds retrains with those seeds (the spread a retrain's accuracy has from seed to seed).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { trainPresetInApp } from './lib/app-run.mjs';
import { preview } from 'vite';

const exec = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['quick', 'overfit-mlp-dropout', 'overfit-cnn-augment'];
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
});

/** Runs train.py in `dir`; returns its last JSON line and the wall seconds. */
async function trainPy(dir, args) {
  const t0 = Date.now();
  const { stdout } = await exec(PYTHON, ['train.py', ...args], { cwd: dir, maxBuffer: 64 * 2 ** 20 });
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  return { line: lines.at(-1), epochs: lines.filter((l) => 'epoch' in l).length, seconds: (Date.now() - t0) / 1000 };
}

try {
  for (const id of ids) {
    const { page, seconds: browserSeconds } = await trainPresetInApp(browser, base, id);
    const menu = page.getByTestId('export-menu');
    if (!(await menu.evaluate((el) => el.open))) await menu.locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByTestId('export-pytorch').click()]);
    const dir = await mkdtemp(join(tmpdir(), `fitlab-measure-${id}-`));
    const zip = join(dir, 'export.zip');
    await download.saveAs(zip);
    const bytes = (await stat(zip)).size;
    await exec(PYTHON, ['-m', 'zipfile', '-e', zip, dir]);
    const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8'));
    const evaluate = await trainPy(dir, ['--evaluate']);
    const retrain = await trainPy(dir, ['--device', 'cpu']);
    const seeds = (process.env.RETRAIN_SEEDS ?? '').split(',').filter(Boolean);
    const others = [];
    for (const seed of seeds) others.push({ seed: Number(seed), ...(await trainPy(dir, ['--device', 'cpu', '--seed', seed])).line });
    console.log(
      JSON.stringify({
        preset: id,
        backend: run.backend,
        status: run.status,
        export_mb: Number((bytes / 2 ** 20).toFixed(2)),
        browser: { test_accuracy: run.test?.accuracy, test_loss: run.test?.loss, epochs: run.history.length, seconds: browserSeconds },
        evaluate: { ...evaluate.line, seconds: evaluate.seconds },
        retrain: { ...retrain.line, epochs: retrain.epochs, seconds: retrain.seconds },
        ...(others.length ? { other_seeds: others } : {}),
      }),
    );
    await rm(dir, { recursive: true, force: true });
    await page.close();
  }
} finally {
  await browser.close();
  server.httpServer.close();
}
