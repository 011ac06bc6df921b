import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, readConfusionMatrix, showView, trainToEnd, useBrowser } from './browser';

// Inside a digits CNN: feature maps and filters for a chosen test example (live per epoch, then final), and
// the drawing pad's prediction.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

/** The bars once the answer for the latest input has arrived (aria-busy is true while one is on its way). */
async function drawnProbabilities(page: Page): Promise<number[]> {
  await page.locator('[data-testid="draw-prediction"][aria-busy="false"]').waitFor();
  return page.$$eval('[data-testid="draw-prediction"] [data-prob]', (bars) => bars.map((b) => Number(b.getAttribute('data-prob'))));
}

/** A stroke on the pad through the given points, in fractions of its size. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

describe('the Inside view on a digits CNN', () => {
  it('shows feature maps and filters for a chosen example, and classifies a drawing', async () => {
    const { page, errors } = await openApp(
      browser(),
      baseUrl,
      '?data=digits&model=cnn&conv=6p&dense=16&train=300&epochs=3&lr=0.01&seed=3&view=inside',
    );
    // Every epoch's snapshot, as the view shows it, so the live updates are checked and not only the end.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { insideEpochs: string[] }).insideEpochs = seen;
      new MutationObserver(() => {
        const e = document.querySelector('[data-testid="inside-snapshot"]')?.getAttribute('data-epoch');
        if (e && seen[seen.length - 1] !== e) seen.push(e);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-epoch'] });
    });
    expect(await trainToEnd(page)).toBe('done');
    await page.locator('[data-testid="inside-snapshot"][data-epoch="final"]').waitFor();
    const epochs = await page.evaluate(() => (window as unknown as { insideEpochs: string[] }).insideEpochs);
    expect(epochs.filter((e) => e !== 'final').length).toBeGreaterThanOrEqual(1);

    // Choose the third test example: conv and pool layers show one map per filter (6 of 6×6 and 3×3).
    await page.locator('[data-testid="inside-pick"][data-index="2"]').first().click();
    await page.locator('[data-testid="inside-snapshot"][data-index="2"][data-epoch="final"]').waitFor();
    const layers = page.getByTestId('feature-maps');
    expect(await layers.count()).toBe(2);
    for (const layer of await layers.all()) {
      expect(await layer.getAttribute('data-layer')).toBeTruthy();
      expect(await layer.locator('canvas').count()).toBe(6);
    }
    expect(await page.locator('[data-testid="filter-grid"] canvas').count()).toBe(6);
    const softmax = await page.$$eval('[data-testid="inside-softmax"] [data-prob]', (bars) =>
      bars.map((b) => Number(b.getAttribute('data-prob'))),
    );
    expect(softmax).toHaveLength(10);
    expect(softmax.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

    // Draw a "1", then add strokes: the prediction is there, sums to 1, and changes.
    await stroke(page, [
      [0.5, 0.15],
      [0.5, 0.85],
    ]);
    await page.getByTestId('draw-prediction').waitFor();
    const first = await drawnProbabilities(page);
    expect(first).toHaveLength(10);
    expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    await stroke(page, [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.2, 0.8],
      [0.8, 0.8],
    ]);
    const second = await drawnProbabilities(page);
    expect(second.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(second).not.toEqual(first);

    // Clear empties the pad and the prediction.
    await page.getByTestId('draw-clear').click();
    await page.getByTestId('draw-prediction').waitFor({ state: 'detached' });
    const blank = await page.getByTestId('draw-pad').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return data.every((v, i) => i % 4 === 3 || v === 0);
    });
    expect(blank).toBe(true);

    // A dropped photo (a dark bar on white paper) is negated, cropped and classified the same way.
    const png = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = c.height = 100;
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 100, 100);
      ctx.fillStyle = '#000';
      ctx.fillRect(45, 15, 10, 70);
      return c.toDataURL('image/png').split(',')[1];
    });
    await page
      .getByTestId('image-drop')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
    await page.getByTestId('draw-prediction').waitFor();
    expect((await drawnProbabilities(page)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

    // Leaving and coming back keeps the chosen example; a confusion-matrix cell clicked in the lab offers
    // its test examples here.
    await showView(page, 'lab');
    const fullest = (await readConfusionMatrix(page)).sort((x, y) => y.count - x.count)[0];
    const inCell = fullest.count;
    await page.locator(`[data-testid="cm-cell"][data-row="${fullest.row}"][data-col="${fullest.col}"]`).click();
    await page.getByTestId('view-evaluate-panel').waitFor();
    await showView(page, 'inside');
    await page.locator('[data-testid="inside-snapshot"][data-index="2"]').waitFor();
    const fromCell = page.locator('[aria-labelledby="inside-cell"] [data-testid="inside-pick"]');
    await fromCell.first().waitFor();
    expect(await fromCell.count()).toBe(Math.min(inCell, 6));
    const pick = await fromCell.first().getAttribute('data-index');
    await fromCell.first().click();
    await page.locator(`[data-testid="inside-snapshot"][data-index="${pick}"][data-epoch="final"]`).waitFor();
    expect(errors).toEqual([]);
  });
});
