// Trains every built-in preset in headless Debian chromium (WebGL via SwiftShader here) against the built
// app and prints one JSON line per preset: test accuracy, wall seconds, training samples/s, backend, and
// the epoch of the lowest validation loss. Usage: npm run build && node scripts/measure-presets.mjs [ids…]
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { trainPresetInApp } from './lib/app-run.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/chromium.mjs';
import { preview } from 'vite';

const ids = process.argv.slice(2);
const all = ['quick', 'overfit-mlp', 'overfit-mlp-dropout', 'overfit-mlp-l2', 'overfit-cnn', 'overfit-cnn-augment', 'cifar-cnn'];
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});
try {
  for (const id of ids.length ? ids : all) {
    const { page, seconds } = await trainPresetInApp(browser, base, id);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics').click()]);
    const m = JSON.parse(await readFile(await download.path(), 'utf8'));
    const trainCount = Number(await page.getByTestId('split-train').textContent());
    const trainMs = m.history.reduce((s, r) => s + r.ms, 0);
    const best = m.history.reduce((b, r) => (r.val_loss < b.val_loss ? r : b), m.history[0]);
    const last = m.history.at(-1);
    console.log(
      JSON.stringify({
        preset: id,
        status: m.status,
        backend: m.backend,
        test_accuracy: m.test?.accuracy,
        seconds,
        epochs: m.history.length,
        train_samples: trainCount,
        samples_per_s: Math.round((trainCount * m.history.length) / (trainMs / 1000)),
        best_val_epoch: best.epoch,
        best_val_loss: best.val_loss,
        last_loss: last.loss,
        last_val_loss: last.val_loss,
        last_acc: last.acc,
        last_val_acc: last.val_acc,
      }),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
