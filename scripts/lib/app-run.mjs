/**
 * Trains a preset in the real app, as a user would: opens `?preset=<id>` in a new page, clicks Train and waits
 * for the run to end (up to an hour). Shared by the measuring scripts. Returns the page and the run's seconds.
 */
export async function trainPresetInApp(browser, base, id) {
  const page = await browser.newPage();
  await page.goto(`${base}?preset=${id}`);
  await page.getByTestId('train-start').waitFor();
  const t0 = Date.now();
  await page.getByTestId('train-start').click();
  await page.waitForFunction(
    () => ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
    undefined,
    { timeout: 3_600_000, polling: 500 },
  );
  return { page, seconds: (Date.now() - t0) / 1000 };
}
