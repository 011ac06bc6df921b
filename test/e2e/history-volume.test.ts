import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { manyRunsFile } from '../../scripts/lib/runs-file.mjs';
import { watchPage } from '../../scripts/lib/watch-page.mjs';
import { useBrowser } from './browser';

// A big run history through the real file input: 50,000 runs import without freezing the page, the lab
// reopens fast with them, the list stays windowed, and Delete all clears them (also after a reload).
const browser = useBrowser();
const baseUrl = inject('baseUrl');
const dir = mkdtempSync(path.join(tmpdir(), 'fitlab-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The volume: 50,000 runs import with no main-thread task over 200 ms, and the lab reopens in under 3 s. */
const RUNS = 50_000;
const LONGEST_TASK_MS = 200;
const REOPEN_MS = 3_000;

function writeRuns(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Opens the app with every main-thread long task recorded from the first script on. */
async function openWatched(b: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await b.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(watchPage);
  await page.goto(`${baseUrl}?view=history`);
  await page.getByTestId('train-start').waitFor();
  await page.waitForSelector('[data-testid="run-history"][data-loaded="true"]');
  await settle(page);
  return { page, errors };
}

/**
 * Waits until the app's own start-up work is over (first renders, then the backend probe that starts 1.5 s in):
 * 5 s after navigation and 1.5 s without a long task, so only the import's own tasks are counted.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const tasks = window.__longTasks;
      const last = tasks.length ? tasks[tasks.length - 1] : { start: 0, duration: 0 };
      return performance.now() > 5000 && performance.now() - (last.start + last.duration) > 1500;
    },
    undefined,
    { timeout: 60_000, polling: 200 },
  );
}

const longTasksSince = (page: Page, t0: number) => page.evaluate((t0) => window.__longTasks.filter((t) => t.start >= t0), t0);
const longestSince = async (page: Page, t0: number) => Math.max(0, ...(await longTasksSince(page, t0)).map((t) => t.duration));

const count = (page: Page) => page.getByTestId('run-history').getAttribute('data-count').then(Number);
const renderedRows = (page: Page) => page.locator('[data-testid="run-history"] tbody tr[data-run-id]').count();

async function waitForMessage(page: Page, kind: 'info' | 'error', timeout = 240_000): Promise<string> {
  await page.waitForSelector(`[data-testid="history-message"][data-kind="${kind}"]`, { timeout });
  return (await page.getByTestId('history-message').textContent()) ?? '';
}

describe('run history at volume', () => {
  it(`imports ${RUNS.toLocaleString('en-US')} runs without a long task, reopens fast with them, and scrolls, filters and deletes them all`, async () => {
    const file = writeRuns('bulk.json', manyRunsFile(RUNS));
    const { page, errors } = await openWatched(browser());
    expect(await count(page)).toBe(0);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('history-import').setInputFiles(file);
    expect(await waitForMessage(page, 'info')).toMatch(/^Imported 50,000 runs\./);
    expect(await longestSince(page, t0)).toBeLessThan(LONGEST_TASK_MS);
    expect(await count(page)).toBe(RUNS);

    // A reload with the whole history: Train is usable within 3 s of navigation, and the list follows.
    await page.reload();
    await page.waitForSelector('[data-testid="run-history"][data-loaded="true"]', { timeout: 60_000 });
    expect(await page.evaluate(() => window.__trainStartAt)).toBeLessThan(REOPEN_MS);
    expect(await count(page)).toBe(RUNS);
    // Windowed: a few dozen rows in the page; newest first, the oldest at the bottom.
    expect(await renderedRows(page)).toBeLessThan(60);
    expect(await page.locator('tbody tr[data-run-id]').first().getAttribute('data-run-id')).toBe('bulk-0');
    await page.getByTestId('history-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page.locator('tbody tr[data-run-id]').last().getAttribute('data-run-id')).toBe(`bulk-${RUNS - 1}`);
    await page.getByTestId('history-filter').fill('bulk run 31415');
    await expect.poll(() => renderedRows(page)).toBe(1);
    await page.getByTestId('history-filter').fill('');
    await page.getByTestId('history-delete-all').click();
    await page.getByTestId('history-delete-all-confirm').click();
    await expect.poll(() => count(page), { timeout: 60_000 }).toBe(0);
    // The list empties at once; the message says when storage has let go of them too.
    await expect.poll(() => page.getByTestId('history-message').textContent(), { timeout: 60_000 }).toMatch(/Deleted every run/);
    await page.reload();
    await page.waitForSelector('[data-testid="run-history"][data-loaded="true"]');
    expect(await count(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('cancels an import (nothing stays), refuses a 95 MB field by run and field, and deletes ticked runs', async () => {
    const { page, errors } = await openWatched(browser());
    await page.getByTestId('history-import').setInputFiles(writeRuns('five.json', manyRunsFile(5_000)));
    await page.getByTestId('history-import-cancel').click();
    expect(await waitForMessage(page, 'info')).toMatch(/^Import cancelled: nothing was imported\./);
    expect(await count(page)).toBe(0);

    // One run of 3 whose backend is a 95 MB string: refused before anything is stored; the tab lives on.
    const huge = manyRunsFile(3, (r, i) => i === 1 && Object.assign(r, { id: 'abc', backend: 'x'.repeat(95_000_000) }));
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('history-import').setInputFiles(writeRuns('huge.json', huge));
    expect(await waitForMessage(page, 'error', 120_000)).toContain(
      'Run 2 (\'abc\'): "backend" is 95,000,000 characters; at most 200 are allowed.',
    );
    expect(await longestSince(page, t0)).toBeLessThan(LONGEST_TASK_MS);
    expect(await count(page)).toBe(0);

    // Tick a range with Shift, delete the ticked ones after confirming; the rest stay, also after a reload.
    await page.getByTestId('history-import').setInputFiles(writeRuns('ten.json', manyRunsFile(10)));
    expect(await waitForMessage(page, 'info')).toMatch(/^Imported 10 runs/);
    const rows = page.locator('tbody tr[data-run-id]');
    await rows.nth(2).getByTestId('run-select').click();
    await rows
      .nth(5)
      .getByTestId('run-select')
      .click({ modifiers: ['Shift'] });
    await page.getByTestId('history-delete-selected').click();
    await page.getByTestId('history-delete-selected-confirm').click();
    await expect.poll(() => count(page)).toBe(6);
    // The list drops the runs at once; the message comes when IndexedDB has committed the delete, and only a
    // committed delete survives a reload (one still in flight when the page unloads is aborted).
    await expect.poll(() => page.getByTestId('history-message').textContent()).toMatch(/^Deleted 4 runs\./);
    await page.reload();
    await page.waitForSelector('[data-testid="run-history"][data-loaded="true"]');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id')))).toEqual([
      'bulk-0',
      'bulk-1',
      'bulk-6',
      'bulk-7',
      'bulk-8',
      'bulk-9',
    ]);
    // Select all ticks every shown run.
    await page.getByTestId('history-select-all').check();
    await expect.poll(() => page.getByTestId('history-delete-selected').textContent()).toBe('Delete 6 selected');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
