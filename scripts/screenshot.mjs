// Takes the README screenshot: opens the built app in headless Debian chromium, trains the given preset to
// the end and saves the page to public/screenshot.png. Usage: npm run build && node scripts/screenshot.mjs [preset]
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const preset = process.argv[2] ?? 'overfit-mlp';
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${server.resolvedUrls.local[0]}?preset=${preset}`);
  await page.getByTestId('train-start').click();
  await page.waitForFunction(
    () => ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
    undefined,
    { timeout: 600_000, polling: 500 },
  );
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'public/screenshot.png' });
  console.log('saved public/screenshot.png');
} finally {
  await browser.close();
  await server.close();
}
