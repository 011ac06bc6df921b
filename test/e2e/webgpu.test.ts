import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, scoreGap, trainOnBackend, trainToEnd, useBrowser, WEBGPU_ARGS } from './browser';

// WebGPU, on the SwiftShader adapter headless chromium offers with WEBGPU_ARGS: correct here, not fast. The
// probe names the adapter as software, `auto` never picks it over WASM without measuring, every preset trains
// on it when chosen by hand to the held-out score the same run gets on WASM (so every preset trains on WASM
// too), and its gradients equal the cpu backend's.
const browser = useBrowser(WEBGPU_ARGS);
const baseUrl = inject('baseUrl');
const resolve = createRequire(import.meta.url).resolve;

describe('WebGPU backend', () => {
  it('is probed as a software adapter, and auto measures before it would pick it', async () => {
    const { page, errors } = await openApp(browser(), baseUrl, '?data=digits&hidden=32&epochs=1&train=200');
    await page.locator('summary', { hasText: 'Runtime' }).click();
    const probe = page.getByTestId('backend-probe');
    await probe.waitFor({ timeout: 30_000 });
    expect(await probe.getAttribute('data-webgpu')).toBe('true');
    expect(await probe.getAttribute('data-webgpu-software')).toBe('true');
    expect(await probe.textContent()).toMatch(/WebGPU \(software: swiftshader, no GPU\)/i);
    expect(await trainToEnd(page)).toBe('done');
    expect(await page.getByTestId('backend-choice').getAttribute('data-reason')).toBe('measured');
    expect(await page.getByTestId('backend').textContent()).toBe('wasm');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('trains every preset one short epoch, chosen by hand, to the held-out score WASM gives', { timeout: 600_000 }, async () => {
    const { page, errors } = await openApp(browser(), baseUrl);
    const presets = await page
      .locator('[data-testid="preset-select"] option:not([disabled])')
      .evaluateAll((opts) => opts.map((o) => (o as HTMLOptionElement).value));
    expect(presets.length).toBeGreaterThanOrEqual(11);
    // The Runtime section (closed by default) holds the backend field; it stays open across presets.
    await page.locator('summary', { hasText: 'Runtime' }).click();
    const failures: string[] = [];
    const seconds: string[] = [];
    for (const preset of presets) {
      const started = Date.now();
      // Chosen in the page, not by loading a link: the worker, and the WebGPU pipelines it has compiled, stay.
      await choosePreset(page, preset);
      const gpu = await trainOnBackend(page, 'webgpu');
      // The same run on WASM: same seed, same batches, same dropout masks, so only rounding may differ. A
      // kernel that returns zeros or garbage still ends `done` with a finite score, but not with WASM's.
      const wasm = gpu.state === 'done' ? await trainOnBackend(page, 'wasm') : gpu;
      const gap = scoreGap(gpu.value, wasm.value);
      const agrees = gap <= SCORE_TOLERANCE;
      if (gpu.state !== 'done' || gpu.used !== 'webgpu' || !Number.isFinite(gpu.value) || wasm.used !== 'wasm' || !agrees)
        failures.push(`${preset}: ${gpu.state} on ${gpu.used}, ${gpu.name} ${gpu.value}; on ${wasm.used} ${wasm.value}`);
      seconds.push(
        `${preset} ${((Date.now() - started) / 1000).toFixed(1)} s (${gpu.name} ${gpu.value.toFixed(4)}, off WASM's by ${gap.toExponential(1)})`,
      );
    }
    console.log(`WebGPU, every preset in one page: ${seconds.join(', ')}`);
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("computes the models' gradients as the cpu backend does", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    // A page of our own on the app's origin (a secure context, so WebGPU is offered), with TF.js's browser bundles.
    const files: Record<string, string> = {
      'tf.min.js': resolve('@tensorflow/tfjs/dist/tf.min.js'),
      'tf-backend-webgpu.min.js': resolve('@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js'),
    };
    await page.route(`${baseUrl}kernels/**`, (route) => {
      const name = route.request().url().split('/').pop() ?? '';
      if (name === 'index.html')
        return route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><script src="tf.min.js"></script><script src="tf-backend-webgpu.min.js"></script>',
        });
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(files[name]) });
    });
    await page.goto(`${baseUrl}kernels/index.html`);
    const report = await page.evaluate(compareGradients);
    expect(report.backend).toBe('webgpu');
    for (const c of report.cases) expect(c.relError, c.name).toBeLessThan(2e-3);
    expect(report.cases.map((c) => c.name)).toEqual(CASE_NAMES);
    await context.close();
  });
});

/**
 * The kernels Fitlab's models run, each as a scalar loss of inputs whose gradients are compared, and the
 * augmentation's one geometric kernel (forward only: augmentation is not differentiated).
 */
const CASE_NAMES = [
  'dense+relu',
  'conv same+bias+elu',
  'conv valid+selu',
  'maxpool',
  'batchnorm',
  'leaky+prelu',
  'softmax xent',
  'sigmoid+tanh mse',
  'dropout mask',
  'augment transform',
  'conv same+bias+elu (tiled)',
  'conv valid+selu (tiled)',
];

/** Runs in the page: every case's gradients on cpu and on WebGPU, and their largest error relative to the cpu's scale. */
async function compareGradients(): Promise<{ backend: string; cases: { name: string; relError: number }[] }> {
  // The page's TF.js global, typed only as far as this test uses it.
  type T = { shape: number[]; dataSync(): Float32Array; dispose(): void };
  type Tf = Record<string, (...a: unknown[]) => T> & {
    env(): { set(flag: string, value: number): void };
    setBackend(b: string): Promise<boolean>;
    getBackend(): string;
    ready(): Promise<void>;
    grads(f: (...x: T[]) => T): (x: T[]) => T[];
    tidy<R>(f: () => R): R;
    image: Record<string, (...a: unknown[]) => T>;
  };
  const tf = (window as unknown as { tf: Tf }).tf;
  let seed = 7;
  const rand = (n: number) => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  const shapes: Record<string, number[][]> = {
    'dense+relu': [[8, 12], [12, 6], [6]],
    'conv same+bias+elu': [[2, 7, 7, 3], [3, 3, 3, 4], [4]],
    'conv valid+selu': [
      [2, 8, 8, 2],
      [3, 3, 2, 5],
    ],
    maxpool: [[2, 6, 6, 3]],
    batchnorm: [[6, 5], [5], [5]],
    'leaky+prelu': [[4, 6], [6]],
    'softmax xent': [[5, 4]],
    'sigmoid+tanh mse': [[6, 3]],
    'dropout mask': [[4, 5]],
  };
  const loss: Record<string, (...x: T[]) => T> = {
    'dense+relu': (x, w, b) => tf.sum(tf.relu(tf.add(tf.matMul(x, w), b))),
    'conv same+bias+elu': (x, w, b) => tf.sum(tf.elu(tf.add(tf.conv2d(x, w, 1, 'same'), b))),
    'conv valid+selu': (x, w) => tf.sum(tf.selu(tf.conv2d(x, w, 1, 'valid'))),
    maxpool: (x) => tf.sum(tf.square(tf.maxPool(x, 2, 2, 'valid'))),
    batchnorm: (x, g, b) => {
      const { mean, variance } = tf.moments(x, 0) as unknown as { mean: T; variance: T };
      return tf.sum(tf.square(tf.batchNorm(x, mean, variance, b, g, 1e-3)));
    },
    'leaky+prelu': (x, a) => tf.sum(tf.add(tf.leakyRelu(x, 0.2), tf.prelu(x, a))),
    'softmax xent': (x) => tf.neg(tf.sum(tf.mul(tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1], 'int32'), 4), tf.logSoftmax(x)))),
    'sigmoid+tanh mse': (x) => tf.mean(tf.square(tf.sub(tf.sigmoid(x), tf.tanh(x)))),
    'dropout mask': (x) =>
      tf.sum(
        tf.mul(
          tf.square(x),
          tf.tensor2d(
            Array.from({ length: 20 }, (_, i) => (i % 3 ? 2 : 0)),
            [4, 5],
          ),
        ),
      ),
  };
  // A flip, a 10° rotation and a 1.5 px shift per image, as augmentBatch composes them (bilinear, zero fill).
  const image = { shape: [2, 6, 6, 1], values: rand(72) };
  const c = Math.cos(0.17);
  const sn = Math.sin(0.17);
  const transforms = [-1, 0, 5, 0, 1, 0, 0, 0, c, -sn, 1.5, sn, c, -0.5, 0, 0];
  const inputs = Object.fromEntries(
    Object.entries(shapes).map(([name, list]) => [name, list.map((s) => ({ shape: s, values: rand(s.reduce((a, b) => a * b, 1)) }))]),
  );
  // The gradients of case `name`'s loss on the active backend, one array per input.
  const gradsOf = (name: string) =>
    tf.tidy(() => {
      const xs = inputs[name].map((i) => tf.tensor(i.values, i.shape));
      return tf
        .grads(loss[name])(xs)
        .map((g) => g.dataSync().slice());
    });
  const gradsOn = async (backend: string) => {
    await tf.setBackend(backend);
    await tf.ready();
    const out: Record<string, Float32Array[]> = {};
    for (const name of Object.keys(loss)) out[name] = gradsOf(name);
    // As src/core/data/augment.ts calls it: the whole batch at once, except on cpu, whose kernel (tfjs 4.22)
    // stops after the first image, so the reference goes image by image.
    out['augment transform'] = [
      tf.tidy(() => {
        const x = tf.tensor(image.values, image.shape);
        const t = tf.tensor2d(transforms, [2, 8]);
        const y =
          backend === 'cpu'
            ? tf.concat(
                [0, 1].map((i) =>
                  tf.image.transform(tf.slice(x, [i, 0, 0, 0], [1, 6, 6, 1]), tf.slice(t, [i, 0], [1, 8]), 'bilinear', 'nearest'),
                ),
              )
            : tf.image.transform(x, t, 'bilinear', 'nearest');
        return y.dataSync().slice();
      }),
    ];
    return out;
  };
  const cpu = await gradsOn('cpu');
  const gpu = await gradsOn('webgpu');
  // TF.js convolves shapes this small through its im2col shader, as the worker does on a software adapter
  // (src/worker/backend.ts). The presets' batches on a GPU take the tiled conv2d: the convolution cases
  // again, with the threshold that picks it at 0, against the same cpu reference.
  tf.env().set('WEBGPU_THRESHOLD_TO_INCREASE_WORKGROUPS_FOR_MATMUL', 0);
  for (const name of ['conv same+bias+elu', 'conv valid+selu']) {
    cpu[`${name} (tiled)`] = cpu[name];
    gpu[`${name} (tiled)`] = gradsOf(name);
  }
  tf.env().set('WEBGPU_THRESHOLD_TO_INCREASE_WORKGROUPS_FOR_MATMUL', -1);
  const cases = Object.keys(cpu).map((name) => {
    let err = 0;
    let scale = 1e-6;
    cpu[name].forEach((ref, k) =>
      ref.forEach((v, i) => ((err = Math.max(err, Math.abs(v - gpu[name][k][i]))), (scale = Math.max(scale, Math.abs(v))))),
    );
    return { name, relError: err / scale };
  });
  return { backend: tf.getBackend(), cases };
}

/**
 * How far WebGPU's held-out score may lie from WASM's after the same short run, relative to the score (or to
 * 1, for a score near 0). Measured here: under 3e-8 on every preset (the log above prints each). A convolution
 * returning zeros would leave the CIFAR-style CNN's loss at about ln 10 = 2.3026, 1e-3 from its real 2.2998.
 */
const SCORE_TOLERANCE = 1e-5;

/**
 * Picks a preset in the page's select, then makes it one short epoch: one epoch on 48 training samples runs
 * every kernel of the model's forward and backward pass. The smallest held-out fractions (5 % each) keep
 * SwiftShader's scoring short (held-out images cost it 0.1 s or more apiece); where the data is generated,
 * 100 samples leave 5 each to validate and test. A preset resets every setting, so these follow it each time.
 */
async function choosePreset(page: Page, preset: string): Promise<void> {
  await page.getByTestId('preset-select').selectOption(preset);
  await page.getByTestId('setting-epochs').fill('1');
  await page.getByTestId('setting-trainSize').fill('48');
  await page.getByTestId('setting-val').fill('0.05');
  await page.getByTestId('setting-test').fill('0.05');
  const samples = page.getByTestId('setting-samples');
  if (await samples.isVisible()) await samples.fill('100');
}
