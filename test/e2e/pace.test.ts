import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, openExportMenu, showView, useBrowser } from './browser';

// Pause, step, pace, replay and their keyboard shortcuts through the real UI (issue 19). The pace is what
// makes these runs slow on purpose; everything else is the small overfit-mlp preset.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

const state = (page: Page) => page.getByTestId('run-status').getAttribute('data-state');
const epochsShown = async (page: Page) => Number(await page.getByTestId('learning-curves').getAttribute('data-epochs'));

async function waitForState(page: Page, states: string[], timeout = 120_000): Promise<string> {
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
    states,
    { timeout, polling: 50 },
  );
  return (await state(page)) ?? '';
}

/** Waits until the curves show `n` epochs. */
async function waitForEpochs(page: Page, n: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid="learning-curves"]')?.getAttribute('data-epochs')) >= k,
    n,
    { timeout, polling: 50 },
  );
}

async function exportMetrics(page: Page): Promise<{ history: Record<string, unknown>[]; test: unknown; backend: string }> {
  await openExportMenu(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics').click()]);
  return JSON.parse(await readFile((await download.path())!, 'utf8'));
}

/** What must not depend on the pace: every epoch's numbers (wall times aside) and the held-out result. */
const results = (m: Awaited<ReturnType<typeof exportMetrics>>) => ({ history: m.history.map(({ ms: _ms, ...r }) => r), test: m.test });

/** Clicks Train and times the run from the click to its end. */
async function timedRun(page: Page): Promise<number> {
  const t0 = Date.now();
  await page.getByTestId('train-start').click();
  await waitForState(page, ['training', 'paused'], 20_000);
  expect(await waitForState(page, ['done', 'stopped', 'error'], 180_000)).toBe('done');
  return (Date.now() - t0) / 1000;
}

const lossSummary = (page: Page) => page.locator('[data-testid="chart-loss"] [role="group"]').getAttribute('aria-label');

describe('pace, pause, step and replay', () => {
  it('pause holds the epochs until resume, step adds exactly one, Stop ends a paused run', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=overfit-mlp&pace=4');
    await page.getByTestId('train-start').click();
    await waitForEpochs(page, 2);
    await page.getByTestId('train-pause').click();
    expect(await waitForState(page, ['paused'], 10_000)).toBe('paused');
    expect(await page.getByTestId('train-pause').getAttribute('aria-pressed')).toBe('true');
    const held = await epochsShown(page);
    expect(held).toBeGreaterThanOrEqual(2);
    expect(held).toBeLessThan(40);
    await page.waitForTimeout(1500);
    expect(await epochsShown(page)).toBe(held);
    expect(await state(page)).toBe('paused');

    // Step: exactly one more epoch, then paused again.
    await page.getByTestId('train-step').click();
    await waitForEpochs(page, held + 1, 10_000);
    expect(await waitForState(page, ['paused'], 10_000)).toBe('paused');
    await page.waitForTimeout(1000);
    expect(await epochsShown(page)).toBe(held + 1);

    // Resume: epochs advance again (at the pace).
    await page.getByTestId('train-pause').click();
    expect(await waitForState(page, ['training'], 5_000)).toBe('training');
    await waitForEpochs(page, held + 3, 10_000);

    // Space with the focus still on the Pause button pauses once (the button is not pressed a second time).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('train-pause');
    await page.keyboard.press(' ');
    await waitForState(page, ['paused'], 10_000);
    const kept = await epochsShown(page);
    await page.waitForTimeout(800);
    expect(await state(page)).toBe('paused');
    expect(await epochsShown(page)).toBe(kept);

    // Stop while paused: the run ends as stopped, with its epochs kept and evaluated.
    await page.getByTestId('train-stop').click();
    expect(await waitForState(page, ['stopped'], 10_000)).toBe('stopped');
    expect(await epochsShown(page)).toBe(kept);
    await page.getByTestId('test-accuracy').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at pace 2, overfit-mlp takes at least 18 s and gives the full-speed results; replay redraws it from epoch 1', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=overfit-mlp');
    const fast = await timedRun(page);
    const fastResults = await exportMetrics(page);
    expect(fastResults.history).toHaveLength(40);

    await page.getByTestId('pace').selectOption('2');
    expect(page.url()).toContain('pace=2');
    const paced = await timedRun(page);
    const pacedResults = await exportMetrics(page);
    expect(paced).toBeGreaterThanOrEqual(18);
    expect(pacedResults.backend).toBe(fastResults.backend);
    expect(results(pacedResults)).toEqual(results(fastResults));
    const trainingSeconds = (m: typeof fastResults) => (m.history.reduce((sum, r) => sum + Number(r.ms), 0) / 1000).toFixed(1);
    console.log(
      `overfit-mlp (40 epochs, ${pacedResults.backend}): Train to done ${fast.toFixed(1)} s at full speed, ${paced.toFixed(1)} s at pace 2 ` +
        `(epochs' own training time ${trainingSeconds(fastResults)} s and ${trainingSeconds(pacedResults)} s); results identical`,
    );

    // Replay at 10 epochs a second: the curves start over at epoch 1, grow, and end on the same final values.
    const finalSummary = await lossSummary(page);
    const finalSince = await page.getByTestId('learning-curves').getAttribute('data-overfit-since');
    expect(finalSince).not.toBeNull();
    await page.getByTestId('pace').selectOption('10');
    // Every epoch count the curves show during the replay, recorded in the page as it changes.
    await page.evaluate(() => {
      const curves = document.querySelector('[data-testid="learning-curves"]')!;
      const w = window as unknown as { shownEpochs: number[] };
      w.shownEpochs = [];
      new MutationObserver(() => w.shownEpochs.push(Number(curves.getAttribute('data-epochs')))).observe(curves, {
        attributes: true,
        attributeFilter: ['data-epochs'],
      });
    });
    await page.getByTestId('replay').click();
    await page.getByTestId('replay-bar').waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="replay-bar"]')?.getAttribute('data-playing') === 'false',
      undefined,
      { timeout: 30_000 },
    );
    const shown = await page.evaluate(() => (window as unknown as { shownEpochs: number[] }).shownEpochs);
    // From epoch 1, one epoch at a time, up to 40.
    expect(shown[0]).toBe(1);
    expect(shown).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await epochsShown(page)).toBe(40);
    expect(await lossSummary(page)).toBe(finalSummary);
    expect(await page.getByTestId('learning-curves').getAttribute('data-overfit-since')).toBe(finalSince);

    // The scrubber jumps to any epoch; the confusion timeline follows it.
    const scrubber = page.getByTestId('replay-scrubber');
    expect(await page.getByLabel(/Replay: epoch/).getAttribute('data-testid')).toBe('replay-scrubber');
    // The overfitting marker is not there before the detector could have found it.
    await scrubber.fill('5');
    expect(await page.getByTestId('learning-curves').getAttribute('data-overfit-since')).toBeNull();
    expect(await epochsShown(page)).toBe(5);
    expect(await lossSummary(page)).toContain('after epoch 5:');
    await showView(page, 'evaluate');
    await page.getByTestId('tab-timeline').click();
    expect(await page.getByTestId('cm-timeline').getAttribute('data-epoch')).toBe('5');
    await showView(page, 'lab');
    await page.getByTestId('replay-close').click();
    expect(await epochsShown(page)).toBe(40);
    expect(await page.getByTestId('replay-bar').count()).toBe(0);

    // A run from the history replays the same way (newest first: the paced run), back in the lab.
    await showView(page, 'history');
    await page.getByTestId('run-replay').first().click();
    await page.getByTestId('view-lab-panel').waitFor();
    await page.getByTestId('replay-bar').waitFor();
    expect(await page.getByTestId('replay-bar').textContent()).toContain('Replaying “');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="replay-bar"]')?.getAttribute('data-playing') === 'false',
      undefined,
      { timeout: 30_000 },
    );
    expect(await epochsShown(page)).toBe(40);
    expect(await lossSummary(page)).toBe(finalSummary);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('in present mode: "." steps from idle, Space pauses and resumes, the pace changes live, "r" replays', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?preset=overfit-mlp&pace=4&present=1');
    expect(await page.locator('.app.present').count()).toBe(1);
    const pause = page.getByTestId('train-pause');
    expect(await pause.getAttribute('aria-keyshortcuts')).toBe('Space');
    expect(await pause.getAttribute('title')).toContain('(Space)');
    expect(await page.getByTestId('train-step').getAttribute('aria-keyshortcuts')).toBe('.');
    expect(await page.getByTestId('replay').getAttribute('aria-keyshortcuts')).toBe('r');
    expect(await page.getByTestId('pace').isVisible()).toBe(true);

    // "." with no run: a run that holds after epoch 1.
    await page.keyboard.press('.');
    expect(await waitForState(page, ['paused'], 60_000)).toBe('paused');
    expect(await epochsShown(page)).toBe(1);
    await page.keyboard.press('.');
    await waitForEpochs(page, 2, 10_000);
    expect(await waitForState(page, ['paused'], 10_000)).toBe('paused');
    expect(await epochsShown(page)).toBe(2);

    // Space resumes, Space pauses; the epochs then stay put.
    await page.keyboard.press(' ');
    await waitForEpochs(page, 4, 10_000);
    await page.keyboard.press(' ');
    await waitForState(page, ['paused'], 10_000);
    const held = await epochsShown(page);
    await page.waitForTimeout(1000);
    expect(await epochsShown(page)).toBe(held);

    // Typing in a field is not a shortcut.
    await page.getByTestId('pace').focus();
    await page.keyboard.press('.');
    await page.waitForTimeout(500);
    expect(await epochsShown(page)).toBe(held);

    // Full speed from here (the pace reaches the running trainer), resume with Space: the run finishes.
    await page.getByTestId('pace').selectOption('0');
    await page.locator('h1').click();
    await page.keyboard.press(' ');
    expect(await waitForState(page, ['done'], 60_000)).toBe('done');
    expect(await epochsShown(page)).toBe(40);

    // "r" replays it.
    await page.keyboard.press('r');
    await page.getByTestId('replay-bar').waitFor();
    expect(await epochsShown(page)).toBeLessThan(40);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="replay-bar"]')?.getAttribute('data-playing') === 'false',
      undefined,
      { timeout: 30_000 },
    );
    expect(await epochsShown(page)).toBe(40);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
