import { describe, expect, inject, it } from 'vitest';
import { openApp, trainToEnd, useBrowser } from './browser';

// The backend probe, the measured choice and its cache, cross-origin isolation, and WASM training a CNN.
const browser = useBrowser();
const baseUrl = inject('baseUrl');

describe('backend choice by measurement', () => {
  it('probes the backends, picks WASM over software WebGL by measuring, remembers it, and trains a CNN on it', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=digits&model=cnn&conv=8p&dense=16&epochs=2&train=300');
    // The page is cross-origin isolated (COOP/COEP from vite preview), so WASM may use threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    // The probe line names this machine's WebGL as software (SwiftShader) and offers WASM.
    await page.locator('summary', { hasText: 'Runtime' }).click();
    const probe = page.getByTestId('backend-probe');
    await probe.waitFor({ timeout: 30_000 });
    expect(await probe.getAttribute('data-webgl-software')).toBe('true');
    expect(await probe.textContent()).toMatch(/SwiftShader.*WASM \(SIMD/);

    // First run: measured; no GPU here, so the choice must not be WebGL.
    expect(await trainToEnd(page)).toBe('done');
    expect(await page.getByTestId('backend').textContent()).toBe('wasm');
    const choice = page.getByTestId('backend-choice');
    expect(await choice.getAttribute('data-reason')).toBe('measured');
    const text = (await choice.textContent()) ?? '';
    const ratio = Number(/([\d.]+)× faster than WebGL/.exec(text)?.[1]);
    expect(ratio).toBeGreaterThan(1);
    // The measurement is short: reported in seconds, and well under a few of them here.
    expect(Number(/measured in ([\d.]+) s/.exec(text)?.[1])).toBeLessThan(5);
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.5);
    const first = {
      epoch: await page.getByTestId('last-epoch').textContent(),
      acc: await page.getByTestId('test-accuracy').getAttribute('data-value'),
    };

    // Second run of the same model: the remembered measurement is reused, not repeated, and on the same
    // backend the same link reproduces the run to the last digit.
    expect(await trainToEnd(page)).toBe('done');
    expect(await choice.getAttribute('data-reason')).toBe('cached');
    expect(await page.getByTestId('backend').textContent()).toBe('wasm');
    expect(await page.getByTestId('last-epoch').textContent()).toBe(first.epoch);
    expect(await page.getByTestId('test-accuracy').getAttribute('data-value')).toBe(first.acc);

    // The user's choice overrides the measurement.
    await page.getByTestId('setting-backend').selectOption('webgl');
    await page.getByTestId('setting-epochs').fill('1');
    expect(await trainToEnd(page)).toBe('done');
    expect(await page.getByTestId('backend').textContent()).toBe('webgl');
    expect(await choice.getAttribute('data-reason')).toBe('user');
    expect(errors).toEqual([]);
  });
});

describe('every preset on every backend', () => {
  it('trains each preset (one short epoch) on WASM, and one of each kind of model on WebGL and the cpu backend, in the app', async () => {
    const { page, errors } = await openApp(browser(), baseUrl);
    const presets = await page
      .locator('[data-testid="preset-select"] option:not([disabled])')
      .evaluateAll((opts) => opts.map((o) => (o as HTMLOptionElement).value));
    expect(presets.length).toBeGreaterThanOrEqual(7);
    // WASM ('auto' here) trains every preset. On WebGL and cpu one preset of each kind runs every kernel the
    // presets use (2-D MLP with its boundary grid, dense + dropout, conv + pool + augmentation, the three-block
    // RGB CNN, a regression head), as in webgpu.test.ts: the others repeat those kernels at other sizes.
    const kinds = ['quick', 'overfit-mlp-dropout', 'overfit-cnn-augment', 'cifar-cnn', 'diabetes'];
    expect(presets).toEqual(expect.arrayContaining(kinds));
    const failures: string[] = [];
    const seconds: string[] = [];
    for (const backend of ['wasm', 'webgl', 'cpu']) {
      for (const preset of backend === 'wasm' ? presets : kinds) {
        // One epoch on 48 training samples: enough to run every kernel of the model's forward and backward pass.
        // On WebGL and cpu the Fashion-MNIST CNN's kernels run on digits: the same layers, without scoring 1,200
        // held-out 28×28 images on a CPU rasteriser (WASM trains the preset as it is); 8×8 inputs leave room for one pool.
        const data = backend !== 'wasm' && preset === 'overfit-cnn-augment' ? '&data=digits&conv=16p,32' : '';
        const started = Date.now();
        await page.goto(`${baseUrl}?preset=${preset}&backend=${backend}&epochs=1&train=48&n=300${data}`);
        const state = await trainToEnd(page);
        const used = await page.getByTestId('backend').textContent();
        if (state !== 'done' || used !== backend) failures.push(`${preset} on ${backend}: ${state}, ran on ${used}`);
        seconds.push(`${preset} on ${backend} ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    }
    console.log(`Every preset on every backend: ${seconds.join(', ')}`);
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
  });
});
