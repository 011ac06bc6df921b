// Figures for the evaluation suite, measured in headless Debian chromium against the built app; one JSON
// line each. (1) Imbalance: accuracy vs macro-F1 and minority recall at a 5 % minority share, with and
// without balanced class weights. (2) Robustness: test accuracy under a 30° rotation for the same CNN
// trained without and with rotation augmentation.
// Usage: npm run build && node scripts/measure-evaluation.mjs
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/chromium.mjs';
import { preview } from 'vite';

const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});

async function train(query) {
  const page = await browser.newPage();
  await page.goto(`${base}?${query}`);
  await page.getByTestId('train-start').click();
  await page.waitForFunction(
    () => ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
    undefined,
    { timeout: 1_800_000, polling: 500 },
  );
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics').click()]);
  const metrics = JSON.parse(await readFile(await download.path(), 'utf8'));
  return { page, metrics };
}

async function rotationSweep(page) {
  await page.getByTestId('tab-robustness').click();
  await page.getByTestId('robustness-kind').selectOption('rotation');
  await page.getByTestId('robustness-run').click();
  const curve = page.locator('[data-testid="robustness-chart"] [data-kind="rotation"]');
  await curve.waitFor({ timeout: 600_000 });
  return JSON.parse(await curve.getAttribute('data-points'));
}

try {
  const imbalanced = 'data=gaussian&noise=0.6&n=4000&minority=0.05&epochs=20&seed=5';
  for (const cw of [0, 1]) {
    const { page, metrics } = await train(`${imbalanced}&cw=${cw}`);
    const r = metrics.test.report;
    console.log(
      JSON.stringify({
        figure: 'imbalance',
        query: `${imbalanced}&cw=${cw}`,
        accuracy: metrics.test.accuracy,
        macro_f1: r.macro.f1,
        minority_recall: r.perClass[1].recall,
        majority_recall: r.perClass[0].recall,
        minority_support: r.perClass[1].support,
      }),
    );
    await page.close();
  }
  // Strengths of the rotation sweep, in order: 0, 5, 10, 15, 20, 30, 45 degrees.
  const cnn = 'data=digits&model=cnn&conv=16p&dense=64&epochs=15&lr=0.005&seed=3';
  for (const aug of ['', '&rot=1&rotDeg=30']) {
    const { page, metrics } = await train(`${cnn}${aug}`);
    const sweep = await rotationSweep(page);
    console.log(
      JSON.stringify({
        figure: 'rotation_robustness',
        query: `${cnn}${aug}`,
        test_accuracy: metrics.test.accuracy,
        accuracy_at_30deg: sweep[5],
        drop_at_30deg: metrics.test.accuracy - sweep[5],
        sweep_0_5_10_15_20_30_45: sweep,
      }),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
