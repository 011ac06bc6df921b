import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { openApp, showView, trainToEnd, useBrowser } from './browser';

// The efficiency panel after a real run: size, latency, quantised and pruned accuracy, model download.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

describe('efficiency panel', () => {
  it('measures size, latency, quantisation and pruning of the trained model, and downloads it', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=digits&hidden=64&epochs=6&lr=0.01&seed=8');
    expect(await trainToEnd(page)).toBe('done');
    const testAccuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));

    await showView(page, 'evaluate');
    await page.getByTestId('tab-efficiency').click();
    await page.getByTestId('efficiency-run').click();
    const panel = page.getByTestId('efficiency-panel');
    await panel.getByTestId('quantized-accuracy').waitFor({ timeout: 120_000 });

    // 64·64 + 64 + 64·10 + 10 = 4,810 parameters, 4 bytes each in float32.
    expect(Number(await panel.getByTestId('model-size').getAttribute('data-bytes'))).toBe(4810 * 4);
    expect(Number(await panel.getByTestId('latency').getAttribute('data-per-sample-ms'))).toBeGreaterThan(0);
    const quantized = panel.getByTestId('quantized-accuracy');
    // float16 keeps 11 significant bits: on a small MLP its accuracy stays within a sample or two.
    expect(Math.abs(Number(await quantized.getAttribute('data-float16')) - testAccuracy)).toBeLessThanOrEqual(0.01);
    expect(Number(await quantized.getAttribute('data-int8'))).toBeGreaterThan(testAccuracy - 0.1);
    const pruning = JSON.parse((await panel.getByTestId('pruning-chart').getAttribute('data-points')) ?? '[]') as number[];
    expect(pruning.length).toBeGreaterThanOrEqual(5);
    expect(pruning[0]).toBeCloseTo(testAccuracy, 12);
    expect(pruning[pruning.length - 1]).toBeLessThan(testAccuracy);

    // Download the int8 model: model.json in TF.js layers format naming the weights file saved beside it.
    const downloads: { name: string; path: string }[] = [];
    page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), path: (await d.path())! }));
    await panel.locator('[data-testid="download-model"] button[data-precision="int8"]').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => downloads.every((d) => d.path)).toBe(true);
    const json = downloads.find((d) => d.name.endsWith('.json'))!;
    const bin = downloads.find((d) => d.name.endsWith('.bin'))!;
    const model = JSON.parse(await readFile(json.path, 'utf8'));
    expect(model.format).toBe('layers-model');
    const manifest = model.weightsManifest[0];
    expect(manifest.paths).toEqual([bin.name]);
    expect(manifest.weights.every((w: { quantization?: { dtype: string } }) => w.quantization?.dtype === 'uint8')).toBe(true);
    // One byte per weight: the int8 file is a quarter of the float32 size.
    expect((await readFile(bin.path)).length).toBe(4810);

    // The float32 download loads back into the lab (a fresh page, same link) and scores exactly the same on
    // the same test split, without training.
    downloads.length = 0;
    await panel.locator('[data-testid="download-model"] button[data-precision="float32"]').click();
    await expect.poll(() => downloads.length === 2 && downloads.every((d) => d.path), { timeout: 30_000 }).toBe(true);
    const { page: fresh, errors: freshErrors } = await openApp(browser(), baseUrl, '?data=digits&hidden=64&epochs=6&lr=0.01&seed=8');
    await fresh
      .getByTestId('model-upload')
      .setInputFiles(downloads.map((d) => ({ name: d.name, mimeType: 'application/octet-stream', buffer: readFileSync(d.path) })));
    await fresh.waitForFunction(
      () => ['done', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    expect(await fresh.getByTestId('run-status').getAttribute('data-state')).toBe('done');
    expect(await fresh.getByTestId('learning-curves').getAttribute('data-epochs')).toBe('0');
    expect(Number(await fresh.getByTestId('test-accuracy').getAttribute('data-value'))).toBe(testAccuracy);
    // The weights file alone is refused with a message naming what is missing.
    await fresh.getByTestId('model-upload').setInputFiles(downloads.filter((d) => d.name.endsWith('.bin')).map((d) => d.path));
    await fresh.waitForFunction(
      () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'error',
      undefined,
      { timeout: 60_000 },
    );
    expect(await fresh.getByTestId('error-message').first().textContent()).toMatch(/\.json file together with its \.bin/);
    expect(freshErrors).toEqual([]);
    await fresh.context().close();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
