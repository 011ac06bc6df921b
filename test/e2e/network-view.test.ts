import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, useBrowser } from './browser';

// The network view (Playground's picture of the MLP as it trains) and the probe on the decision boundary.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

/** Every unit heatmap's pixels, by "layer:unit". */
const heatmapPixels = (page: Page) =>
  page.$$eval('[data-testid="unit-heatmap"]', (els) =>
    Object.fromEntries(
      els.map((el) => [`${el.getAttribute('data-layer')}:${el.getAttribute('data-unit')}`, (el as HTMLCanvasElement).toDataURL()]),
    ),
  );
const runState = (page: Page) => page.getByTestId('run-status').getAttribute('data-state');

describe('network view', () => {
  it('on a 2-D run: a live heatmap per drawn unit, hover enlarges one, and the plane shows probabilities where clicked', async () => {
    // 12 and 5 hidden units, 2 classes: 10 of the first layer are drawn ("+2 more"), then 5, then 2 outputs.
    // Step trains one epoch and holds, and a holding run sends a snapshot: epoch 1, then epoch 2, whatever
    // the machine's speed.
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=quick&hidden=12,5&epochs=6');
    await page.getByTestId('network-card').locator('summary').click();
    const shownAfter = (epoch: number) =>
      page.waitForFunction((e) => document.querySelector('[data-testid="network-view"]')?.getAttribute('data-epoch') === String(e), epoch, {
        timeout: 30_000,
      });
    await page.getByTestId('train-step').click();
    await shownAfter(1);
    const first = await heatmapPixels(page);
    expect(Object.keys(first).sort()).toEqual(
      [...Array.from({ length: 10 }, (_, u) => `1:${u}`), ...Array.from({ length: 5 }, (_, u) => `2:${u}`), '3:0', '3:1'].sort(),
    );
    await expect.poll(() => page.getByTestId('network-card').textContent()).toContain('+2 more');
    await page.getByTestId('train-step').click();
    await shownAfter(2);
    const later = await heatmapPixels(page);
    const changed = Object.keys(first).filter((k) => first[k] !== later[k]);
    // Every layer moves (a unit that died may not), and most units do.
    for (const layer of ['1', '2', '3'])
      expect(
        changed.some((k) => k.startsWith(`${layer}:`)),
        `layer ${layer}`,
      ).toBe(true);
    expect(changed.length).toBeGreaterThanOrEqual(Object.keys(first).length / 2);
    // A dead-unit count per hidden layer (ReLU).
    expect(await page.locator('[data-testid="layer-inactive"][data-layer="1"]').getAttribute('data-count')).toMatch(/^\d+$/);

    await page.getByTestId('train-pause').click();
    await page.waitForFunction(
      () => ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    expect(await runState(page)).toBe('done');
    await shownAfter(6);
    // Hover and keyboard focus both enlarge a unit beside the output's boundary.
    await page.locator('[data-testid="unit-heatmap"][data-layer="2"][data-unit="3"]').hover();
    await expect.poll(() => page.getByTestId('unit-detail').textContent()).toMatch(/^Layer 2, unit 4 \(relu\)/);
    await page.locator('[data-testid="unit-heatmap"][data-layer="1"][data-unit="0"]').focus();
    await expect.poll(() => page.getByTestId('unit-detail').textContent()).toMatch(/^Layer 1, unit 1 /);
    expect(await page.getByTestId('network-output-boundary').isVisible()).toBe(true);

    // Click the plane a quarter in from its top-left corner: one row per class, summing to 1.
    const plane = page.getByTestId('boundary-plane');
    const box = (await plane.boundingBox())!;
    await plane.click({ position: { x: box.width / 4, y: box.height / 4 } });
    const probe = page.getByTestId('plane-probe');
    const probs = await probe.locator('li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-prob'))));
    expect(probs).toHaveLength(2);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(Number(await probe.getAttribute('data-x'))).toBeCloseTo(-0.6, 1);
    expect(Number(await probe.getAttribute('data-y'))).toBeCloseTo(0.6, 1);
    // The keyboard moves the probe a cell at a time.
    await plane.press('ArrowRight');
    expect(Number(await probe.getAttribute('data-x'))).toBeGreaterThan(-0.6);
    // Open, the view scrolls inside the lab's side column: the page still fits a laptop and a projector, and
    // a phone does not scroll sideways.
    for (const { width, height } of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
    ]) {
      await page.setViewportSize({ width, height });
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(height);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { timeout: 5_000 })
      .toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('on digits: each drawn unit shows its mean and dead share, with a dead count per layer', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=digits&model=mlp&hidden=16&epochs=3');
    await page.getByTestId('network-card').locator('summary').click();
    await page.getByTestId('train-start').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 60_000 },
    );
    // 64 inputs are one box; 10 of 16 hidden units and all 10 outputs are drawn.
    await expect.poll(() => page.getByTestId('unit-stat').count()).toBe(20);
    expect(await page.getByTestId('unit-heatmap').count()).toBe(0);
    expect(await page.getByTestId('network-view').textContent()).toContain('64 inputs');
    const count = Number(await page.locator('[data-testid="layer-inactive"][data-layer="1"]').getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(0);
    expect(count).toBeLessThanOrEqual(16);
    expect(await page.locator('[data-testid="unit-stat"][data-layer="1"][data-unit="0"]').getAttribute('aria-label')).toMatch(
      /mean -?[\d.e-]+ over the test examples, dead on \d+% of them/,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
