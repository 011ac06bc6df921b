import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, openExportMenu, showView, trainToEnd, useBrowser } from './browser';

// Cross-validation and search end to end: real trainings in the worker, on the training pool only.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

async function waitExperimentEnd(page: Page, timeout = 240_000): Promise<string> {
  await page.waitForFunction(() => document.querySelector('[data-testid="experiment-status"]')?.getAttribute('data-state') === 'training');
  await page.waitForFunction(
    () =>
      ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="experiment-status"]')?.getAttribute('data-state') ?? ''),
    undefined,
    { timeout, polling: 250 },
  );
  return (await page.getByTestId('experiment-status').getAttribute('data-state')) ?? '';
}

describe('experiments', () => {
  it('runs a 3-fold cross-validation with per-fold rows and mean ± std, the test split untouched', async () => {
    // A deep link straight into the Experiments view.
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=quick&epochs=3&seed=3&view=experiments');
    await page.getByTestId('view-experiments-panel').waitFor();
    await page.getByTestId('cv-k').selectOption('3');
    await page.getByTestId('cv-run').click();
    // The trainer runs one job at a time.
    await expect.poll(() => page.getByTestId('train-start').isDisabled()).toBe(true);
    expect(await waitExperimentEnd(page)).toBe('done');
    const table = page.getByTestId('cv-table');
    expect(await table.getAttribute('data-folds')).toBe('3');
    // The three validation folds together are the training pool: train + validation splits, not test.
    const sizes = await table.locator('tbody tr td:first-of-type').allTextContents();
    const valTotal = sizes.map((t) => Number(t.split('/')[1])).reduce((a, b) => a + b, 0);
    expect(await page.locator('[data-testid="cv-curves"] path.recharts-curve').count()).toBe(3);
    const mean = table.locator('tfoot td[data-metric="valAcc"]');
    expect(Number(await mean.getAttribute('data-mean'))).toBeGreaterThan(0.4);
    expect(Number(await mean.getAttribute('data-std'))).toBeGreaterThanOrEqual(0);
    // The split sizes are in the lab's data card.
    await showView(page, 'lab');
    const pool = Number(await page.getByTestId('split-train').textContent()) + Number(await page.getByTestId('split-val').textContent());
    expect(valTotal).toBe(pool);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs a random search, survives a reload, resumes, and applies the best trial', async () => {
    // On WebGL (SwiftShader here): on WASM the three trials finish before Stop can be pressed.
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=quick&epochs=2&seed=5&lnoise=0.2&backend=webgl');
    await showView(page, 'experiments');
    await page.getByTestId('search-budget').fill('3');
    await page.getByTestId('search-run').click();
    // Stop after the first trial, then reload: the finished trial is still there and the search resumes.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="search-table"] tbody tr').length >= 1, undefined, {
      timeout: 120_000,
    });
    await page.getByTestId('search-stop').click();
    expect(await waitExperimentEnd(page).catch(() => page.getByTestId('experiment-status').getAttribute('data-state'))).toBe('stopped');
    const before = Number(await page.getByTestId('search-table').getAttribute('data-trials'));
    expect(before).toBeGreaterThanOrEqual(1);
    // The view is in the URL, so the reload comes back to it.
    await page.reload();
    await page.getByTestId('search-table').waitFor();
    expect(Number(await page.getByTestId('search-table').getAttribute('data-trials'))).toBe(before);
    await page.getByTestId('search-resume').click();
    expect(await waitExperimentEnd(page)).toBe('done');
    const rows = page.locator('[data-testid="search-table"] tbody tr');
    expect(await rows.count()).toBe(3);
    // Trials are numbered 1…3 exactly once: resuming continued, it did not start over.
    expect((await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-trial'))))).sort()).toEqual([1, 2, 3]);
    // The best row is highlighted and Apply best puts its learning rate into the lab's settings.
    const best = page.locator('[data-testid="search-table"] tbody tr.best');
    const bestScore = Number(await best.getAttribute('data-score'));
    const scores = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score'))));
    expect(bestScore).toBe(Math.max(...scores.filter(Number.isFinite)));
    const bestLr = Number(await best.locator('td').first().textContent());
    await page.getByTestId('search-apply-best').click();
    expect(Number(await page.getByTestId('setting-lr').inputValue())).toBeCloseTo(bestLr, 2);
    // Training the applied settings reproduces the trial: the same data, noisy labels, seeds and backend.
    expect(await trainToEnd(page)).toBe('done');
    await openExportMenu(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics').click()]);
    const metrics = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(Math.max(...metrics.history.map((r: { val_acc: number }) => r.val_acc))).toBe(bestScore);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
