import { describe, expect, inject, it } from 'vitest';
import { openApp, trainToEnd, useBrowser } from './browser';

// After a first visit the service worker (public/sw.js) has the whole build and the shipped datasets.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

describe('offline', () => {
  it('reloads and trains on a shipped dataset with the network gone', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=digits&epochs=2&hidden=16');
    // Wait until the worker controls the page and its precache is complete.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
      }
    });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('fitlab-'))!);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached.some((p) => p.endsWith('/data/digits.flds.gz'))).toBe(true);
    expect(cached.some((p) => p.endsWith('/data/fashion-mnist.flds.gz'))).toBe(true);
    expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);

    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('train-start').waitFor();
    // Offline for real: a request to the server fails from the page.
    expect(
      await page.evaluate(() =>
        fetch(`./nothing-${Date.now()}`).then(
          () => 'online',
          () => 'offline',
        ),
      ),
    ).toBe('offline');
    expect(await trainToEnd(page)).toBe('done');
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.3);
    expect(errors).toEqual([]);
    await page.context().setOffline(false);
  });
});
