import { describe, expect, inject, it } from 'vitest';
import { openApp, readConfusionMatrix, showView, trainToEnd, useBrowser } from './browser';

const browser = useBrowser();
const baseUrl = inject('baseUrl');

describe('stop, responsiveness, fallbacks and bad links', () => {
  it('Stop ends a CNN run mid-epoch, the page stays responsive, and the stopped model is still evaluated', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=overfit-cnn&epochs=5&backend=webgl');
    // Measure the main thread's longest stall while the worker trains.
    await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; last: number };
      w.maxGap = 0;
      w.last = performance.now();
      const tick = () => {
        const now = performance.now();
        w.maxGap = Math.max(w.maxGap, now - w.last);
        w.last = now;
        setTimeout(tick, 10);
      };
      tick();
    });
    await page.getByTestId('train-start').click();
    // Wait until batches flow (the per-batch chart, in the Evaluate view, has points), then back in the lab,
    // stop inside epoch 1. Switching views mid-run must not disturb the run.
    await showView(page, 'evaluate');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="chart-batch-loss"] path.recharts-curve').length > 0 &&
        document.querySelector('[data-testid="backend"]')?.textContent === 'webgl',
      undefined,
      { timeout: 60_000 },
    );
    await showView(page, 'lab');
    await page.waitForTimeout(1500);
    await page.evaluate(() => ((window as unknown as { maxGap: number }).maxGap = 0));
    await page.waitForTimeout(1500);
    const maxGap = await page.evaluate(() => (window as unknown as { maxGap: number }).maxGap);
    expect(await page.getByTestId('learning-curves').getAttribute('data-epochs')).toBe('0');
    await page.getByTestId('train-stop').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'stopped',
      undefined,
      { timeout: 30_000 },
    );
    // No epoch finished: the stop came within the first epoch, not at its end.
    expect(await page.getByTestId('learning-curves').getAttribute('data-epochs')).toBe('0');
    // A timer every 10 ms never waited long: training does not block the page.
    expect(maxGap).toBeLessThan(250);
    const cells = await readConfusionMatrix(page);
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(Number(await page.getByTestId('split-test').textContent()));
    expect(errors).toEqual([]);
  });

  it('a mangled link opens with defaults and says which keys were wrong, then trains', async () => {
    const { page, errors } = await openApp(
      browser(),
      baseUrl,
      `?epochs=3&data=nope&lr=abc&epochs=-5&hidden=1,x&zzz=1&conv=${'9'.repeat(10_000)}`,
    );
    const notice = page.getByTestId('url-notice');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    for (const key of ['"data"', '"lr"', '"hidden"', '"conv"', 'zzz']) expect(text).toContain(key);
    // A repeated key: the first value counts, and one notice says so.
    expect(text).toMatch(/"epochs" appears 2 times; the first is used/);
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('spiral');
    expect(await page.getByTestId('setting-lr').inputValue()).toBe('0.03');
    expect(await page.getByTestId('setting-epochs').inputValue()).toBe('3');
    // The address bar now holds the cleaned settings, not the mangled ones.
    expect(page.url()).not.toContain('zzz');
    expect(await trainToEnd(page)).toBe('done');
    expect(errors).toEqual([]);
  });

  it('falls back to the main thread with a visible notice when the worker is off', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?worker=0&epochs=3');
    expect(await trainToEnd(page)).toBe('done');
    expect(await page.getByTestId('backend-notice').textContent()).toMatch(/main thread/);
    // 'auto' measures on the main thread too; with no GPU here it must not pick WebGL.
    expect(await page.getByTestId('backend').textContent()).toBe('wasm');
    expect(errors).toEqual([]);
  });

  it('a diverging run stops with a message, keeps its curves, and the lab stays usable', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?opt=sgd&lr=10&epochs=20');
    expect(await trainToEnd(page)).toBe('error');
    expect(await page.getByTestId('error-message').textContent()).toMatch(/learning rate/);
    // The epochs before the blow-up stay on the chart.
    expect(Number(await page.getByTestId('learning-curves').getAttribute('data-epochs'))).toBeGreaterThanOrEqual(1);
    // Follow the advice: a lower learning rate trains fine in the same page.
    await page.getByTestId('setting-lr').fill('0.03');
    await page.getByTestId('setting-epochs').fill('3');
    expect(await trainToEnd(page)).toBe('done');
    expect(errors).toEqual([]);
  });
});
