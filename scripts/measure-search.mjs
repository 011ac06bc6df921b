// What a hyperparameter search finds on a shipped dataset, against the default settings: one JSON line for
// the default run and one for the best trial applied and retrained, each with validation and test accuracy.
// Usage: npm run build && node scripts/measure-search.mjs [method] [budget]
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/chromium.mjs';
import { preview } from 'vite';

const method = process.argv[2] ?? 'bayes';
const budget = process.argv[3] ?? '10';
const base = process.env.BASE ?? 'data=digits&hidden=64&epochs=10&seed=1';
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});
const ended = (testid) =>
  `['done','stopped','error'].includes(document.querySelector('[data-testid="${testid}"]')?.getAttribute('data-state') ?? '')`;

async function trainAndExport(page) {
  await page.getByTestId('train-start').click();
  await page.waitForFunction(ended('run-status'), undefined, { timeout: 600_000, polling: 500 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics').click()]);
  const m = JSON.parse(await readFile(await download.path(), 'utf8'));
  return {
    best_val_acc: Math.max(...m.history.map((r) => r.val_acc)),
    test_accuracy: m.test.accuracy,
    settings_url: new URL(page.url()).search,
  };
}

try {
  const page = await browser.newPage();
  await page.goto(`${server.resolvedUrls.local[0]}?${base}`);
  console.log(JSON.stringify({ figure: 'search_baseline', ...(await trainAndExport(page)) }));
  for (const p of ['lr', 'batchSize', 'dropoutRate']) {
    const box = page.getByTestId(`search-param-${p}`);
    if (!(await box.isChecked())) await box.check();
  }
  await page.getByTestId('search-method').selectOption(method);
  await page.getByTestId('search-budget').fill(budget);
  const t0 = Date.now();
  await page.getByTestId('search-run').click();
  await page.waitForFunction(`document.querySelector('[data-testid="experiment-status"]')?.getAttribute('data-state') === 'training'`);
  await page.waitForFunction(ended('experiment-status'), undefined, { timeout: 3_600_000, polling: 1000 });
  const trials = await page.locator('[data-testid="search-table"] tbody tr').count();
  const bestScore = Number(await page.locator('[data-testid="search-table"] tbody tr.best').getAttribute('data-score'));
  await page.getByTestId('search-apply-best').click();
  const applied = await trainAndExport(page);
  console.log(
    JSON.stringify({
      figure: 'search_best',
      method,
      trials,
      search_seconds: (Date.now() - t0) / 1000,
      best_trial_val_score: bestScore,
      ...applied,
    }),
  );
} finally {
  await browser.close();
  await server.close();
}
