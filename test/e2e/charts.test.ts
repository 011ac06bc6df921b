import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { showView, trainToEnd, useBrowser } from './browser';

// Chart polish, checked on what the browser draws: in every view, no chart's text (tick labels, axis titles,
// marker labels, legend entries) overlaps another text or an axis line. Real runs make every chart appear.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

/**
 * Overlaps among the drawn charts now on the page, one line each ("chart-roc: '0.25' × 'True positive rate'").
 * Boxes are shrunk by a pixel first, so text that merely touches does not count.
 */
function chartOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Box = { label: string; r: DOMRect };
    const shrink = (r: DOMRect) => new DOMRect(r.x + 1, r.y + 1, Math.max(0, r.width - 2), Math.max(0, r.height - 2));
    const meets = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const out: string[] = [];
    for (const wrapper of document.querySelectorAll('.recharts-wrapper')) {
      if (!visible(wrapper)) continue;
      const chart = wrapper.closest('[data-testid]')?.getAttribute('data-testid') ?? 'chart';
      const texts: Box[] = [...wrapper.querySelectorAll('svg text, .recharts-legend-item')]
        .filter((el) => visible(el) && (el.textContent ?? '').trim())
        .map((el) => ({ label: (el.textContent ?? '').trim().slice(0, 30), r: shrink(el.getBoundingClientRect()) }));
      const axes = [...wrapper.querySelectorAll('.recharts-cartesian-axis-line')].filter(visible).map((el) => el.getBoundingClientRect());
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++)
          if (meets(texts[i].r, texts[j].r)) out.push(`${chart}: '${texts[i].label}' × '${texts[j].label}'`);
        if (axes.some((a) => meets(texts[i].r, a))) out.push(`${chart}: '${texts[i].label}' × an axis line`);
      }
    }
    return out;
  });
}

/** Charts drawn on the page now, by their test id (to show the walk really met them). */
const chartsOnPage = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.recharts-wrapper')].map((w) => w.closest('[data-testid]')?.getAttribute('data-testid') ?? '?'),
  );

async function open(query: string): Promise<Page> {
  const page = await browser().newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${baseUrl}${query}`);
  await page.getByTestId('train-start').waitFor();
  return page;
}

describe('no chart text overlaps another text or an axis', () => {
  it('learning curves with every marker, ROC, PR, robustness, the timeline, per-batch loss and learning rate', async () => {
    // Early stopping with restore, a step schedule and an overfitting turn: every marker the curves draw.
    const page = await open('?preset=overfit-mlp&sched=step&lrEvery=8&lrFactor=0.5&es=1&esPat=12&esBest=1');
    expect(await trainToEnd(page)).toBe('done');
    const problems = await chartOverlaps(page);
    expect(await chartsOnPage(page)).toEqual(expect.arrayContaining(['chart-loss', 'chart-acc']));

    await showView(page, 'evaluate');
    await page.getByTestId('class-report').waitFor();
    problems.push(...(await chartOverlaps(page)));
    expect(await chartsOnPage(page)).toEqual(expect.arrayContaining(['chart-roc', 'chart-pr', 'chart-batch-loss', 'chart-lr']));

    await page.getByTestId('tab-robustness').click();
    await page.getByTestId('robustness-kind').selectOption('noise');
    await page.getByTestId('robustness-run').click();
    await page.locator('[data-testid="robustness-chart"] [data-kind="noise"]').waitFor({ timeout: 120_000 });
    problems.push(...(await chartOverlaps(page)));

    await page.getByTestId('tab-efficiency').click();
    await page.getByTestId('efficiency-run').click();
    await page.getByTestId('pruning-chart').waitFor({ timeout: 120_000 });
    problems.push(...(await chartOverlaps(page)));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('regression plots, train-both, cross-validation, search and the compare view', async () => {
    const page = await open('?data=plane&noise=0.1&epochs=4&seed=6');
    expect(await trainToEnd(page)).toBe('done');
    await page.getByTestId('regression-scatter').waitFor();
    const problems = await chartOverlaps(page);

    await page.goto(`${baseUrl}?preset=quick&epochs=3&seed=2`);
    await page.getByTestId('train-both').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="train-both-panel"]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 120_000, polling: 250 },
    );
    problems.push(...(await chartOverlaps(page)));
    expect(await chartsOnPage(page)).toEqual(expect.arrayContaining(['train-both-chart']));

    await showView(page, 'experiments');
    await page.getByTestId('cv-k').selectOption('2');
    await page.getByTestId('cv-run').click();
    await page.locator('[data-testid="cv-curves"] path.recharts-curve').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="experiment-status"]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 120_000 },
    );
    await page.getByTestId('search-budget').fill('2');
    await page.getByTestId('search-run').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="experiment-status"]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 120_000 },
    );
    problems.push(...(await chartOverlaps(page)));

    // The runs above are in the history: compare the two newest.
    await showView(page, 'history');
    const selects = page.getByTestId('run-select');
    await expect.poll(() => selects.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await selects.nth(0).check();
    await selects.nth(1).check();
    await page.getByTestId('compare-view').waitFor();
    await page.locator('[data-testid="compare-chart-loss"] path.recharts-curve').first().waitFor();
    problems.push(...(await chartOverlaps(page)));
    expect(problems).toEqual([]);
    await page.close();
  });
});

/**
 * For each epoch chart: the value axis Fitlab draws runs from 0.00 up, its grid spans recharts' own axis line
 * (the plot's height), and both curves lie within it: the axis covers what is drawn.
 */
const curvesWithinValueAxis = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      (['loss', 'acc'] as const).map((metric) => {
        const chart = document.querySelector(`[data-testid="chart-${metric}"]`)!;
        const labels = [...chart.querySelectorAll('.value-ticks text')].map((t) => t.textContent);
        const ys = [...chart.querySelectorAll('.value-grid line')].map((l) => Number(l.getAttribute('y1')));
        const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
        const axis = chart.querySelector('.recharts-yAxis .recharts-cartesian-axis-line');
        const ends = ['y1', 'y2'].map((k) => Number(axis?.getAttribute(k)));
        const spans = Math.abs(top - Math.min(...ends)) < 1 && Math.abs(bottom - Math.max(...ends)) < 1;
        const curves = [...chart.querySelectorAll('.epoch-curves path')].map((p) => (p as SVGGraphicsElement).getBBox());
        const inside = curves.length === 2 && curves.every((b) => b.height > 0 && b.y >= top - 2 && b.y + b.height <= bottom + 2);
        return [metric, labels[0] === '0.00' && spans && inside];
      }),
    ),
  );

describe('the learning curves, live and after', () => {
  it('the epoch axis spans the planned run while it trains; the readout gives any epoch by pointer or keyboard', async () => {
    const page = await open('?preset=overfit-mlp&epochs=200&pace=4');
    const chart = page.getByTestId('chart-loss');
    const lastTick = () => chart.locator('.recharts-xAxis-tick-labels text').last().textContent();
    // Before and during the run the axis runs to the planned 200 epochs, so the curves grow into a still frame.
    await expect.poll(lastTick).toBe('200');
    await page.getByTestId('train-start').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="learning-curves"]')?.getAttribute('data-epochs')) >= 3);
    expect(await lastTick()).toBe('200');
    await expect.poll(() => curvesWithinValueAxis(page)).toEqual({ loss: true, acc: true });
    await page.getByTestId('train-stop').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'stopped');
    const epochs = Number(await page.getByTestId('learning-curves').getAttribute('data-epochs'));
    // Stopped, it ends at the last epoch trained.
    await expect.poll(async () => Number(await lastTick())).toBeLessThanOrEqual(epochs);
    await expect.poll(() => curvesWithinValueAxis(page)).toEqual({ loss: true, acc: true });

    // The keyboard: focus shows the last epoch, with the values the chart's summary gives; Home and the arrows move.
    const hit = chart.locator('.epoch-hit');
    await hit.focus();
    const summary = (await chart.locator('[role="group"]').getAttribute('aria-label')) ?? '';
    const [, train, val] = summary.match(/training (\d+\.\d{4}), validation (\d+\.\d{4})/) ?? [];
    expect(await hit.getAttribute('aria-valuetext')).toBe(`epoch ${epochs}: training ${train}, validation ${val}`);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await hit.getAttribute('aria-valuetext')).toMatch(/^epoch 2: training \d+\.\d{4}, validation \d+\.\d{4}$/);
    expect(await chart.locator('.epoch-readout text').textContent()).toMatch(/^epoch 2train/);

    // The pointer: at the plot's left edge, epoch 1.
    await hit.blur();
    const box = await hit.boundingBox();
    if (!box) throw new Error('the readout has no box');
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await expect.poll(() => chart.locator('.epoch-readout text').textContent()).toMatch(/^epoch 1train/);
    expect(await chartOverlaps(page)).toEqual([]);
    await page.close();
  });
});
