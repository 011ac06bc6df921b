import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openApp, showView, trainToEnd, useBrowser } from './browser';

// Bring your own data: a CSV, an image zip and CIFAR-10 batches train end to end; bad files get a clear
// message and leave the lab usable; nothing leaves the page; names from files are text, never HTML.
const browser = useBrowser();
const baseUrl = inject('baseUrl');
const GOOD = 'test/fixtures/import';
const BAD = 'test/fixtures/bad';

const panel = (page: Page) => page.getByTestId('data-upload-panel');

/** Chooses files in the real file input and waits until that import ends (loaded or failed). */
async function upload(page: Page, files: { name: string; path: string }[]): Promise<void> {
  const before = Number(await panel(page).getAttribute('data-finished'));
  await page.getByTestId('data-upload').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: readFileSync(f.path) })));
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="data-upload-panel"]')?.getAttribute('data-finished')) > n,
    before,
    { timeout: 60_000 },
  );
}

async function importError(page: Page): Promise<string> {
  const el = panel(page).getByTestId('error-message');
  await el.waitFor({ timeout: 30_000 });
  return (await el.textContent()) ?? '';
}

describe('bring your own data', () => {
  it('a CSV trains end to end, entirely inside the page, and survives a reload', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?epochs=25&hidden=16&lr=0.03&view=data');
    const origin = new URL(baseUrl).origin;
    const requests: { url: string; method: string; body: string | null }[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
    const csv = readFileSync(`${GOOD}/iris-like.csv`, 'utf8');

    await upload(page, [{ name: 'iris-like.csv', path: `${GOOD}/iris-like.csv` }]);
    await page.getByTestId('data-preview').waitFor();
    // The last column is taken as the target, and its text values make it a classification.
    expect(await page.getByTestId('target-column').inputValue()).toBe('species');
    expect(await page.getByTestId('table-task').inputValue()).toBe('classification');
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('table');
    expect(await page.getByTestId('data-preview').locator('th').first().textContent()).toBe('sepal length');
    // 'note' is mostly empty: it starts excluded, so dropping rows with gaps keeps most of the table.
    expect(await page.getByTestId('upload-table').textContent()).toMatch(/Left out 'note'/);
    // The dataset preview counts the split of the table's rows.
    await showView(page, 'lab');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="split-train"]')?.textContent) > 0 && document.querySelectorAll('.counts tbody tr').length === 3);
    const total = ['split-train', 'split-val', 'split-test'].map(async (id) => Number(await page.getByTestId(id).textContent()));
    expect((await Promise.all(total)).reduce((a, b) => a + b, 0)).toBeGreaterThan(150);

    expect(await trainToEnd(page)).toBe('done');
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.75);

    // Impute instead of dropping rows: the dataset is rebuilt with more rows and still trains.
    await showView(page, 'data');
    await page.getByTestId('table-missing').selectOption('impute');
    await page.waitForFunction(() => /imputed|filled/i.test(document.querySelector('[data-testid="upload-table"]')?.textContent ?? ''), undefined, { timeout: 30_000 });

    // Nothing left the page: every request went to the app's own origin, none was a POST, none carried data.
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(new URL(r.url).origin, r.url).toBe(origin);
      expect(r.method, r.url).toBe('GET');
      expect(r.body).toBeNull();
      expect(r.url).not.toContain('setosa');
    }
    expect(requests.some((r) => csv.includes(decodeURIComponent(new URL(r.url).search.slice(1)).slice(0, 20)) && new URL(r.url).search.length > 20)).toBe(false);

    // A reload keeps the settings (URL) and the table (IndexedDB): it trains again without re-importing.
    await page.reload();
    await page.getByTestId('view-data-panel').waitFor();
    await page.getByTestId('upload-table').waitFor();
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('table');
    expect(await trainToEnd(page)).toBe('done');
    expect(errors).toEqual([]);
  });

  it('an image zip trains a CNN, with the corrupt image listed as skipped', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?model=cnn&conv=8p&dense=16&epochs=20&lr=0.01&batch=8&val=0.2&test=0.2&view=data');
    await page.locator('#upload-size').selectOption('28');
    await upload(page, [{ name: 'shapes.zip', path: `${GOOD}/shapes.zip` }]);
    const card = page.getByTestId('upload-images');
    await card.waitFor();
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('images');
    expect(await card.textContent()).toMatch(/3 classes/);
    const skipped = (await page.getByTestId('upload-skipped').textContent()) ?? '';
    expect(skipped).toMatch(/not a readable image|damaged/);
    expect(skipped).toMatch(/README\.txt/);
    expect(await trainToEnd(page)).toBe('done');
    await showView(page, 'lab');
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.6);
    expect(errors).toEqual([]);
  });

  it('CIFAR-10 batches load as 32×32×3 with the exercise settings and the test batch as the test split', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?epochs=3&view=data');
    const dir = `${GOOD}/cifar-mini`;
    await upload(page, ['data_batch_1.bin', 'test_batch.bin', 'batches.meta.txt'].map((n) => ({ name: n, path: `${dir}/${n}` })));
    await page.getByTestId('upload-images').waitFor();
    // The lab's settings follow the import as soon as it is applied.
    await expect.poll(() => page.getByTestId('setting-dataset').inputValue()).toBe('images');
    expect(await page.getByTestId('setting-model').inputValue()).toBe('cnn');
    expect(await page.getByTestId('setting-conv').inputValue()).toBe('32p,64p,64');
    expect(await page.getByTestId('setting-val').inputValue()).toBe('0.2');
    // 240 training records, 80 in the test batch: the test split is exactly the test batch.
    await showView(page, 'lab');
    await page.waitForFunction(() => document.querySelector('[data-testid="split-test"]')?.textContent === '80');
    // Validation: a stratified 0.2 of the 240 training records (rounded per class).
    const val = Number(await page.getByTestId('split-val').textContent());
    expect(val).toBeGreaterThanOrEqual(44);
    expect(val).toBeLessThanOrEqual(52);
    expect(await trainToEnd(page)).toBe('done');
    expect(errors).toEqual([]);
  });

  it('bad files get a message that says what is wrong and what to do, and the lab stays usable', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?epochs=2&hidden=8&view=data');
    await upload(page, [{ name: 'iris-like.csv', path: `${GOOD}/iris-like.csv` }]);
    await page.getByTestId('upload-table').waitFor();
    const cases: { files: { name: string; path: string }[]; message: RegExp }[] = [
      { files: [{ name: 'binary-named.csv', path: `${BAD}/binary-named.csv` }], message: /looks like a binary file \(a PNG image\), not CSV/ },
      { files: [{ name: 'ragged.csv', path: `${BAD}/ragged.csv` }], message: /row 3 \(line 4\) has 2 fields, but the header has 3/ },
      { files: [{ name: 'one-class.zip', path: `${BAD}/one-class.zip` }], message: /Only one class folder/ },
      { files: [{ name: 'no-class-folders.zip', path: `${BAD}/no-class-folders.zip` }], message: /not in class folders/ },
      { files: [{ name: 'data_batch_1.bin', path: `${BAD}/bad-length.bin` }], message: /not a whole number of 3,073-byte CIFAR-10 records/ },
      { files: [{ name: 'empty.csv', path: `${BAD}/empty.csv` }], message: /is empty/ },
      { files: [{ name: 'notes.docx', path: `${BAD}/small.csv` }], message: /not a file Fitlab can read/ },
    ];
    for (const c of cases) {
      await upload(page, c.files);
      const text = await importError(page);
      expect(text, c.files[0].name).toMatch(c.message);
      expect(text).toMatch(/What to do:/);
      // The table loaded before is still there and still the dataset.
      expect(await page.getByTestId('upload-table').count()).toBe(1);
      await panel(page).getByRole('button', { name: 'Dismiss' }).click();
    }
    expect(await page.getByTestId('setting-dataset').inputValue()).toBe('table');
    expect(await trainToEnd(page)).toBe('done');
    expect(errors).toEqual([]);
  });

  it('a column mixing numbers and text can be read as numbers instead of categories, from its notice', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?view=data');
    const before = Number(await panel(page).getAttribute('data-finished'));
    const rows = Array.from({ length: 8 }, (_, i) => `${i === 3 ? 'abc' : 20 + i},${i % 2 ? 'a' : 'b'}`);
    await page.getByTestId('data-upload').setInputFiles({ name: 'mixed.csv', mimeType: 'text/csv', buffer: Buffer.from(`age,label\n${rows.join('\n')}\n`) });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="data-upload-panel"]')?.getAttribute('data-finished')) > n, before, { timeout: 30_000 });
    const notes = page.locator('[data-testid="upload-table"] .upload-notes');
    expect(await notes.textContent()).toContain("Column 'age' mixes numbers and text: 1 of its 8 values is not a number (the first, 'abc', on row 4 (line 5)).");
    await page.locator('.table-import details summary', { hasText: /^Columns \(/ }).click();
    const choice = page.locator('[data-testid="column-mixed"][data-column="age"]');
    expect(await choice.inputValue()).toBe('categories');
    await choice.selectOption('numbers');
    await page.waitForFunction(() => document.querySelector('[data-testid="upload-table"] .upload-notes')?.textContent?.includes('as chosen'), null, { timeout: 30_000 });
    const after = (await notes.textContent()) ?? '';
    expect(after).toContain("Column 'age': 1 value that is not a number (the first, 'abc', on row 4 (line 5)) counts as missing, as chosen: the column is used as numbers.");
    expect(after).toContain('Dropped 1 row with a missing value in a feature column.');
    expect(after).not.toContain('mixes numbers and text');
    expect(await choice.inputValue()).toBe('numbers');
    expect(errors).toEqual([]);
  });

  it('names from files are shown as text, never run as HTML', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?epochs=1&hidden=4&view=data');
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const rows = ['a,b,' + hostile, ...Array.from({ length: 30 }, (_, i) => `${i},${i % 7},${i % 2 ? hostile : '<b>bold</b>'}`)].join('\n');
    await page.getByTestId('data-upload').setInputFiles({ name: '<script>alert(1)</script>.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
    await page.getByTestId('upload-table').waitFor({ timeout: 30_000 });
    await page.getByTestId('data-preview').waitFor();
    expect(await page.getByTestId('upload-table').textContent()).toContain('<script>alert(1)</script>.csv');
    expect(await page.getByTestId('data-preview').textContent()).toContain(hostile);
    expect(await page.locator('[data-testid="data-upload-panel"] img, [data-testid="data-upload-panel"] script, [data-testid="data-upload-panel"] b').count()).toBe(0);
    expect(await trainToEnd(page)).toBe('done');
    // Class names show in the evaluation as text too.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
