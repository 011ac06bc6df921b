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

    // Second run of the same model: the remembered measurement is reused, not repeated.
    expect(await trainToEnd(page)).toBe('done');
    expect(await choice.getAttribute('data-reason')).toBe('cached');
    expect(await page.getByTestId('backend').textContent()).toBe('wasm');

    // The user's choice overrides the measurement.
    await page.getByTestId('setting-backend').selectOption('webgl');
    await page.getByTestId('setting-epochs').fill('1');
    expect(await trainToEnd(page)).toBe('done');
    expect(await page.getByTestId('backend').textContent()).toBe('webgl');
    expect(await choice.getAttribute('data-reason')).toBe('user');
    expect(errors).toEqual([]);
  });
});
