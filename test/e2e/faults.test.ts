import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, showView, trainToEnd, useBrowser } from './browser';
import { isRawLibraryMessage } from '../../src/core/errors/user-message';

// Fault injection: the worker killed mid-run, a reload mid-run, a lost WebGL context, IndexedDB and localStorage refusing. Each time the
// lab stays usable, what the user reads is Fitlab's own message, and the run's curves so far are kept.

const browser = useBrowser();
const baseUrl = inject('baseUrl');

const openWith = (query: string, init?: string) => openApp(browser(), baseUrl, query, init);

/** Keeps every training worker the page starts, so a test can kill one. */
const WATCH_WORKERS = `
  window.__trainers = [];
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      if (String(url).includes('trainer')) window.__trainers.push(this);
    }
  };`;

/**
 * Starts each training worker behind a shim that records its WebGL contexts and, on a 'test-lose-context'
 * message, loses them through WEBGL_lose_context, as a GPU reset or driver crash would. Messages that arrive
 * while the real worker module loads are handed to it once it has.
 */
const LOSE_CONTEXT = `
  window.__trainers = [];
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      const real = new URL(String(url), location.href).href;
      if (!real.includes('trainer')) { super(url, options); return; }
      const shim = \`
        const contexts = [];
        const getContext = OffscreenCanvas.prototype.getContext;
        OffscreenCanvas.prototype.getContext = function (...args) {
          const gl = getContext.apply(this, args);
          if (gl && String(args[0]).startsWith('webgl')) contexts.push(gl);
          return gl;
        };
        self.addEventListener('message', (e) => {
          if (e.data && e.data.type === 'test-lose-context') for (const gl of contexts) gl.getExtension('WEBGL_lose_context')?.loseContext();
        });
        const early = [];
        const hold = (e) => early.push(e);
        self.addEventListener('message', hold);
        await import(\${JSON.stringify(real)});
        self.removeEventListener('message', hold);
        for (const e of early) self.onmessage?.(e);
      \`;
      super(URL.createObjectURL(new Blob([shim], { type: 'text/javascript' })), options);
      window.__trainers.push(this);
    }
  };`;

/** Before the app opens it, a version-3 database (no 'weights' store) holding one interrupted run, as an older Fitlab left it. */
const OLD_DATABASE = `
  const req = indexedDB.open('fitlab', 3);
  req.onupgradeneeded = () => {
    const db = req.result;
    db.onversionchange = () => db.close();
    db.createObjectStore('uploads', { keyPath: 'id' });
    db.createObjectStore('runIndex', { keyPath: 'id' }).createIndex('byDate', ['createdAt', 'id']);
    const epoch = (n) => ({ epoch: n, loss: 1 / n, acc: 0.5, val_loss: 1 / n, val_acc: 0.5, val_confusion: null, lr: 0.03, ms: 3 });
    db.createObjectStore('runs', { keyPath: 'id' }).put({
      id: 'run-old', name: 'an old run', createdAt: '2026-01-02T03:04:05.000Z', durationMs: 1000, status: 'interrupted',
      error: null, backend: 'wasm', settings: { dataset: 'spiral', model: 'mlp', hidden: [8], epochs: 5 }, query: 'epochs=5&hidden=8',
      history: [epoch(1), epoch(2)], test: null,
    });
  };
  req.onsuccess = () => (req.result.onversionchange = () => req.result.close());`;

const state = (page: Page) => page.getByTestId('run-status').getAttribute('data-state');
const epochsShown = async (page: Page) => Number(await page.getByTestId('learning-curves').getAttribute('data-epochs'));

/** A slow run (paced) so a fault can land after a few epochs. */
const SLOW = '?epochs=100&pace=4&n=200&hidden=8';

async function startAndWaitForEpochs(page: Page, n: number): Promise<void> {
  await page.getByTestId('train-start').click();
  await expect.poll(() => epochsShown(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(n);
}

/** The history view's row for the latest run, after its list has loaded. */
async function latestHistoryStatus(page: Page): Promise<string | null> {
  await showView(page, 'history');
  const row = page.locator('tr[data-run-id]').first();
  await row.waitFor({ timeout: 15_000 });
  return row.getAttribute('data-status');
}

describe('faults: the lab survives them and keeps the work', () => {
  it('a worker killed mid-run: the run ends as interrupted with its curves, the next Train starts a fresh worker', async () => {
    const { page, errors } = await openWith(SLOW, WATCH_WORKERS);
    await startAndWaitForEpochs(page, 2);
    // Kill it, and fire what a crashing worker fires.
    await page.evaluate(() => {
      const w = (window as unknown as { __trainers: Worker[] }).__trainers.at(-1)!;
      w.terminate();
      w.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught RangeError: Maximum call stack size exceeded' }));
    });
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('interrupted');
    const epochs = await epochsShown(page);
    expect(epochs).toBeGreaterThanOrEqual(2);
    const message = (await page.getByTestId('error-message').textContent()) ?? '';
    expect(message).toMatch(/training worker stopped unexpectedly.*press Train to start a fresh worker/);
    expect(isRawLibraryMessage(message)).toBe(false);
    expect(await latestHistoryStatus(page)).toBe('interrupted');
    // The next Train gets a fresh worker and finishes.
    await showView(page, 'lab');
    await page.getByTestId('setting-epochs').fill('2');
    await page.getByTestId('pace').selectOption('0');
    expect(await trainToEnd(page, 60_000)).toBe('done');
    expect(await page.evaluate(() => (window as unknown as { __trainers: Worker[] }).__trainers.length)).toBe(2);
    expect(errors).toEqual([]);
  });

  it('a reload mid-run keeps the run in the history as interrupted, with the epochs trained so far and its last weights', async () => {
    const { page, errors } = await openWith(SLOW);
    await startAndWaitForEpochs(page, 3);
    await page.waitForTimeout(500); // the last checkpoint lands (they are at most 250 ms apart)
    await page.reload();
    await page.getByTestId('train-start').waitFor();
    expect(await latestHistoryStatus(page)).toBe('interrupted');
    const row = page.locator('tr[data-run-id]').first();
    expect(await row.textContent()).toMatch(/interrupted/);
    // Its last good weights: the model download's two files, named after the run and epoch.
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await row.getByTestId('run-weights-download').click();
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    expect(downloads.sort()).toEqual([
      expect.stringMatching(/^fitlab-run-.*-epoch-\d+\.json$/),
      expect.stringMatching(/^fitlab-run-.*-epoch-\d+\.weights\.bin$/),
    ]);
    // Evaluate scores them on the test split of the run's settings, without training.
    await row.getByTestId('run-weights-evaluate').click();
    await expect.poll(() => state(page), { timeout: 30_000 }).toBe('done');
    expect(await epochsShown(page)).toBe(0);
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('a lost WebGL context mid-run: interrupted with its epochs and weights, kept after a reload, and the next Train works', async () => {
    const { page, errors } = await openWith(`${SLOW}&backend=webgl`, LOSE_CONTEXT);
    // Two epochs: the weights after epoch 1 were surely sent before epoch 2 began.
    await startAndWaitForEpochs(page, 2);
    await page.evaluate(() =>
      (window as unknown as { __trainers: Worker[] }).__trainers.at(-1)!.postMessage({ type: 'test-lose-context' }),
    );
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe('interrupted');
    const epochs = await epochsShown(page);
    expect(epochs).toBeGreaterThanOrEqual(2);
    const message = (await page.getByTestId('error-message').textContent()) ?? '';
    expect(message).toMatch(/WebGL/);
    expect(isRawLibraryMessage(message)).toBe(false);
    expect(await latestHistoryStatus(page)).toBe('interrupted');
    const id = await page.locator('tr[data-run-id]').first().getAttribute('data-run-id');
    const kept = async () => {
      await showView(page, 'history');
      const row = page.locator(`tr[data-run-id="${id}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.getAttribute('data-status')).toBe('interrupted');
      expect(Number((await row.getByTestId('run-epochs').textContent())?.split('/')[0])).toBe(epochs);
      await row.getByTestId('run-weights-download').waitFor({ timeout: 10_000 });
    };
    await kept();
    // The next Train gets a fresh worker (the old one's WebGL is gone) and finishes.
    await showView(page, 'lab');
    await page.getByTestId('setting-epochs').fill('1');
    await page.getByTestId('pace').selectOption('0');
    expect(await trainToEnd(page, 60_000)).toBe('done');
    expect(await page.evaluate(() => (window as unknown as { __trainers: Worker[] }).__trainers.length)).toBe(2);
    expect(await page.getByTestId('backend').textContent()).toBe('webgl');
    // After a reload the interrupted run is still there, with its weights.
    await page.reload();
    await page.getByTestId('train-start').waitFor();
    await kept();
    expect(errors).toEqual([]);
  });

  it('a history from before kept weights (database version 3) opens with its runs; the upgrade adds the weights store', async () => {
    const { page, errors } = await openWith('', OLD_DATABASE);
    await showView(page, 'history');
    const row = page.locator('tr[data-run-id="run-old"]');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('run-name').textContent()).toMatch(/^an old run/);
    expect(await row.getByTestId('run-epochs').textContent()).toBe('2 / 5');
    expect(await row.getByTestId('run-weights-download').count()).toBe(0);
    const db = await page.evaluate(
      () =>
        new Promise<{ version: number; stores: string[] }>((resolve) => {
          const req = indexedDB.open('fitlab');
          req.onsuccess = () => {
            resolve({ version: req.result.version, stores: [...req.result.objectStoreNames].sort() });
            req.result.close();
          };
        }),
    );
    expect(db).toEqual({ version: 4, stores: ['runIndex', 'runs', 'uploads', 'weights'] });
    expect(errors).toEqual([]);
  });

  it('IndexedDB refusing to open: the lab trains, and says the history will not be kept', async () => {
    const { page, errors } = await openWith(
      '?epochs=2&n=200&hidden=8',
      `IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };`,
    );
    expect(await trainToEnd(page, 60_000)).toBe('done');
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor({ timeout: 10_000 });
    const text = (await notice.textContent()) ?? '';
    expect(text).toMatch(/^Run history is not saved: .*Training goes on, but runs will not be kept after a reload\./);
    // The trainer sent weights: the notice says they are not kept either.
    await expect.poll(() => notice.textContent()).toMatch(/A run cut short will not keep its weights either\.$/);
    expect(isRawLibraryMessage(text)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('IndexedDB refusing to write (quota): the run still ends, with the notice', async () => {
    const { page, errors } = await openWith(
      '?epochs=3&n=200&hidden=8',
      `IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };`,
    );
    expect(await trainToEnd(page, 60_000)).toBe('done');
    await page.getByTestId('storage-notice').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('storage-notice').textContent()).toMatch(/storage is full/);
    expect(errors).toEqual([]);
  });

  it('localStorage throwing on every access: the lab opens and trains', async () => {
    const { page, errors } = await openWith(
      '?epochs=2&n=200&hidden=8',
      `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });`,
    );
    expect(await trainToEnd(page, 60_000)).toBe('done');
    expect(errors).toEqual([]);
  });

  it('contradictory settings: a link opens with the notice saying what was changed; the form names the problem as typed', async () => {
    const { page, errors } = await openWith('?val=0.5&test=0.5&epochs=2');
    const notice = (await page.getByTestId('url-notice').textContent()) ?? '';
    expect(notice).toContain(
      '"val" 0.5 and "test" 0.5 hold out 100% of the data (at most 80% together), leaving too little to train on; using 0.2 and 0.2.',
    );
    expect(await page.getByTestId('setting-val').inputValue()).toBe('0.2');
    await page.getByTestId('setting-val').fill('0.5');
    await page.getByTestId('setting-test').fill('0.5');
    const error = page.locator('.field[data-key="test"] .field-error');
    expect(await error.textContent()).toMatch(
      /^validation 0.5 \+ test 0.5 hold out 100% of the data.*lower this or the validation fraction/,
    );
    expect(await page.getByTestId('setting-test').getAttribute('aria-invalid')).toBe('true');
    // The refused value never reached the settings: the link still says test 0.2 (the default, so absent).
    expect(new URL(page.url()).searchParams.get('test')).toBeNull();
    expect(new URL(page.url()).searchParams.get('val')).toBe('0.5');
    expect(errors).toEqual([]);
  });
  it('a three-row table with a stray word: named at import, and Train refused with the reason (never a TF.js error)', async () => {
    const { page, errors } = await openWith('?view=data');
    const panel = page.getByTestId('data-upload-panel');
    const before = Number(await panel.getAttribute('data-finished'));
    await page
      .getByTestId('data-upload')
      .setInputFiles({ name: 'tiny.csv', mimeType: 'text/csv', buffer: Buffer.from('age,height,label\n31,1.7,a\nabc,1.8,b\n40,1.6,a\n') });
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="data-upload-panel"]')?.getAttribute('data-finished')) > n,
      before,
      { timeout: 30_000 },
    );
    const card = (await page.getByTestId('upload-table').textContent()) ?? '';
    expect(card).toContain("Column 'age' mixes numbers and text: 1 of its 3 values is not a number (the first, 'abc', on row 2 (line 3)).");
    expect(card).toContain("Class 'b' of the target 'label' has only 1 row");
    expect(await page.getByTestId('upload-too-small').textContent()).toMatch(/^Your table has 3 rows: too few for the split/);
    await showView(page, 'lab');
    expect(await page.getByTestId('train-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('train-refused').textContent()).toMatch(/Your table has 3 rows: too few for the split.*Add rows/);
    expect(errors).toEqual([]);
  });
});
