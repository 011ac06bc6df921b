import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, showView, trainToEnd, useBrowser } from './browser';

// Run history and A/B comparison: two tiny runs are kept (across a reload) and compared.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

const rowCount = (page: Page) => page.locator('[data-testid="run-history"] tbody tr[data-run-id]').count();

async function waitForRows(page: Page, n: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="run-history"] tbody tr[data-run-id]').length === n, n, {
    timeout: 30_000,
  });
}

describe('run history and compare', () => {
  it('keeps finished runs across a reload and compares two of them', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=quick&epochs=3&seed=1&view=history');
    await page.waitForSelector('[data-testid="run-history"][data-loaded="true"]');
    expect(await rowCount(page)).toBe(0);

    expect(await trainToEnd(page)).toBe('done');
    await waitForRows(page, 1);

    // Second run from a link with another seed, in the same browser profile.
    await page.goto(`${baseUrl}?preset=quick&epochs=3&seed=2&view=history`);
    await page.getByTestId('train-start').waitFor();
    await waitForRows(page, 1); // loaded from IndexedDB
    expect(await trainToEnd(page)).toBe('done');
    await waitForRows(page, 2);

    await page.reload();
    await page.getByTestId('train-start').waitFor();
    await waitForRows(page, 2);
    const rows = page.locator('[data-testid="run-history"] tbody tr[data-run-id]');
    // Newest first; each row names its dataset, epochs and backend, and has a test accuracy.
    expect(await rows.nth(0).getByTestId('run-name').textContent()).toContain('seed 2');
    expect(await rows.nth(1).getByTestId('run-name').textContent()).toContain('seed 1');
    for (let i = 0; i < 2; i++) {
      expect(await rows.nth(i).getByTestId('run-dataset').textContent()).toBe('spiral');
      expect(await rows.nth(i).getByTestId('run-epochs').textContent()).toBe('3');
      const score = Number(await rows.nth(i).getByTestId('run-score').getAttribute('data-value'));
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    await expect.poll(() => page.getByTestId('compare-view').count()).toBe(0);

    // Pick seed 1 first (the baseline A), then seed 2.
    await rows.nth(1).getByTestId('run-select').check();
    expect(await page.getByTestId('compare-view').count()).toBe(0);
    await rows.nth(0).getByTestId('run-select').check();
    const compare = page.getByTestId('compare-view');
    await compare.waitFor();
    expect(await compare.getAttribute('data-runs')).toBe('2');
    // Train and validation lines per run on the loss chart.
    await expect.poll(() => compare.locator('[data-testid="compare-chart-loss"] path.recharts-curve').count()).toBe(4);
    // Only the seed differs.
    const diffRows = compare.locator('[data-testid="settings-diff"] tbody tr');
    expect(await diffRows.count()).toBe(1);
    expect(await diffRows.first().getAttribute('data-setting')).toBe('seed');
    expect(await diffRows.first().locator('td').allTextContents()).toEqual(['1', '2']);
    // Test accuracy side by side, with B's difference from A.
    const acc = compare.locator('[data-testid="compare-metrics"] tr[data-metric="accuracy"]');
    expect(await acc.getByTestId('metric-delta').count()).toBe(1);

    // Rename is plain text (no markup), and survives a reload; loading a run's settings sets the seed.
    await rows.nth(1).getByTestId('run-rename').click();
    await rows.nth(1).getByTestId('run-name-input').fill('<b>baseline</b>');
    await rows.nth(1).getByTestId('run-name-input').press('Enter');
    expect(await rows.nth(1).getByTestId('run-name').textContent()).toBe('<b>baseline</b>');
    // Loading a run's settings takes the user to the lab, where they train.
    await rows.nth(1).getByTestId('run-open').click();
    await page.getByTestId('view-lab-panel').waitFor();
    await expect.poll(() => page.evaluate(() => window.location.search)).toBe('?epochs=3');
    await page.reload();
    await page.getByTestId('train-start').waitFor();
    await showView(page, 'history');
    await waitForRows(page, 2);
    expect(await page.locator('[data-testid="run-history"] tbody tr[data-run-id]').nth(1).getByTestId('run-name').textContent()).toBe(
      '<b>baseline</b>',
    );

    // A broken file is refused with a message; nothing is imported.
    await page
      .getByTestId('history-import')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"kind":') });
    await expect.poll(() => page.getByTestId('history-message').getAttribute('data-kind')).toBe('error');
    expect(await page.getByTestId('history-message').textContent()).toMatch(/not valid JSON/);
    expect(await rowCount(page)).toBe(2);

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
