import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, openExportMenu, readConfusionMatrix, trainToEnd, useBrowser } from './browser';

// The whole path a student takes: preset link → Train → live curves → held-out test → share → reproduce.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

async function exportMetrics(page: Page): Promise<any> {
  await openExportMenu(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics').click()]);
  return JSON.parse(await readFile((await download.path())!, 'utf8'));
}

async function settingValues(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid^="setting-"]', (els) =>
    Object.fromEntries(
      els.map((e) => {
        const input = e as HTMLInputElement;
        return [e.getAttribute('data-testid')!, input.type === 'checkbox' ? String(input.checked) : input.value];
      }),
    ),
  );
}

describe('the lab, end to end on WebGL', () => {
  it('trains a preset with live curves, evaluates on the test split, and a copied link reproduces the run', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=quick&epochs=12&seed=7&backend=webgl');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });

    // Curves grow while training: record the epoch count the chart shows at several moments.
    await page.getByTestId('train-start').click();
    const seen = new Set<number>();
    while ((await page.getByTestId('run-status').getAttribute('data-state')) === 'training') {
      seen.add(Number(await page.getByTestId('learning-curves').getAttribute('data-epochs')));
      await page.waitForTimeout(150);
    }
    expect(await page.getByTestId('run-status').getAttribute('data-state')).toBe('done');
    expect([...seen].filter((n) => n > 0 && n < 12).length).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('backend').textContent()).toBe('webgl');
    // Both epoch charts drew their lines (recharts renders an SVG path per series).
    expect(await page.locator('[data-testid="chart-loss"] path.recharts-curve').count()).toBe(2);

    // Confusion matrix: counts sum to the test split, and the diagonal agrees with the shown accuracy.
    const cells = await readConfusionMatrix(page);
    const total = cells.reduce((s, c) => s + c.count, 0);
    const correct = cells.filter((c) => c.row === c.col).reduce((s, c) => s + c.count, 0);
    expect(total).toBe(Number(await page.getByTestId('split-test').textContent()));
    const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
    expect(accuracy).toBeCloseTo(correct / total, 12);
    expect(await page.getByTestId('test-accuracy').textContent()).toBe(`${((correct / total) * 100).toFixed(1)}%`);
    expect(accuracy).toBeGreaterThan(0.6);

    // Export: the documented JSON shape.
    const metrics = await exportMetrics(page);
    expect(metrics.backend).toBe('webgl');
    expect(metrics.settings.epochs).toBe(12);
    expect(metrics.settings.seed).toBe(7);
    expect(metrics.history).toHaveLength(12);
    for (const r of metrics.history) {
      for (const key of ['epoch', 'loss', 'acc', 'val_loss', 'val_acc', 'lr', 'ms']) expect(Number.isFinite(r[key]), key).toBe(true);
    }
    expect(metrics.test.accuracy).toBe(accuracy);
    expect(metrics.test.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(total);
    expect(metrics.test.classNames).toEqual(['class 0', 'class 1']);

    // Copy link, reopen it in a fresh page: same settings, and training reproduces the numbers exactly.
    await page.getByTestId('copy-link').click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('epochs=12');
    expect(link).toContain('seed=7');
    const before = await settingValues(page);
    const { page: again, errors: errorsAgain } = await openApp(browser(), '', link);
    expect(await settingValues(again)).toEqual(before);
    expect(await trainToEnd(again)).toBe('done');
    const metricsAgain = await exportMetrics(again);
    expect(metricsAgain.history.map((r: any) => [r.loss, r.acc, r.val_loss, r.val_acc])).toEqual(
      metrics.history.map((r: any) => [r.loss, r.acc, r.val_loss, r.val_acc]),
    );
    expect(metricsAgain.test.confusionMatrix).toEqual(metrics.test.confusionMatrix);
    expect(errors).toEqual([]);
    expect(errorsAgain).toEqual([]);
  });

  it('overfit-mlp: validation loss turns up while training loss falls, and dropout and L2 shrink the gap', async () => {
    const runs: Record<string, any> = {};
    for (const preset of ['overfit-mlp', 'overfit-mlp-dropout', 'overfit-mlp-l2']) {
      const { page } = await openApp(browser(), baseUrl, `?preset=${preset}`);
      expect(await trainToEnd(page)).toBe('done');
      runs[preset] = await exportMetrics(page);
      await page.close();
    }
    const h = runs['overfit-mlp'].history as { epoch: number; loss: number; val_loss: number }[];
    const best = h.reduce((b, r) => (r.val_loss < b.val_loss ? r : b));
    const last = h[h.length - 1];
    // The turn: the minimum comes early, and validation loss ends well above it while training loss keeps falling.
    expect(best.epoch).toBeLessThan(h.length / 2);
    expect(last.val_loss).toBeGreaterThan(1.3 * best.val_loss);
    expect(last.loss).toBeLessThan(h[best.epoch - 1].loss);
    const gap = (run: any) => {
      const r = run.history[run.history.length - 1];
      return r.val_loss - r.loss;
    };
    expect(gap(runs['overfit-mlp-dropout'])).toBeLessThan(0.6 * gap(runs['overfit-mlp']));
    expect(gap(runs['overfit-mlp-l2'])).toBeLessThan(0.6 * gap(runs['overfit-mlp']));
    // The cures also end with a lower validation loss, not just a higher training loss.
    expect(runs['overfit-mlp-dropout'].history.at(-1).val_loss).toBeLessThan(last.val_loss);
    expect(runs['overfit-mlp-l2'].history.at(-1).val_loss).toBeLessThan(last.val_loss);
  });
});
