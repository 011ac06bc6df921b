// Takes the README screenshots: opens the built app in headless Debian chromium, trains the given preset to
// the end and saves the lab at 1440×900 (public/screenshot.png) and present mode on a 1280×720 projector
// (public/screenshot-present.png). Usage: npm run build && node scripts/screenshot.mjs [preset]
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/chromium.mjs';
import { preview } from 'vite';

const preset = process.argv[2] ?? 'overfit-mlp';
const SHOTS = [
  { file: 'public/screenshot.png', query: `?preset=${preset}`, viewport: { width: 1440, height: 900 } },
  { file: 'public/screenshot-present.png', query: `?preset=${preset}&present=1`, viewport: { width: 1280, height: 720 } },
];
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});
try {
  for (const shot of SHOTS) {
    const page = await browser.newPage({ viewport: shot.viewport });
    await page.goto(`${server.resolvedUrls.local[0]}${shot.query}`);
    await page.getByTestId('train-start').click();
    await page.waitForFunction(
      () => ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
      undefined,
      { timeout: 600_000, polling: 500 },
    );
    await page.waitForTimeout(500);
    await page.screenshot({ path: shot.file });
    console.log(`saved ${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
