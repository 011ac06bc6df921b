import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, trainToEnd, useBrowser } from './browser';

// Large data trains to the end with backend memory flat from epoch to epoch (no crash, no growth).
const browser = useBrowser();
const baseUrl = inject('baseUrl');

async function memory(page: Page) {
  const el = page.getByTestId('tensor-memory');
  return {
    first: Number(await el.getAttribute('data-first-tensors')),
    last: Number(await el.getAttribute('data-tensors')),
  };
}

describe('large data', () => {
  it('trains on all 12,000 shipped Fashion-MNIST images with flat memory', async () => {
    const { page, errors } = await openApp(
      browser(),
      baseUrl,
      '?data=fashion&val=0.05&test=0.05&hidden=64&epochs=3&batch=64&lr=0.003&seed=9',
    );
    expect(await trainToEnd(page, 480_000)).toBe('done');
    const counts = ['split-train', 'split-val', 'split-test'].map((id) => page.getByTestId(id).textContent());
    expect((await Promise.all(counts)).map(Number).reduce((a, b) => a + b, 0)).toBe(12_000);
    const m = await memory(page);
    expect(m.first).toBeGreaterThan(0);
    expect(m.last).toBe(m.first);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('trains on a 60,000-sample 2-D toy set with flat memory', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=spiral&n=60000&epochs=2&batch=256&seed=9');
    expect(await trainToEnd(page, 480_000)).toBe('done');
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.5);
    const m = await memory(page);
    expect(m.last).toBe(m.first);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
