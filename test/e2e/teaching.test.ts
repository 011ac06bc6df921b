import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, openExportMenu, trainToEnd, useBrowser } from './browser';

// Teaching features through the real UI: a lesson step by step, instructor mode, "Train both", the report, and
// the whole path from setting to finished run with the keyboard alone. Small data and few epochs throughout.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

const runState = (page: Page) => page.getByTestId('run-status').getAttribute('data-state');

/** Waits for the run the last action started to end; returns its state. */
async function waitForRunEnd(page: Page, timeout = 120_000): Promise<string> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'training',
    undefined,
    { timeout: 20_000 },
  );
  await page.waitForFunction(
    () =>
      ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? '') &&
      !document.querySelector('[data-testid="heldout-matrix"][data-pending]'),
    undefined,
    { timeout, polling: 200 },
  );
  return (await runState(page)) ?? '';
}

/** The last epoch's train and validation loss, as the run controls show them. */
async function lastLosses(page: Page): Promise<{ loss: number; val: number }> {
  const text = (await page.getByTestId('last-epoch').textContent()) ?? '';
  const m = /loss ([\d.]+) · val_loss ([\d.]+)/.exec(text);
  if (!m) throw new Error(`unexpected last-epoch text: ${text}`);
  return { loss: Number(m[1]), val: Number(m[2]) };
}

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  // The run's exports sit in the header's Export menu; the charts' PNG buttons are on the charts.
  if (!testId.startsWith('png-')) await openExportMenu(page);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

describe('teaching', () => {
  it('follows the overfitting lesson step by step: banner at the turn, dropout closes the gap, the point at the end', async () => {
    const started = Date.now();
    const { page, errors } = await openApp(browser(), baseUrl, '?lesson=overfitting-and-dropout');
    const card = page.getByTestId('lesson-card');
    await card.waitFor();
    // The lesson's link settings are applied, without any "unknown key" notice, and the URL keeps lesson=.
    expect(await page.getByTestId('url-notice').count()).toBe(0);
    expect(page.url()).toContain('lesson=overfitting-and-dropout');
    expect(page.url()).toContain('train=120');
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('digits');
    expect(await card.locator('ol > li').count()).toBe(3);
    expect(await page.getByTestId('lesson-step-0').getAttribute('aria-current')).toBe('step');
    // The lesson hides the controls it does not use.
    expect(await page.getByTestId('setting-l1').count()).toBe(0);

    // Step 1: Train. Validation loss turns up: the banner names the epoch, the chart marks it.
    await page.getByTestId('lesson-do-0').click();
    expect(await waitForRunEnd(page)).toBe('done');
    const banner = page.getByTestId('overfit-banner');
    await banner.waitFor();
    const since = Number(await banner.getAttribute('data-epoch'));
    expect(since).toBeGreaterThan(1);
    expect(since).toBeLessThan(30);
    expect(await banner.textContent()).toMatch(/Overfitting since epoch \d+.*(early stopping|dropout)/i);
    expect(await page.locator('[data-testid="chart-loss"] [role="group"]').getAttribute('aria-label')).toContain(
      `Overfitting since epoch ${since}`,
    );
    expect(await page.getByTestId('lesson-check-0').getAttribute('data-pass')).toBe('true');
    const before = await lastLosses(page);

    // Step 2: Next, then "Do it" switches dropout on through the store (so the URL has it) and trains.
    await page.getByTestId('lesson-next').click();
    expect(await page.getByTestId('lesson-step-1').getAttribute('aria-current')).toBe('step');
    expect(page.url()).not.toContain('drop=1');
    await page.getByTestId('lesson-do-1').click();
    expect(await page.getByTestId('setting-dropout').isChecked()).toBe(true);
    expect(page.url()).toContain('drop=1');
    expect(await waitForRunEnd(page)).toBe('done');
    const after = await lastLosses(page);
    expect(after.val - after.loss).toBeLessThan(0.5 * (before.val - before.loss));
    const bannerAfter = await page.getByTestId('overfit-banner').count();
    if (bannerAfter) expect(Number(await page.getByTestId('overfit-banner').getAttribute('data-epoch'))).toBeGreaterThan(since);
    expect(await page.getByTestId('lesson-check-1').getAttribute('data-pass')).toBe('true');

    // Step 3: too much dropout; when its run ends the lesson's point is shown.
    await page.getByTestId('lesson-next').click();
    await page.getByTestId('lesson-do-2').click();
    expect(await waitForRunEnd(page)).toBe('done');
    await page.getByTestId('lesson-point').waitFor();
    expect(await page.getByTestId('lesson-point').textContent()).toMatch(/dropout 0\.5/);
    console.log(`overfitting-and-dropout lesson: link to point in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(errors).toEqual([]);
  });

  it('instructor mode hides what the URL says; the toggle writes present=1 and brings the controls back', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?present=1&lr_hide=1');
    expect(await page.locator('.app.present').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.classList.contains('present'))).toBe(true);
    const toggle = page.getByTestId('present-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('setting-lr').count()).toBe(0);
    expect(await page.getByTestId('setting-seed').count()).toBe(0);
    expect(await page.getByTestId('setting-epochs').count()).toBe(1);
    const rootSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(rootSize).toBeGreaterThan(16);

    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('.app.present').count()).toBe(0);
    expect(page.url()).not.toContain('present=1');
    expect(page.url()).toContain('lr_hide=1');
    expect(await page.getByTestId('setting-seed').count()).toBe(1);
    // `<key>_hide=1` hides in any mode.
    expect(await page.getByTestId('setting-lr').count()).toBe(0);

    await toggle.click();
    expect(page.url()).toContain('present=1');
    expect(await page.getByTestId('setting-seed').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("Train both runs the settings, then the variant, and overlays both runs' curves; each chart saves as PNG", async () => {
    const { page, errors } = await openApp(
      browser(),
      baseUrl,
      '?data=digits&train=120&lnoise=0.2&val=0.25&test=0.25&hidden=128&lr=0.003&epochs=12',
    );
    expect(await page.getByTestId('train-both-variant').inputValue()).toBe('dropout');
    await page.getByTestId('train-both').click();
    await page.waitForFunction(
      () =>
        ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="train-both-panel"]')?.getAttribute('data-state') ?? ''),
      undefined,
      {
        timeout: 120_000,
        polling: 250,
      },
    );
    expect(await page.getByTestId('train-both-panel').getAttribute('data-state')).toBe('done');
    const chart = page.getByTestId('train-both-chart');
    expect(await chart.getAttribute('data-runs')).toBe('2');
    // Four drawn lines: train and validation loss of A and of B, each named in the legend.
    const drawn = await chart
      .locator('path.recharts-curve')
      .evaluateAll((paths) => paths.filter((p) => (p.getAttribute('d') ?? '').length > 20).length);
    expect(drawn).toBe(4);
    const legend = await chart.locator('.pair-legend li').allTextContents();
    expect(legend).toHaveLength(4);
    expect(legend.filter((t) => t.startsWith('A, without dropout'))).toHaveLength(2);
    expect(legend.filter((t) => t.startsWith('B, with dropout'))).toHaveLength(2);
    const dashes = await chart
      .locator('path.recharts-curve')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke-dasharray') ?? 'solid'));
    expect(new Set(dashes).size).toBe(4);
    // B's settings stay applied; "Back to A" restores them.
    expect(await page.getByTestId('setting-dropout').isChecked()).toBe(true);
    await page.getByTestId('train-both-restore').click();
    expect(await page.getByTestId('setting-dropout').isChecked()).toBe(false);

    const png = await download(page, 'png-train-both');
    expect(png.name).toBe('fitlab-train-both.png');
    expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    const lossPng = await download(page, 'png-loss-curves');
    expect(lossPng.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(lossPng.bytes.length).toBeGreaterThan(5000);
    expect(errors).toEqual([]);
  });

  it('downloads a printable HTML report with the confusion matrix, and CSVs of the epochs and classes', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=spiral&epochs=5&seed=3');
    expect(await trainToEnd(page)).toBe('done');
    const report = await download(page, 'download-report');
    expect(report.name).toMatch(/^fitlab-report-spiral-.*\.html$/);
    const html = report.bytes.toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<table class="confusion">');
    const cells = await page.$$eval('[data-testid="cm-cell"]', (tds) => tds.map((td) => td.getAttribute('data-count')));
    for (const count of cells) expect(html).toContain(`>${count}</td>`);
    expect(html).not.toContain('<script');

    const epochs = (await download(page, 'export-csv-epochs')).bytes.toString('utf8').trim().split(/\r\n/);
    expect(epochs[0]).toBe('epoch,loss,val_loss,acc,val_acc,lr,ms');
    expect(epochs).toHaveLength(6);
    const classes = (await download(page, 'export-csv-classes')).bytes.toString('utf8').trim().split(/\r\n/);
    expect(classes[0]).toBe('class,precision,recall,f1,support');
    expect(classes.slice(1, 3).map((l) => l.split(',')[0])).toEqual(['class 0', 'class 1']);
    expect(errors).toEqual([]);
  });

  it('the keyboard alone sets up a run and trains it; settings explain themselves on focus', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=spiral&epochs=30');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');
    const tabTo = async (testId: string) => {
      for (let i = 0; i < 150; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()) === testId) return;
      }
      throw new Error(`Tab never reached ${testId}`);
    };
    await tabTo('setting-activation');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('setting-activation').inputValue()).toBe('tanh');
    await tabTo('setting-dropout');
    await page.keyboard.press('Space');
    expect(await page.getByTestId('setting-dropout').isChecked()).toBe(true);
    await tabTo('setting-epochs');
    // The explanation appears on focus, not only on hover, and describes the control.
    const tip = page.getByTestId('tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/^Epochs: 30 passes/);
    const describedBy = await page.getByTestId('setting-epochs').getAttribute('aria-describedby');
    expect(await tip.getAttribute('id')).toBe(describedBy);
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    expect(page.url()).toContain('epochs=4');
    await tabTo('train-start');
    await page.keyboard.press('Enter');
    expect(await waitForRunEnd(page)).toBe('done');
    expect(await page.getByTestId('learning-curves').getAttribute('data-epochs')).toBe('4');
    expect(page.url()).toContain('act=tanh');
    expect(page.url()).toContain('drop=1');
    expect(errors).toEqual([]);
  });
});
