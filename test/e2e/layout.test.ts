import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { trainToEnd, useBrowser } from './browser';

// One screen tells the story: at laptop and projector sizes the run controls, the curves, the held-out
// accuracy and every confusion-matrix cell (and for 2-D data the decision boundary) are in view with the page
// at the top; on a phone nothing scrolls sideways; in present mode the curves take the room while training.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

const LAPTOP = { width: 1440, height: 900 };
const PROJECTOR = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

async function open(query: string, viewport = LAPTOP): Promise<Page> {
  const page = await browser().newPage({ viewport });
  await page.goto(`${baseUrl}${query}`);
  await page.getByTestId('train-start').waitFor();
  return page;
}

/**
 * Every element matching a test id that lies (more than 1 px) outside the viewport, with the page scrolled
 * to the top; an element that is missing counts as outside. Returns descriptions, so a failure says which.
 */
async function outOfView(page: Page, testIds: string[]): Promise<string[]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  return page.evaluate((ids) => {
    const out: string[] = [];
    for (const id of ids) {
      const els = [...document.querySelectorAll(`[data-testid="${id}"]`)];
      if (!els.length) out.push(`${id}: missing`);
      for (const el of els) {
        const r = el.getBoundingClientRect();
        const inside =
          r.width > 0 && r.height > 0 && r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1;
        if (!inside)
          out.push(
            `${id}${el.getAttribute('data-row') !== null ? `[${el.getAttribute('data-row')},${el.getAttribute('data-col')}]` : ''}: ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`,
          );
      }
    }
    return out;
  }, testIds);
}

/** [] when nothing scrolls sideways; else the page's widths and the elements that stick out, for the message. */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    if (scrollWidth <= clientWidth) return [];
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > clientWidth + 1);
    return [
      `page ${scrollWidth} > ${clientWidth}`,
      ...wide.slice(0, 8).map((e) => `${e.tagName.toLowerCase()}.${e.className} right ${Math.round(e.getBoundingClientRect().right)}`),
    ];
  });
const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

/**
 * Starts collecting the scripts the page itself loads (the workers' own bundles carry TF.js by design: they
 * run off the page's thread). The returned function waits for network idle, then names those that are TF.js.
 */
function watchPageScripts(page: Page): () => Promise<string[]> {
  const scripts: Promise<{ file: string; tfjs: boolean }>[] = [];
  page.on('response', (res) => {
    const file = new URL(res.url()).pathname.split('/').pop() ?? '';
    if (res.request().resourceType() !== 'script' || /\.worker-[\w-]+\.js$/.test(file)) return;
    scripts.push(res.text().then((body) => ({ file, tfjs: body.includes('High memory usage in GPU') })));
  });
  return async () => {
    // Idle-time chunks (the views a click away) have loaded by network idle: none of them may be TF.js.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_000);
    const loaded = await Promise.all(scripts);
    expect(loaded.length).toBeGreaterThan(5);
    return loaded.filter((s) => s.tfjs).map((s) => s.file);
  };
}

const AFTER_RUN = ['train-start', 'run-status', 'backend', 'learning-curves', 'test-accuracy', 'cm-cell'];

/** After a run, on a laptop and a projector: the story in view, the page not scrolling, the matrix not cut. */
async function expectStoryInView(page: Page): Promise<void> {
  for (const viewport of [LAPTOP, PROJECTOR]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    expect(await outOfView(page, AFTER_RUN), `${viewport.width}×${viewport.height}`).toEqual([]);
    expect(await pageHeight(page)).toBeLessThanOrEqual(viewport.height);
    // The matrix fits its column: no scroll box inside the panel hides a class.
    expect(await page.getByTestId('confusion-matrix').evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
  }
}

/** On a phone: one column, nothing scrolls sideways (charts follow a resize a few frames later, so this polls). */
async function expectNoSidewaysScrollOnPhone(page: Page): Promise<void> {
  await page.setViewportSize(PHONE);
  await expect.poll(() => sidewaysScroll(page), { timeout: 5_000 }).toEqual([]);
}

describe('one screen tells the story', () => {
  it('the bare URL shows the data, the model and Train on the first screen, at every size', async () => {
    const page = await open('');
    await page.getByTestId('architecture').waitFor();
    for (const viewport of [LAPTOP, PROJECTOR]) {
      await page.setViewportSize(viewport);
      expect(
        await outOfView(page, ['train-start', 'learning-curves', 'decision-boundary', 'architecture', 'dataset-preview']),
        `${viewport.width}×${viewport.height}`,
      ).toEqual([]);
      // The page itself does not scroll: the sidebar and the view scroll on their own.
      expect(await pageHeight(page)).toBeLessThanOrEqual(viewport.height);
    }
    // Before training, the boundary panel already shows the points to be separated.
    expect(await page.getByTestId('decision-boundary').getAttribute('data-epoch')).toBe('');
    await expectNoSidewaysScrollOnPhone(page);
    // The settings fold when the window turns narrow (a media-query change event, then a render): wait for it.
    await expect.poll(() => outOfView(page, ['train-start']), { timeout: 5_000 }).toEqual([]);
    await page.close();
  });

  it('the model summary is there with the first screen, and the page itself never loads TF.js (the worker does)', async () => {
    const page = await browser().newPage({ viewport: LAPTOP });
    const tfjsOnPage = watchPageScripts(page);
    await page.goto(`${baseUrl}?preset=overfit-cnn`);
    await page.getByTestId('train-start').waitFor();
    // The layers come from the model's plan, so they show with the settings, not after a library load.
    expect(await page.getByTestId('architecture').textContent()).toContain(
      'in 28×28×1 → Conv 16 → Pool → Conv 32 → Pool → Flatten → Dense 64 → Dense 10',
    );
    expect(await page.getByTestId('param-count').getAttribute('data-count')).toBe('56714');
    expect(await tfjsOnPage()).toEqual([]);
    await page.close();
  });

  it('the augmentation strip draws in its own worker: six augmented images in frames held from the start, a new draw on request, no TF.js on the page', async () => {
    const page = await browser().newPage({ viewport: LAPTOP });
    const tfjsOnPage = watchPageScripts(page);
    await page.goto(`${baseUrl}?preset=overfit-cnn-augment`);
    const strip = page.getByTestId('augment-preview');
    // The section may be folded: the canvases are read whether or not they are on screen.
    const thumbs = (name: string) =>
      strip
        .locator(`canvas[aria-label="${name} training image"]`)
        .evaluateAll((els) => els.map((c) => (c as HTMLCanvasElement).toDataURL()));
    // Before the worker answers, the augmented row already holds six frames of the thumbs' size: the form below
    // the strip stays where it is when the images arrive (a checkbox there once moved under the pointer).
    await strip.waitFor({ state: 'attached' });
    const boxes = strip.locator('.image-row').nth(1).locator('.thumb');
    expect(await boxes.count()).toBe(6);
    await expect.poll(async () => (await thumbs('augmented')).length, { timeout: 30_000 }).toBe(6);
    expect(await boxes.count()).toBe(6);
    const originals = await thumbs('original');
    const firstDraw = await thumbs('augmented');
    expect(originals).toHaveLength(6);
    expect(firstDraw).not.toEqual(originals);
    await strip.getByRole('button', { name: 'Another draw', includeHidden: true }).dispatchEvent('click');
    await expect.poll(async () => (await thumbs('augmented')).join(), { timeout: 30_000 }).not.toBe(firstDraw.join());
    expect(await thumbs('augmented')).toHaveLength(6);
    expect(await tfjsOnPage()).toEqual([]);
    await page.close();
  });

  it('the Content-Security-Policy is in force from the first module on: the page cannot reach another origin', async () => {
    const page = await open('');
    const policies = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('content')));
    expect(policies).toHaveLength(1);
    expect(policies[0]).toContain("default-src 'self'");
    // A request elsewhere is refused by the browser (a violation event), not merely failed by the network.
    const refused = await page.evaluate(async () => {
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`), { once: true }),
      );
      await fetch('http://198.51.100.7/upload', { method: 'POST', body: 'data' }).catch(() => undefined);
      return Promise.race([violation, new Promise<string>((resolve) => setTimeout(() => resolve('no violation'), 2_000))]);
    });
    expect(refused).toBe('connect-src http://198.51.100.7/upload');
    await page.close();
  });

  it('the curves hold their size from Train to the end of a run: readouts, verdict and marker key keep their places', async () => {
    for (const viewport of [LAPTOP, PROJECTOR]) {
      const page = await open('?preset=overfit-mlp', viewport);
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId('verdict').getAttribute('data-state')).toBe('too-early');
      // Every size the loss chart's box takes after the click (its size just before the click is the first).
      await page.evaluate(() => {
        const w = window as unknown as { chartSizes: string[] };
        const box = document.querySelector('[data-testid="chart-loss"] .curve-box')!;
        const size = (r: { width: number; height: number }) => `${Math.round(r.width)}×${Math.round(r.height)}`;
        w.chartSizes = [size(box.getBoundingClientRect())];
        new ResizeObserver(() => w.chartSizes.push(size(box.getBoundingClientRect()))).observe(box);
      });
      expect(await trainToEnd(page)).toBe('done');
      // The run overfits: the warning took the verdict's place, and both markers are in the key.
      await page.getByTestId('overfit-banner').waitFor();
      expect(await page.locator('.marker-key li').count()).toBe(2);
      const sizes = await page.evaluate(() => (window as unknown as { chartSizes: string[] }).chartSizes);
      expect(new Set(sizes).size, `${viewport.width}×${viewport.height}: ${sizes.join(', ')}`).toBe(1);
      await page.close();
    }
  });

  it('after overfit-mlp: curves, test accuracy and all 100 matrix cells in view on a laptop and a projector', async () => {
    const page = await open('?preset=overfit-mlp');
    expect(await trainToEnd(page)).toBe('done');
    expect(await page.getByTestId('cm-cell').count()).toBe(100);
    await expectStoryInView(page);
    await expectNoSidewaysScrollOnPhone(page);
    await page.close();
  });

  it('after a 10-class Fashion-MNIST CNN: every row and column of the matrix, no sideways scroll', async () => {
    const page = await open('?preset=overfit-cnn&epochs=2');
    expect(await trainToEnd(page)).toBe('done');
    expect(await page.getByTestId('cm-cell').count()).toBe(100);
    await expectStoryInView(page);
    // Long class names are cut in the headers, and the full name is there on hover and for screen readers.
    const header = page.locator('.cm-col [title="Ankle boot"]');
    expect(await header.count()).toBe(1);
    expect(await header.locator('.sr-only').textContent()).toBe('Ankle boot');
    await expectNoSidewaysScrollOnPhone(page);
    await page.close();
  });

  it('a quick 2-D run keeps the decision boundary in view beside the result', async () => {
    const page = await open('?preset=quick&epochs=5', PROJECTOR);
    expect(await trainToEnd(page)).toBe('done');
    expect(await outOfView(page, [...AFTER_RUN, 'decision-boundary'])).toEqual([]);
    expect(await page.getByTestId('decision-boundary').getAttribute('data-epoch')).toBe('5');
    await page.close();
  });

  it('present mode: the curves take at least 40 % of a projector while training, then the result comes into view', async () => {
    for (const viewport of [PROJECTOR, { width: 1920, height: 1080 }]) {
      const page = await open('?preset=overfit-mlp&epochs=300&present=1', viewport);
      await page.getByTestId('train-start').click();
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="learning-curves"]')?.getAttribute('data-epochs')) >= 2,
        undefined,
        { timeout: 60_000 },
      );
      const share = await page.getByTestId('learning-curves').evaluate((el) => {
        const r = el.getBoundingClientRect();
        const visible =
          Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0)) *
          Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
        return visible / (innerWidth * innerHeight);
      });
      expect(share, `${viewport.width}×${viewport.height}`).toBeGreaterThanOrEqual(0.4);
      expect(await page.getByTestId('run-status').getAttribute('data-state')).toBe('training');
      expect(await outOfView(page, ['train-stop', 'run-status', 'learning-curves'])).toEqual([]);
      await page.getByTestId('train-stop').click();
      // Stopped, and the held-out matrix (drawn a frame or two after the numbers) is in the page.
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'stopped' &&
          document.querySelector('[data-testid="heldout-matrix"]:not([data-pending]) [data-testid="cm-cell"]') !== null,
        undefined,
        { timeout: 30_000 },
      );
      expect(await outOfView(page, ['test-accuracy', 'cm-cell', 'learning-curves']), `${viewport.width}×${viewport.height}`).toEqual([]);
      expect(await smallText(page)).toEqual([]);
      await page.close();
    }
    // A whole run, overfitting banner and all: the held-out accuracy and the 10×10 matrix in view on a projector.
    const page = await open('?preset=overfit-mlp&present=1', PROJECTOR);
    expect(await trainToEnd(page)).toBe('done');
    await page.getByTestId('overfit-banner').waitFor();
    expect(await outOfView(page, ['test-accuracy', 'cm-cell', 'learning-curves', 'overfit-banner'])).toEqual([]);
    await page.close();
  });

  it('views are one click away, deep-linkable, kept by Copy link, and change no setting', async () => {
    const page = await open('?preset=quick&epochs=4');
    const settingsBefore = new URL(page.url()).searchParams;
    for (const view of ['evaluate', 'experiments', 'history', 'data'] as const) {
      await page.getByTestId(`view-${view}`).click();
      await page.getByTestId(`view-${view}-panel`).waitFor();
      expect(await page.getByTestId(`view-${view}`).getAttribute('aria-current')).toBe('page');
      const url = new URL(page.url());
      expect(url.searchParams.get('view')).toBe(view);
      for (const [key, value] of settingsBefore) expect(url.searchParams.get(key), key).toBe(value);
      // Train and the run state stay on top of every view.
      expect(await outOfView(page, ['train-start', 'run-status'])).toEqual([]);
    }
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
    await page.getByTestId('copy-link').click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).searchParams.get('view')).toBe('data');
    // The link opens on that view; the lab link drops the key again.
    const again = await open(new URL(link).search);
    await again.getByTestId('view-data-panel').waitFor();
    await again.getByTestId('view-lab').click();
    await again.getByTestId('view-lab-panel').waitFor();
    expect(new URL(again.url()).searchParams.has('view')).toBe(false);
    // A value that names no view opens the lab.
    const unknown = await open('?view=nowhere');
    await unknown.getByTestId('view-lab-panel').waitFor();
    await Promise.all([page.close(), again.close(), unknown.close()]);
  });
});

/** Visible text in the lab view and the sidebar set smaller than 20 px (present mode's floor), one line each. */
function smallText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const roots = [document.querySelector('.main'), document.querySelector('.sidebar')];
    for (const root of roots) {
      if (!root) continue;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || !node.textContent?.trim()) continue;
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('.sr-only, [aria-hidden="true"] .sr-only'))
          continue;
        const size = parseFloat(style.fontSize);
        if (size < 19.5) out.push(`${size}px: ${node.textContent.trim().slice(0, 40)} (${el.tagName.toLowerCase()}.${el.className})`);
      }
    }
    return [...new Set(out)].slice(0, 20);
  });
}
