// Fitlab's performance figures (GitHub issue "Performance"). Builds what it needs (the bench page, the app,
// a blank React page) into bench/.dist/, serves them with vite's preview server, opens them in Debian's
// chromium (headless, WebGL through SwiftShader; never a downloaded browser) and prints one JSON line per
// figure on stdout, each a ratio against a reference measured in the same run, with the raw numbers.
// Human notes go to stderr. Usage: npm run bench [-- figure…]   (figures: see FIGURES; default all)
// bench/README.md says how each figure is measured and what limits it.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'bench', '.dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'];

/**
 * The runs. Every query goes through the app's URL codec, so these are share links minus the page.
 * MLP: the overfit-mlp settings (256-256 MLP, Adam 0.003, batch 32) on all training digits (the preset's
 * 120 samples make 4 batches an epoch, too few to time) with a 5 % validation split: 1,617 training and 90
 * validation samples, 6 epochs.
 * CNN: the overfit-cnn settings (conv16p-conv32p-dense64, Adam 0.002, batch 32, Fashion-MNIST 28×28) on
 * 640 training images (20 batches an epoch) for 3 epochs; its validation split stays the preset's 600.
 */
const MLP = 'preset=overfit-mlp&train=0&val=0.05&test=0.05&epochs=6';
const CNN = 'preset=overfit-cnn&train=640&epochs=3';
const AUGMENT_ALL = '&flip=1&rot=1&rotDeg=10&shift=1&shiftPx=2&bright=1&brightAmt=0.15&gnoise=1&gnoiseSd=0.05';
/** Plain SGD for the ConvNetJS comparison (ConvNetJS has Adam too, but SGD is its plain path). */
const CNN_SGD = 'preset=overfit-cnn&train=640&epochs=3&opt=sgd&lr=0.01';
const CONVNET_WARMUP = 64;
const CONVNET_TIMED = 640;
/** Leak runs, on the main thread so the page's tf.memory() is the runner's: 10 epochs each. */
const LEAK_RUNS = [
  // Digits (8×8) keep the 10 validation passes cheap; conv16p-conv32 is the preset's CNN less its last pool.
  { model: 'cnn-augment-dropout-l2', query: 'preset=overfit-cnn-augment&data=digits&conv=16p,32&train=256&epochs=10&gnoise=1&drop=1&l2=1&worker=0' },
  { model: 'mlp-quick', query: 'preset=quick&epochs=10&worker=0' },
];
/** Presets the real app trains while its main thread is watched. */
const MAIN_THREAD_PRESETS = ['quick', 'overfit-mlp'];
const STARTUP_LOADS = 5;

const FIGURES = ['fit_overhead', 'augment_cost', 'vs_convnetjs', 'leak', 'main_thread', 'startup'];
const PAGE_FIGURES = ['fit_overhead', 'augment_cost', 'vs_convnetjs', 'leak'];

const note = (...parts) => console.error('[bench]', ...parts);
const emit = (line) => console.log(JSON.stringify(line));
const round = (x, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

const wanted = process.argv.slice(2);
for (const f of wanted) if (!FIGURES.includes(f)) throw new Error(`Unknown figure "${f}": pick from ${FIGURES.join(', ')}.`);
const figures = wanted.length ? wanted : FIGURES;
const started = Date.now();

note(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; chromium ${CHROMIUM}`);

// ---------------------------------------------------------------------------------------------- builds
const quiet = { logLevel: 'warn', build: { reportCompressedSize: false } };
if (figures.some((f) => PAGE_FIGURES.includes(f))) {
  note('building the bench page (bench/page → bench/.dist/page)');
  await build({ ...quiet, configFile: path.join(ROOT, 'bench/vite.config.ts') });
}
if (figures.includes('main_thread') || figures.includes('startup')) {
  note('building the app (→ bench/.dist/app)');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: path.join(DIST, 'app'), emptyOutDir: true, reportCompressedSize: false },
  });
}
if (figures.includes('startup')) {
  note('building the blank React page (bench/blank → bench/.dist/blank)');
  await build({ ...quiet, configFile: path.join(ROOT, 'bench/blank/vite.config.ts') });
}

// ------------------------------------------------------------------------------------ servers, browser
const servers = [];
async function serve(dir) {
  const server = await preview({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: dir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  servers.push(server);
  return server.resolvedUrls.local[0];
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
note(`chromium ${browser.version()}`);

try {
  if (figures.some((f) => PAGE_FIGURES.includes(f))) await pageFigures(await serve(path.join(DIST, 'page')));
  if (figures.includes('main_thread')) await mainThread(await serve(path.join(DIST, 'app')));
  if (figures.includes('startup')) await startup(await serve(path.join(DIST, 'app')), await serve(path.join(DIST, 'blank')));
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}
note(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);

// ------------------------------------------------------------------------------ figures on the bench page
async function pageFigures(base) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && note(`HTTP ${r.status()} ${r.url()}`));
  await page.goto(`${base}index.html`);
  await page.waitForSelector('#status[data-ready="true"]', { state: 'attached' });
  const fitlab = async (query, inWorker = true) => {
    const run = await page.evaluate(([q, w]) => window.bench.fitlabRun(q, w), [query, inWorker]);
    if (run.status !== 'done') throw new Error(`Fitlab run ${query} ended ${run.status}: ${run.message ?? ''}`);
    if (run.backend !== 'webgl') note(`warning: ${query} trained on ${run.backend} (${run.notice ?? ''})`);
    note(
      `fitlab ${query}${inWorker ? '' : ' (main thread)'}: ${run.trainCount} train, ${run.valCount} val, ` +
        `${Math.round(run.epochSamplesPerS)} samples/s by epoch, ${Math.round(run.trainSamplesPerS)} training only; ` +
        `epoch ms ${run.epochs.map((e) => Math.round(e.ms)).join(' ')}`,
    );
    return run;
  };
  const reference = async (query) => {
    const ref = await page.evaluate((q) => window.bench.referenceFit(q), query);
    note(`model.fit ${query}: ${Math.round(ref.epochSamplesPerS)} samples/s by epoch (validation ${Math.round(ref.validationMs)} ms of it)`);
    return ref;
  };

  let cnnOff = null;
  if (figures.includes('fit_overhead')) {
    for (const [model, query] of [['mlp', MLP], ['cnn', CNN]]) {
      const run = await fitlab(query);
      const ref = await reference(query);
      if (model === 'cnn') cnnOff = run;
      emit({
        figure: 'fit_overhead',
        model,
        query,
        ratio: round(run.epochSamplesPerS / ref.epochSamplesPerS),
        target: 0.95,
        fitlab_samples_per_s: round(run.epochSamplesPerS, 1),
        reference_samples_per_s: round(ref.epochSamplesPerS, 1),
        counted: 'epochs 2..N, training + the same validation on both sides',
        train_samples: run.trainCount,
        val_samples: run.valCount,
        epochs: run.epochs.length,
        fitlab_training_only_samples_per_s: round(run.trainSamplesPerS, 1),
        reference_validation_ms_per_epoch: round(ref.validationMs / Math.max(1, ref.epochs - 1), 1),
        backend: run.backend,
      });
    }
  }
  if (figures.includes('augment_cost')) {
    const off = cnnOff ?? (await fitlab(CNN));
    const on = await fitlab(CNN + AUGMENT_ALL);
    emit({
      figure: 'augment_cost',
      model: 'cnn',
      query: CNN + AUGMENT_ALL,
      ratio: round(on.trainSamplesPerS / off.trainSamplesPerS),
      target: 0.8,
      fitlab_samples_per_s: round(on.trainSamplesPerS, 1),
      reference_samples_per_s: round(off.trainSamplesPerS, 1),
      counted: 'training only (batch flushes within epochs 2..N), augmentation on vs off',
      ratio_by_epoch_with_validation: round(on.epochSamplesPerS / off.epochSamplesPerS),
      augmentations: 'flip, rotate ±10°, shift ±2 px, brightness/contrast ±0.15, gaussian noise σ 0.05',
    });
  }
  if (figures.includes('vs_convnetjs')) {
    const run = await fitlab(CNN_SGD);
    const cj = await page.evaluate(([q, w, n]) => window.bench.convnetjsRun(q, w, n), [CNN_SGD, CONVNET_WARMUP, CONVNET_TIMED]);
    note(`convnetjs ${CNN_SGD}: ${Math.round(cj.samplesPerS)} samples/s over ${cj.timedSamples} samples (mean loss ${cj.meanLoss.toFixed(3)})`);
    emit({
      figure: 'vs_convnetjs',
      model: 'cnn conv16p-conv32p-dense64-softmax, Fashion-MNIST 28×28×1, SGD lr 0.01, batch 32',
      query: CNN_SGD,
      ratio: round(run.trainSamplesPerS / cj.samplesPerS),
      fitlab_samples_per_s: round(run.trainSamplesPerS, 1),
      reference_samples_per_s: round(cj.samplesPerS, 1),
      counted: 'training only: Fitlab batch flushes within epochs 2..N (worker, WebGL) vs ConvNetJS train() calls (main thread, JS)',
      convnetjs_timed_samples: cj.timedSamples,
      convnetjs_mean_loss: round(cj.meanLoss),
    });
  }
  if (figures.includes('leak')) {
    for (const { model, query } of LEAK_RUNS) {
      const run = await fitlab(query, false);
      const e1 = run.epochs.find((e) => e.epoch === 1);
      const e10 = run.epochs.find((e) => e.epoch === 10);
      const tensors = e10.numTensors - e1.numTensors;
      const bytes = e10.numBytes - e1.numBytes;
      emit({
        figure: 'leak',
        model,
        query,
        ratio: round(e10.numTensors / e1.numTensors, 4),
        target: 0,
        tensors_epoch10_minus_epoch1: tensors,
        bytes_epoch10_minus_epoch1: bytes,
        tensors_after_epoch1: e1.numTensors,
        tensors_after_epoch10: e10.numTensors,
        bytes_after_epoch1: e1.numBytes,
        bytes_after_epoch10: e10.numBytes,
        per_epoch_tensors: run.epochs.map((e) => e.numTensors),
        backend: run.backend,
      });
    }
  }
  if (errors.length) note('page errors:', errors.join(' | '));
  await page.close();
}

// ------------------------------------------------------------------------------- the real app, training
async function mainThread(base) {
  for (const preset of MAIN_THREAD_PRESETS) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window;
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${base}?preset=${preset}`);
    await page.getByTestId('train-start').waitFor();
    // Let loading settle, then count only what happens from the click on.
    await page.waitForTimeout(1000);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('train-start').click();
    await page.waitForFunction(
      () => ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? ''),
      undefined,
      { timeout: 600_000, polling: 250 },
    );
    const t1 = await page.evaluate(() => performance.now());
    const state = await page.getByTestId('run-status').getAttribute('data-state');
    const tasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= t0);
    const busy = tasks.reduce((s, t) => s + t.duration, 0);
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    note(`app ${preset}: ${state} in ${((t1 - t0) / 1000).toFixed(1)} s, ${tasks.length} long tasks, longest ${longest.toFixed(0)} ms`);
    emit({
      figure: 'main_thread',
      preset,
      ratio: round(busy / (t1 - t0), 4),
      ratio_is: 'share of the run (click to end) spent in main-thread long tasks',
      longest_task_ms: round(longest, 1),
      tasks_over_50ms: tasks.length,
      long_task_ms_total: round(busy, 1),
      run_ms: round(t1 - t0, 0),
      status: state,
    });
    await context.close();
  }
}

// ------------------------------------------------------------------------------------------- startup
async function startup(appBase, blankBase) {
  const load = async (url, selector) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const scripts = new Map();
    page.on('response', async (res) => {
      if (res.request().resourceType() !== 'script') return;
      try {
        scripts.set(res.url(), await res.body());
      } catch {
        // A body that cannot be read back is not counted.
      }
    });
    await page.addInitScript((sel) => {
      const w = window;
      const seen = () => {
        const el = document.querySelector(sel);
        if (!el || w.__readyAt !== undefined) return !!el;
        // Visible: laid out with a size; the frame after that is the first one that shows it.
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        w.__readyAt = -1;
        requestAnimationFrame(() => (w.__readyAt = performance.now()));
        return true;
      };
      new MutationObserver((_, obs) => seen() && obs.disconnect()).observe(document, { childList: true, subtree: true });
    }, selector);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => (window.__readyAt ?? -1) > 0, undefined, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const readyMs = await page.evaluate(() => window.__readyAt);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    let raw = 0;
    let gz = 0;
    for (const body of scripts.values()) {
      raw += body.length;
      gz += gzipSync(body, { level: 6 }).length;
    }
    await context.close();
    return { readyMs, fcp, raw, gz, files: scripts.size };
  };
  const app = [];
  const blank = [];
  // Alternated, each in a fresh context (empty cache); the first load of each warms the server only.
  for (let i = 0; i <= STARTUP_LOADS; i++) {
    const a = await load(appBase, '[data-testid="train-start"]');
    const b = await load(blankBase, '[data-testid="blank-ready"]');
    if (i > 0) {
      app.push(a);
      blank.push(b);
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((p, q) => p - q);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const appReady = median(app.map((r) => r.readyMs));
  const blankReady = median(blank.map((r) => r.readyMs));
  const a = app[0];
  const b = blank[0];
  note(`startup: app ${a.files} scripts ${a.gz} B gzip, ready ${appReady.toFixed(0)} ms; blank ${b.files} scripts ${b.gz} B gzip, ready ${blankReady.toFixed(0)} ms`);
  emit({
    figure: 'startup',
    measure: 'js_gzip_bytes',
    ratio: round(a.gz / b.gz, 2),
    fitlab: a.gz,
    reference: b.gz,
    fitlab_raw_bytes: a.raw,
    reference_raw_bytes: b.raw,
    fitlab_script_files: a.files,
    reference_script_files: b.files,
    counted: 'every script the first page load fetched (until network idle), gzip level 6',
  });
  emit({
    figure: 'startup',
    measure: 'ready_ms',
    ratio: round(appReady / blankReady, 2),
    fitlab: round(appReady, 1),
    reference: round(blankReady, 1),
    fitlab_fcp_ms: round(median(app.map((r) => r.fcp)), 1),
    reference_fcp_ms: round(median(blank.map((r) => r.fcp)), 1),
    loads: STARTUP_LOADS,
    counted: 'navigation start to the frame after train-start (blank: its button) is laid out; median of fresh loads',
  });
}
