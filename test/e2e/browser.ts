import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/lib/chromium.mjs';

export { CHROMIUM, WEBGPU_ARGS } from '../../scripts/lib/chromium.mjs';

/** Debian's chromium, headless: SwiftShader gives WebGL2 on the CPU, in pages and in workers (OffscreenCanvas). */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** One browser per test file, launched before its tests and closed after them; call the getter in a test. */
export function useBrowser(extraArgs: readonly string[] = []): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(extraArgs);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('The browser is not launched yet: call the getter inside a test.');
    return browser;
  };
}

/**
 * Opens the app at `query`, collecting page errors so a test can assert there were none. `init` runs before
 * any page script (to break the browser's storage, or watch its workers).
 */
export async function openApp(browser: Browser, baseUrl: string, query = '', init?: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}${query}`);
  await page.getByTestId('train-start').waitFor();
  await secondPass(page);
  return { page, errors };
}

/**
 * Waits out the page's second pass: the settings form and the lab's side panels render two frames after Train
 * is on screen, from their own chunks (src/ui/common/afterFirstPaint.ts, App.tsx, LabView.tsx), so a test
 * reading them waits until they are in the page, and a frame more.
 */
export async function secondPass(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const side = document.querySelector('.lab-side');
    return document.querySelector('[data-testid="preset-select"]') !== null && (side === null || side.childElementCount > 0);
  });
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => r())))),
  );
}

/** Clicks Train and waits until the run leaves `training`; returns the final state. */
export async function trainToEnd(page: Page, timeoutMs = 240_000): Promise<string> {
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') !== 'idle');
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state');
      // Ended, and the held-out matrix (drawn a frame or two after the numbers) has caught up.
      return (s === 'done' || s === 'stopped' || s === 'error') && !document.querySelector('[data-testid="heldout-matrix"][data-pending]');
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
  return (await page.getByTestId('run-status').getAttribute('data-state')) ?? '';
}

/**
 * Clicks Train and waits for a run with a new id to end; its final state. For a page that has trained before:
 * the previous run's `done` is still on screen when Train is clicked, and a short run can end between two
 * polls, so its `training` may never be seen.
 */
export async function trainNewRun(page: Page, timeoutMs = 240_000): Promise<string> {
  const status = page.getByTestId('run-status');
  const previous = (await status.getAttribute('data-run')) ?? '';
  await page.getByTestId('train-start').click();
  await page.waitForFunction(
    (before) => {
      const el = document.querySelector('[data-testid="run-status"]');
      const ended = ['done', 'stopped', 'error'].includes(el?.getAttribute('data-state') ?? '');
      const drawn = !document.querySelector('[data-testid="heldout-matrix"][data-pending]');
      return ended && drawn && (el?.getAttribute('data-run') ?? '') !== before;
    },
    previous,
    { timeout: timeoutMs, polling: 100 },
  );
  return (await status.getAttribute('data-state')) ?? '';
}

/** A short run on one backend: how it ended, where it ran, and its held-out score. */
export interface BackendRun {
  state: string;
  used: string;
  /** `test-loss` for a classifier, `test-r2` for a regression; 'no score' when the run did not end done. */
  name: string;
  value: number;
}

/** Picks `backend` in the Runtime section (open), trains once (trainNewRun) and reads the held-out score. */
export async function trainOnBackend(page: Page, backend: string): Promise<BackendRun> {
  await page.getByTestId('setting-backend').selectOption(backend);
  const state = await trainNewRun(page);
  const used = (await page.getByTestId('backend').textContent()) ?? '';
  if (state !== 'done') return { state, used, name: 'no score', value: NaN };
  const score = page.locator('[data-testid="test-loss"], [data-testid="test-r2"]');
  await score.waitFor({ timeout: 30_000 });
  return { state, used, name: (await score.getAttribute('data-testid')) ?? '', value: Number(await score.getAttribute('data-value')) };
}

/** How far a score lies from a reference score, relative to it (or to 1, for a score near 0). */
export const scoreGap = (value: number, reference: number): number => Math.abs(value - reference) / Math.max(1, Math.abs(reference));

export interface ConfusionCell {
  row: number;
  col: number;
  count: number;
}

/** The held-out matrix's cells, once it has caught up with the run's result (it renders after the numbers). */
export async function readConfusionMatrix(page: Page): Promise<ConfusionCell[]> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="heldout-matrix"]:not([data-pending]) [data-testid="cm-cell"]') !== null,
  );
  return page.$$eval('[data-testid="cm-cell"]', (cells) =>
    cells.map((c) => ({
      row: Number(c.getAttribute('data-row')),
      col: Number(c.getAttribute('data-col')),
      count: Number(c.getAttribute('data-count')),
    })),
  );
}

/** The app's views (see src/core/preset/views.ts); the lab is the default. */
export type ViewName = 'lab' | 'evaluate' | 'inside' | 'experiments' | 'history' | 'data';

/** Switches to a view with its link in the header, as a user would, and waits until it has rendered. */
export async function showView(page: Page, view: ViewName): Promise<void> {
  await page.getByTestId(`view-${view}`).click();
  await page.getByTestId(`view-${view}-panel`).waitFor();
  // The lab's side column loads with its first showing (its own chunk): a page opened on another view waits for it.
  if (view === 'lab') await secondPass(page);
}

/** Opens the header's Export menu (its downloads sit in a disclosure so the header keeps to one line). */
export async function openExportMenu(page: Page): Promise<void> {
  const menu = page.getByTestId('export-menu');
  if (!(await menu.evaluate((el) => (el as HTMLDetailsElement).open))) await menu.locator('summary').click();
}
