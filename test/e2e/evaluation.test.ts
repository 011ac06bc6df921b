import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, readConfusionMatrix, showView, trainToEnd, useBrowser } from './browser';

// The evaluation suite after a real run: per-class report, ROC, the examples behind a confusion cell,
// saliency, robustness sweep, confusion timeline, subgroup gaps, decision boundary, regression views.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

/** Sum of a confusion matrix's column / row, from the cells the page shows. */
function scoresFromCells(cells: { row: number; col: number; count: number }[], k: number) {
  const tp = cells.find((c) => c.row === k && c.col === k)?.count ?? 0;
  const predicted = cells.filter((c) => c.col === k).reduce((s, c) => s + c.count, 0);
  const actual = cells.filter((c) => c.row === k).reduce((s, c) => s + c.count, 0);
  return { precision: predicted ? tp / predicted : 0, recall: actual ? tp / actual : 0, support: actual };
}

async function cellText(page: Page, cls: string, column: number): Promise<string> {
  return (await page.locator(`[data-testid="class-report"] tr[data-class="${cls}"] td`).nth(column).textContent()) ?? '';
}

describe('evaluation suite on a digits CNN', () => {
  it('walks report, ROC, cell gallery, saliency, robustness and the timeline after a real run', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=digits&model=cnn&conv=8p&dense=32&train=400&epochs=4&lr=0.01&seed=3');
    expect(await trainToEnd(page)).toBe('done');

    // Per-class report (in the Evaluate view) agrees with the confusion matrix the lab shows.
    const cells = await readConfusionMatrix(page);
    const testAccuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
    const valSize = Number(await page.getByTestId('split-val').textContent());
    await showView(page, 'evaluate');
    const report = page.getByTestId('class-report');
    await report.waitFor();
    expect(await report.locator('tbody tr[data-class]').count()).toBeGreaterThanOrEqual(10);
    for (const k of [0, 3, 8]) {
      const want = scoresFromCells(cells, k);
      expect(Number(await cellText(page, String(k), 0))).toBeCloseTo(want.precision, 3);
      expect(Number(await cellText(page, String(k), 1))).toBeCloseTo(want.recall, 3);
      expect(Number(await cellText(page, String(k), 3))).toBe(want.support);
    }
    const auc = Number(await page.getByTestId('roc-auc').getAttribute('data-value'));
    expect(auc).toBeGreaterThan(0.8);
    expect(auc).toBeLessThanOrEqual(1);
    expect(await page.locator('[data-testid="chart-roc"] path.recharts-curve').count()).toBeGreaterThan(0);

    // The off-diagonal cell with the most errors, clicked in the lab, opens the Evaluate view on a gallery of
    // exactly those test examples.
    const worst = cells.filter((c) => c.row !== c.col).sort((a, b) => b.count - a.count)[0];
    expect(worst.count).toBeGreaterThan(0);
    await showView(page, 'lab');
    // One explanation serves the matrix: it reads the cell under the pointer, then the one with focus.
    const worstCell = page.locator(`[data-testid="cm-cell"][data-row="${worst.row}"][data-col="${worst.col}"]`);
    await worstCell.hover();
    const tip = page.getByTestId('tooltip');
    await expect.poll(() => tip.textContent()).toMatch(new RegExp(`^${worst.count} .*mistaken for '[^']*${worst.col}'`));
    await page.mouse.move(0, 0);
    const diagonal = page.locator('[data-testid="cm-cell"][data-row="2"][data-col="2"] button');
    await diagonal.focus();
    await expect.poll(() => tip.textContent()).toMatch(/correctly classified as '[^']*2'/);
    expect(await diagonal.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    await diagonal.blur();
    await worstCell.click();
    await page.getByTestId('view-evaluate-panel').waitFor();
    expect(await page.getByTestId('view-evaluate').getAttribute('aria-current')).toBe('page');
    expect(new URL(page.url()).searchParams.get('view')).toBe('evaluate');
    const gallery = page.getByTestId('example-gallery').first();
    await gallery.waitFor();
    const items = gallery.getByTestId('gallery-item');
    expect(await items.count()).toBe(Math.min(worst.count, 60));
    for (const item of await items.all()) {
      expect(await item.getAttribute('data-true')).toBe(String(worst.row));
      expect(await item.getAttribute('data-pred')).toBe(String(worst.col));
    }

    // Clicking an example explains it: saliency and Grad-CAM for that very test example.
    const position = await items.first().getAttribute('data-position');
    await items.first().click();
    const saliency = page.getByTestId('saliency-view');
    await page.waitForFunction(
      (p) => {
        const el = document.querySelector('[data-testid="saliency-view"]');
        return el?.getAttribute('data-test-index') === p && el.getAttribute('aria-busy') !== 'true';
      },
      position,
      { timeout: 60_000 },
    );
    expect(await saliency.locator('canvas').count()).toBeGreaterThanOrEqual(2);

    // Robustness: the rotation sweep starts at the unperturbed accuracy and loses accuracy by 45°.
    await page.getByTestId('tab-robustness').click();
    await page.getByTestId('robustness-kind').selectOption('rotation');
    await page.getByTestId('robustness-run').click();
    const curve = page.locator('[data-testid="robustness-chart"] [data-kind="rotation"]');
    await curve.waitFor({ timeout: 120_000 });
    const accuracies = JSON.parse((await curve.getAttribute('data-points')) ?? '[]') as number[];
    expect(accuracies.length).toBeGreaterThan(3);
    expect(accuracies[0]).toBeCloseTo(testAccuracy, 12);
    expect(accuracies[accuracies.length - 1]).toBeLessThan(testAccuracy);

    // Timeline: one validation matrix per epoch; epoch 1's matrix holds the whole validation split.
    await page.getByTestId('tab-timeline').click();
    const slider = page.getByTestId('cm-timeline');
    // The slider steps over the 4 epochs' frames (positions 0 … 3) and shows the newest first.
    expect(await slider.getAttribute('max')).toBe('3');
    expect(await slider.getAttribute('data-epoch')).toBe('4');
    await slider.fill('0');
    expect(await slider.getAttribute('data-epoch')).toBe('1');
    const valCounts = await page.$$eval('[data-testid="cmt-cell"]', (els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(valCounts.reduce((a, b) => a + b, 0)).toBe(valSize);

    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('subgroups, decision boundary, imbalance and regression', () => {
  it('shows subgroup gaps on the RGB shapes', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=shapes&n=600&hidden=32&epochs=3&lr=0.003&seed=2');
    expect(await trainToEnd(page)).toBe('done');
    await showView(page, 'evaluate');
    await page.getByTestId('tab-robustness').click();
    const table = page.getByTestId('subgroup-table');
    await table.waitFor();
    // One section per attribute the shapes carry, and the widest accuracy gap flagged.
    const gap = table.getByTestId('subgroup-gap');
    expect(['colour', 'size', 'position']).toContain(await gap.getAttribute('data-attribute'));
    expect(Number(await gap.getAttribute('data-gap'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  // On WebGL here (SwiftShader): WASM trains these 15 epochs in about a second, too fast to watch redraws.
  it('redraws the decision boundary of a 2-D run while it trains', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=quick&epochs=15&seed=4&backend=webgl');
    await page.getByTestId('train-start').click();
    const epochs = new Set<string>();
    while ((await page.getByTestId('run-status').getAttribute('data-state')) === 'training') {
      const e = await page
        .getByTestId('decision-boundary')
        .getAttribute('data-epoch')
        .catch(() => null);
      if (e) epochs.add(e);
      await page.waitForTimeout(150);
    }
    expect(await page.getByTestId('run-status').getAttribute('data-state')).toBe('done');
    expect(epochs.size).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('decision-boundary').getAttribute('data-epoch')).toBe('15');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an imbalanced dataset keeps accuracy high while the minority class is recalled worse', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=gaussian&noise=0.6&n=2000&minority=0.05&epochs=8&seed=5');
    expect(await trainToEnd(page)).toBe('done');
    const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
    await showView(page, 'evaluate');
    const support1 = Number(await cellText(page, 'class 1', 3));
    const support0 = Number(await cellText(page, 'class 0', 3));
    expect(support1 / (support0 + support1)).toBeLessThan(0.1);
    const recall1 = Number(await cellText(page, 'class 1', 1));
    expect(accuracy).toBeGreaterThan(0.85);
    expect(recall1).toBeLessThan(accuracy);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('trains a regression on the plane and shows its metrics and plots', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=plane&noise=0.1&epochs=10&seed=6');
    expect(await trainToEnd(page)).toBe('done');
    const r2 = Number(await page.getByTestId('test-r2').getAttribute('data-value'));
    expect(r2).toBeGreaterThan(0.8);
    await page.getByTestId('regression-scatter').waitFor();
    await page.getByTestId('residual-plot').waitFor();
    expect(await page.getByTestId('confusion-matrix').count()).toBe(0);
    // A 2-D regression has no class regions to draw.
    expect(await page.getByTestId('decision-boundary').count()).toBe(0);
    // A 1-D regression also shows its fitted curve over the input.
    await page.goto(`${baseUrl}?data=sine&noise=0.1&epochs=3&seed=6`);
    expect(await trainToEnd(page)).toBe('done');
    await page.getByTestId('regression-fit').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
