import { createRequire } from 'node:module';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { showView, trainToEnd, useBrowser, type ViewName } from './browser';

// axe-core on the main views: a fresh page, a finished run with every evaluation tab, instructor mode, and the
// dark theme (from the system's prefers-color-scheme). Serious and critical violations fail the test.
const browser = useBrowser();
const baseUrl = inject('baseUrl');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Serious and critical violations on the page as it is now, one line each (rule, element, why). */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes
        .slice(0, 5)
        .map(
          (n) =>
            `${where}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`,
        ),
    );
}

/**
 * Opens the app like openApp, in a context that lets axe's script tag in: the app's Content-Security-Policy
 * allows only its own scripts, which is right for users and in the way of an injected checker.
 */
async function openApp(query = '', options: BrowserContextOptions = {}): Promise<{ page: Page }> {
  const context = await browser().newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true, ...options });
  const page = await context.newPage();
  await page.goto(`${baseUrl}${query}`);
  await page.getByTestId('train-start').waitFor();
  return { page };
}

const EVAL_TABS = ['classes', 'examples', 'robustness', 'timeline', 'efficiency'];
const OTHER_VIEWS: ViewName[] = ['inside', 'experiments', 'history', 'data'];

/** axe on the lab, every Evaluate tab and every other view, in that order; back in the lab at the end. */
async function walkViews(page: Page, where: string): Promise<string[]> {
  const problems = await axeProblems(page, `${where}, lab`);
  await showView(page, 'evaluate');
  await page.getByTestId('class-report').waitFor();
  for (const tab of EVAL_TABS) {
    await page.getByTestId(`tab-${tab}`).click();
    await page.waitForTimeout(300);
    problems.push(...(await axeProblems(page, `${where}, evaluate: ${tab}`)));
  }
  for (const view of OTHER_VIEWS) {
    await showView(page, view);
    await page.waitForTimeout(300);
    problems.push(...(await axeProblems(page, `${where}, ${view}`)));
  }
  await showView(page, 'lab');
  return problems;
}

describe('accessibility (axe-core)', () => {
  it('a fresh page has no serious or critical violations', async () => {
    const { page } = await openApp();
    await page.getByTestId('dataset-preview').waitFor();
    expect(await axeProblems(page, 'fresh')).toEqual([]);
  });

  it('an imported image set: its options, summary and preview of the images as the model sees them', async () => {
    const { page } = await openApp('?view=data');
    await page.getByTestId('data-upload').setInputFiles('test/fixtures/import/shapes.zip');
    await page.getByTestId('image-samples').waitFor({ timeout: 60_000 });
    expect(await axeProblems(page, 'image import')).toEqual([]);
  });

  it('after a finished run, in every view and evaluation tab, and with the train-both comparison', async () => {
    const { page } = await openApp('?data=digits&hidden=32&epochs=3&train=300');
    // With the network view open: its units (means and dead shares here) are checked with the lab.
    await page.getByTestId('network-card').locator('summary').click();
    expect(await trainToEnd(page)).toBe('done');
    const problems = await walkViews(page, 'light');
    await page.getByTestId('train-both').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="train-both-panel"]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 120_000, polling: 250 },
    );
    problems.push(...(await axeProblems(page, 'train both')));
    expect(problems).toEqual([]);
  });

  it('a 2-D run with the network view open, a unit enlarged and a point probed on the plane', async () => {
    const { page } = await openApp('?preset=quick&hidden=8&epochs=3');
    await page.getByTestId('network-card').locator('summary').click();
    expect(await trainToEnd(page)).toBe('done');
    await page.locator('[data-testid="unit-heatmap"][data-layer="1"][data-unit="0"]').focus();
    await page.getByTestId('boundary-plane').click();
    await page.getByTestId('plane-probe').waitFor();
    expect(await axeProblems(page, '2-D network view')).toEqual([]);
  });

  it('instructor mode, in a lesson, after a run', async () => {
    const { page } = await openApp('?lesson=learning-rate&present=1&epochs=5');
    await page.getByTestId('lesson-card').waitFor();
    const problems = await axeProblems(page, 'present');
    expect(await trainToEnd(page)).toBe('done');
    problems.push(...(await axeProblems(page, 'present after a run')));
    expect(problems).toEqual([]);
  });

  it('the dark theme follows prefers-color-scheme; the toggle remembers a choice', async () => {
    const { page } = await openApp('?data=digits&hidden=32&epochs=3&train=300&lesson=overfitting-and-dropout', { colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByTestId('theme-toggle').getAttribute('aria-pressed')).toBe('true');
    const problems = await axeProblems(page, 'dark');
    await page.getByTestId('network-card').locator('summary').click();
    expect(await trainToEnd(page)).toBe('done');
    problems.push(...(await walkViews(page, 'dark after a run')));
    await page.getByTestId('present-toggle').click();
    problems.push(...(await axeProblems(page, 'dark, present')));
    expect(problems).toEqual([]);

    // The choice is remembered over the system's preference.
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.reload();
    await page.getByTestId('train-start').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.getByTestId('theme-toggle').getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });
});
