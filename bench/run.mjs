// Fitlab's performance figures (GitHub issue "Performance"). Builds what it needs (the bench page, the app,
// a blank React page) into bench/.dist/, serves them with vite's preview server, opens them in Debian's
// chromium (headless, WebGL through SwiftShader; never a downloaded browser) and prints one JSON line per
// figure on stdout, each a ratio against a reference measured in the same run, with the raw numbers.
// Human notes go to stderr. Usage: npm run bench [-- figure…]   (figures: see FIGURES; default all)
// bench/README.md says how each figure is measured and what limits it.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS, WEBGPU_ARGS } from '../scripts/lib/chromium.mjs';
import { watchPage } from '../scripts/lib/watch-page.mjs';
import { historyImport } from './history.mjs';
import { gapFigure } from './gap.mjs';
import { kernelsFigure } from './kernels.mjs';
import { networkView } from './network-view.mjs';
import { photoImport } from './photo-import.mjs';
import { traceLongTasks } from './trace-tasks.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'bench', '.dist');

/**
 * The runs. Every query goes through the app's URL codec, so these are share links minus the page.
 * MLP: the overfit-mlp settings (256-256 MLP, Adam 0.003, batch 32) on all training digits (the preset's
 * 120 samples make 4 batches an epoch, too few to time) with a 5 % validation split: 1,617 training and 90
 * validation samples, 5 epochs.
 * CNN: the overfit-cnn settings (conv16p-conv32p-dense64, Adam 0.002, batch 32, Fashion-MNIST 28×28) on
 * 640 training images (20 batches an epoch) for 2 epochs (the first compiles the shaders and is not
 * counted); its validation split stays the preset's 600.
 */
const MLP = 'preset=overfit-mlp&train=0&val=0.05&test=0.05&epochs=5';
const CNN = 'preset=overfit-cnn&train=640&epochs=2';
/**
 * On the backend `auto` picks (WASM here) the CNN runs 8 epochs, 7 counted. An epoch was ~3 s when this was
 * 4 epochs; since issue 18's kernels it is ~0.35 s, and 3 counted epochs (~1 s a run) let one burst of other
 * work on the machine move a run by 15–20 % (stop 31: ratios 0.82, 0.82, 1.02 in three runs of one tree).
 */
const CNN_ON_AUTO = CNN.replace('epochs=2', 'epochs=8');
/**
 * Runs of each side on the backend `auto` picks, in palindromes (A B B A A B B A): four each, not two, for the
 * same reason. The WebGL lines keep two (a WebGL CNN epoch is ~8 s here).
 */
const ROUNDS_ON_AUTO = 4;
/** Likewise the MLP: on WASM an epoch is ~0.15–0.2 s since issue 18's kernels, so 12 epochs (11 counted), not 5. */
const MLP_ON_AUTO = MLP.replace('epochs=5', 'epochs=12');
/**
 * fit_overhead's extra lines: WebGL, the backend it was first measured on, whatever `auto` picks
 * (BENCH_OVERHEAD_EXTRA=a,b picks others; empty, none).
 */
const EXTRA_OVERHEAD_BACKENDS = process.env.BENCH_OVERHEAD_EXTRA?.split(',').filter(Boolean) ?? ['webgl'];
const AUGMENT_ALL = '&flip=1&rot=1&rotDeg=10&shift=1&shiftPx=2&bright=1&brightAmt=0.15&gnoise=1&gnoiseSd=0.05';
/** Plain SGD for the ConvNetJS comparison: ConvNetJS 0.3.0 has no Adam (sgd, adagrad, adadelta, windowgrad). */
const CNN_SGD = 'preset=overfit-cnn&train=640&epochs=2&opt=sgd&lr=0.01';
/**
 * Per-backend throughput (the backends issue): each model trained on webgl, wasm and cpu in the app's worker,
 * then with 'auto' to see what the measurement picks. 3 epochs; the first (compilation) is not counted.
 */
const BACKEND_MODELS = [
  { model: 'mlp-2d 2→64→64→2, batch 32', query: 'data=spiral&n=4000&hidden=64,64&batch=32&epochs=3&val=0.1&test=0.1' },
  { model: 'mlp-fashion 784→256→128→10, batch 64', query: 'data=fashion&model=mlp&hidden=256,128&batch=64&train=1920&epochs=3&lr=0.001' },
  { model: 'cnn conv16p-conv32p-dense64, Fashion 28×28, batch 64', query: 'preset=overfit-cnn&train=640&batch=64&epochs=3' },
  { model: 'cifar-style conv32p-conv64p-conv64-dense64, shapes 32×32×3, batch 32', query: 'preset=cifar-cnn&n=1200&train=192&epochs=3' },
];
/** The CNNs whose achieved FLOP rate the `flops` figure compares with the backend's matrix-multiply peak. */
const FLOPS_MODELS = [
  { model: 'overfit-cnn conv16p-conv32p-dense64, Fashion 28×28, batch 32', query: 'preset=overfit-cnn&train=1280&epochs=5' },
  { model: 'cifar-style conv32p-conv64p-conv64-dense64, shapes 32×32×3, batch 32', query: 'preset=cifar-cnn&n=1200&train=320&epochs=5' },
];
/** WebGPU is chromium's SwiftShader adapter here (WEBGPU_ARGS): measured for correctness of the choice, not speed. */
const BACKENDS = ['webgl', 'webgpu', 'wasm', 'cpu'];
const CONVNET_WARMUP = 64;
const CONVNET_TIMED = 640;
/** Leak runs, on the main thread so the page's tf.memory() is the runner's: 10 epochs each. */
const LEAK_RUNS = [
  // Digits (8×8) keep the 10 validation passes cheap; conv16p-conv32 is the preset's CNN less its last pool.
  {
    model: 'cnn-augment-dropout-l2',
    query: 'preset=overfit-cnn-augment&data=digits&conv=16p,32&train=256&epochs=10&gnoise=1&drop=1&l2=1&worker=0',
  },
  { model: 'mlp-quick', query: 'preset=quick&epochs=10&worker=0' },
];
/** Presets the real app trains while its main thread is watched (BENCH_PRESETS=a,b picks others). */
const MAIN_THREAD_PRESETS = process.env.BENCH_PRESETS?.split(',') ?? ['overfit-mlp', 'overfit-cnn'];
/**
 * Fresh loads of each page for `startup` (alternating). One page's ready time spreads ±30 ms between loads here;
 * 9 gave medians whose ratio moved 1.29–1.53 across runs of one tree, 15 narrow that.
 */
const STARTUP_LOADS = 15;

/** Figures measured on the bench page (bench/page/); the others drive the built app itself. */
const BENCH_PAGE_FIGURES = ['fit_overhead', 'augment_cost', 'vs_convnetjs', 'backends', 'flops', 'leak', 'network_view'];
const FIGURES = [...BENCH_PAGE_FIGURES, 'main_thread', 'startup', 'history_import', 'photo_import'];
/** Not figures: diagnoses, run only when named (npm run bench -- profile). */
const EXTRAS = ['profile', 'gap', 'kernels'];
/** What needs the bench page built and served. */
const PAGE_FIGURES = [...BENCH_PAGE_FIGURES, ...EXTRAS];

const note = (...parts) => console.error('[bench]', ...parts);
/** Every line carries the 1-minute load average when it was written (the bench's own chromium adds about 2 while training). */
const emit = (line) => console.log(JSON.stringify({ ...line, load_avg_1m: round(os.loadavg()[0], 2) }));
const round = (x, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

const wanted = process.argv.slice(2);
for (const f of wanted)
  if (![...FIGURES, ...EXTRAS].includes(f)) throw new Error(`Unknown figure "${f}": pick from ${[...FIGURES, ...EXTRAS].join(', ')}.`);
const figures = wanted.length ? wanted : FIGURES;
const started = Date.now();

if (!existsSync(CHROMIUM)) {
  console.error(`[bench] no chromium at ${CHROMIUM}: apt-get install chromium (Debian's), or set CHROMIUM_PATH.`);
  process.exit(1);
}
note(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; chromium ${CHROMIUM}`);

// ---------------------------------------------------------------------------------------------- builds
const quiet = { logLevel: 'warn', build: { reportCompressedSize: false } };
if (figures.some((f) => PAGE_FIGURES.includes(f))) {
  note('building the bench page (bench/page → bench/.dist/page)');
  await build({ ...quiet, configFile: path.join(ROOT, 'bench/vite.config.ts') });
}
if (
  figures.includes('main_thread') ||
  figures.includes('startup') ||
  figures.includes('history_import') ||
  figures.includes('photo_import')
) {
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
    // Cross-origin isolated like the app (vite.config.ts), so the WASM backend runs on threads here too.
    preview: {
      port: 0,
      host: '127.0.0.1',
      strictPort: false,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
  });
  servers.push(server);
  return server.resolvedUrls.local[0];
}

// With a WebGPU adapter, as a browser with WebGPU has one: `auto` then weighs it too.
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS] });
note(`chromium ${browser.version()}`);

try {
  if (figures.some((f) => PAGE_FIGURES.includes(f))) await pageFigures(await serve(path.join(DIST, 'page')));
  if (figures.includes('main_thread')) await mainThread(await serve(path.join(DIST, 'app')));
  if (figures.includes('startup')) await startup(await serve(path.join(DIST, 'app')), await serve(path.join(DIST, 'blank')));
  if (figures.includes('history_import')) await historyImport({ browser, base: await serve(path.join(DIST, 'app')), emit, note, round });
  if (figures.includes('photo_import')) await photoImport({ browser, base: await serve(path.join(DIST, 'app')), emit, note, round });
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
    const pinned = /backend=(\w+)/.exec(query)?.[1];
    if (pinned && run.backend !== pinned) note(`warning: ${query} trained on ${run.backend} (${run.notice ?? ''})`);
    note(
      `fitlab ${query}${inWorker ? '' : ' (main thread)'}: ${run.trainCount} train, ${run.valCount} val, ` +
        `${Math.round(run.epochSamplesPerS)} samples/s by epoch, ${Math.round(run.trainSamplesPerS)} training only; ` +
        `epoch ms ${run.epochs.map((e) => Math.round(e.ms)).join(' ')}`,
    );
    return run;
  };
  // model.fit on the backend the query pins, as Fitlab's side of the comparison trains on it.
  const reference = async (query) => {
    const ref = await page.evaluate(([q, b]) => window.bench.referenceFit(q, b), [query, /backend=(\w+)/.exec(query)?.[1] ?? 'webgl']);
    note(
      `model.fit ${query}: ${Math.round(ref.epochSamplesPerS)} samples/s by epoch (validation ${Math.round(ref.validationMs)} ms of it); ` +
        `training ms ${ref.trainingMs.map((ms) => Math.round(ms)).join(' ')}; epoch ends ${ref.epochEnds.map((t, i) => (i ? Math.round(t - ref.epochEnds[i - 1]) : 0)).join(' ')}`,
    );
    return ref;
  };

  // Runs go in palindromes (A B B A, A B C B A, …): every side's runs are centred on the same moment, so a
  // machine load that drifts linearly cancels out. Rates pool all the measured time of a side.
  // rounds 1: A B C B A; rounds k ≥ 2: k passes, every other one reversed (A B B A A B B A for k = 4).
  const palindrome = async (steps, rounds = 1) => {
    const idx = steps.map((_, i) => i);
    const order =
      rounds === 1
        ? [...idx, ...idx.slice(0, -1).reverse()]
        : Array.from({ length: rounds }, (_, r) => (r % 2 ? [...idx].reverse() : idx)).flat();
    const out = steps.map(() => []);
    for (const i of order) out[i].push(await steps[i]());
    return out;
  };
  const pooled = (list, samples, ms) => list.reduce((s, r) => s + samples(r), 0) / (list.reduce((s, r) => s + ms(r), 0) / 1000);
  const byEpoch = (runs) =>
    pooled(
      runs,
      (r) => r.trainCount * (r.epochs.length - 1),
      (r) => r.epochs.at(-1).t - r.epochs[0].t,
    );
  const trainingOnly = (runs) =>
    pooled(
      runs,
      (r) => r.trainOnlySamples,
      (r) => r.trainOnlyMs,
    );
  const overhead = (model, query, runs, refs, auto) => {
    const fitlabRate = byEpoch(runs);
    const refRate = pooled(
      refs,
      (r) => r.trainCount * (r.epochs - 1),
      (r) => r.epochEnds.at(-1) - r.epochEnds[0],
    );
    emit({
      figure: 'fit_overhead',
      model,
      query,
      ratio: round(fitlabRate / refRate),
      // The target is for the backend `auto` picks; the other lines are extra figures.
      ...(runs[0].backend === auto
        ? { target: 0.95, backend_is: 'the one auto picks' }
        : { backend_is: 'extra: not what auto picks here' }),
      fitlab_samples_per_s: round(fitlabRate, 1),
      reference_samples_per_s: round(refRate, 1),
      counted: 'epochs 2..N, training + the same validation code on both sides; Fitlab in its worker, model.fit on the page',
      per_run_fitlab: runs.map((r) => round(r.epochSamplesPerS, 1)),
      per_run_reference: refs.map((r) => round(r.epochSamplesPerS, 1)),
      train_samples: runs[0].trainCount,
      val_samples: runs[0].valCount,
      epochs: runs[0].epochs.length,
      fitlab_training_only_samples_per_s: round(trainingOnly(runs), 1),
      reference_validation_ms_per_epoch: round(refs.reduce((s, r) => s + r.validationMs / Math.max(1, r.epochs - 1), 0) / refs.length, 1),
      backend: runs[0].backend,
    });
  };

  // The backend `auto` picks for a model here: one unpinned run (its calibration is then cached on the page).
  const autoBackend = async (query) => (await fitlab(query)).backend;
  const overheadBackends = (auto) => [auto, ...EXTRA_OVERHEAD_BACKENDS.filter((b) => b !== auto)];
  if (figures.includes('fit_overhead')) {
    const auto = await autoBackend(MLP);
    for (const backend of overheadBackends(auto)) {
      const query = `${backend === auto ? MLP_ON_AUTO : MLP}&backend=${backend}`;
      const [runs, refs] = await palindrome([() => fitlab(query), () => reference(query)], backend === auto ? ROUNDS_ON_AUTO : 2);
      overhead('mlp', query, runs, refs, auto);
    }
  }
  const cnnOverhead = figures.includes('fit_overhead');
  const cnnAugment = figures.includes('augment_cost');
  if (cnnOverhead || cnnAugment) {
    const auto = await autoBackend(CNN);
    for (const backend of cnnOverhead ? overheadBackends(auto) : [auto]) {
      const query = `${backend === auto ? CNN_ON_AUTO : CNN}&backend=${backend}`;
      // Fitlab without augmentation serves both figures: A B C C B A …, or A B A, or A C C A …. Augmentation
      // is measured on the backend auto picks only.
      const augment = cnnAugment && backend === auto;
      const steps = [() => fitlab(query)];
      if (cnnOverhead) steps.push(() => reference(query));
      if (augment) steps.push(() => fitlab(query + AUGMENT_ALL));
      const [off, ...rest] = await palindrome(steps, backend === auto ? ROUNDS_ON_AUTO : 1);
      if (cnnOverhead) overhead('cnn', query, off, rest[0], auto);
      if (augment) {
        const on = rest.at(-1);
        emit({
          figure: 'augment_cost',
          model: 'cnn',
          query: query + AUGMENT_ALL,
          ratio: round(trainingOnly(on) / trainingOnly(off)),
          target: 0.8,
          fitlab_samples_per_s: round(trainingOnly(on), 1),
          reference_samples_per_s: round(trainingOnly(off), 1),
          counted: 'training only (intervals between batch flushes in epochs 2..N), every augmentation on vs none',
          per_run_on: on.map((r) => round(r.trainSamplesPerS, 1)),
          per_run_off: off.map((r) => round(r.trainSamplesPerS, 1)),
          ratio_by_epoch_with_validation: round(byEpoch(on) / byEpoch(off)),
          augmentations: 'flip, rotate ±10°, shift ±2 px, brightness/contrast ±0.15, gaussian noise σ 0.05',
          backend,
        });
      }
    }
  }
  if (figures.includes('vs_convnetjs')) {
    const convnet = async () => {
      const cj = await page.evaluate(([q, w, n]) => window.bench.convnetjsRun(q, w, n), [CNN_SGD, CONVNET_WARMUP, CONVNET_TIMED]);
      note(
        `convnetjs ${CNN_SGD}: ${Math.round(cj.samplesPerS)} samples/s over ${cj.timedSamples} samples (mean loss ${cj.meanLoss.toFixed(3)})`,
      );
      return cj;
    };
    // ConvNetJS, Fitlab, ConvNetJS: the short ConvNetJS runs frame the Fitlab one. Fitlab on 'auto': the
    // backend its measurement picks on this machine.
    const [cjs, runs] = await palindrome([convnet, () => fitlab(CNN_SGD)]);
    const cjRate = pooled(
      cjs,
      (r) => r.timedSamples,
      (r) => r.ms,
    );
    emit({
      figure: 'vs_convnetjs',
      model: 'cnn conv16p-conv32p-dense64-softmax, Fashion-MNIST 28×28×1, SGD lr 0.01, batch 32',
      query: CNN_SGD,
      ratio: round(trainingOnly(runs) / cjRate),
      fitlab_samples_per_s: round(trainingOnly(runs), 1),
      reference_samples_per_s: round(cjRate, 1),
      counted:
        'training only: Fitlab between batch flushes in epochs 2..N (its worker, backend auto) vs ConvNetJS train() calls (page main thread, JS)',
      target: 2.5,
      backend: runs[0].backend,
      choice_reason: runs[0].choice?.reason ?? null,
      per_run_reference: cjs.map((r) => round(r.samplesPerS, 1)),
      convnetjs_timed_samples: cjs[0].timedSamples,
      convnetjs_mean_loss: round(cjs[0].meanLoss),
    });
  }
  if (figures.includes('backends')) {
    // BENCH_MODELS=cifar (a prefix of the model names) times only those models.
    const only = process.env.BENCH_MODELS;
    for (const { model, query } of BACKEND_MODELS.filter((m) => !only || m.model.startsWith(only))) {
      const rate = {};
      for (const backend of BACKENDS) {
        const run = await fitlab(`${query}&backend=${backend}`);
        rate[backend] = run.trainSamplesPerS > 0 ? run.trainSamplesPerS : run.epochSamplesPerS;
      }
      const auto = await fitlab(query);
      const timings = Object.fromEntries((auto.choice?.timings ?? []).map((t) => [t.backend, round(t.samplesPerSec, 1)]));
      emit({
        figure: 'backends',
        model,
        query,
        ratio: round(rate.wasm / rate.webgl),
        ratio_is: 'WASM samples/s ÷ WebGL samples/s (training only, epochs 2..N, in the worker)',
        samples_per_s: Object.fromEntries(BACKENDS.map((b) => [b, round(rate[b], 1)])),
        chosen: auto.backend,
        chosen_reason: auto.choice?.reason ?? null,
        chosen_is_fastest: auto.backend === BACKENDS.reduce((a, b) => (rate[b] > rate[a] ? b : a)),
        calibration_ms: round(auto.choice?.calibrationMs ?? NaN, 0),
        calibration_samples_per_s: timings,
        ...(model.startsWith('mlp-2d') ? { target: 5 } : {}),
      });
    }
  }
  if (figures.includes('flops')) {
    for (const { model, query } of FLOPS_MODELS) {
      const run = await fitlab(query);
      const flops = await page.evaluate((q) => window.bench.modelFlops(q), query);
      const peak = await page.evaluate((b) => window.bench.peakGflops(b), run.backend);
      const achieved = (run.trainSamplesPerS * flops.total) / 1e9;
      // The bound, alongside: the `kernels` bare step in a worker of its own, right after the run (bench/page/gap.ts).
      const bare = await page.evaluate((q) => window.bench.gapProfile(q, { variants: ['bare-real'], epochs: 4, where: 'worker' }), query);
      const bareMs = bare.results[0].msPerBatch.slice(1).reduce((sum, ms) => sum + ms, 0) / 3;
      const bareSamplesPerS = (1000 * bare.results[0].batchSize) / bareMs;
      emit({
        figure: 'flops',
        model,
        query,
        ratio: round(achieved / peak.gflops),
        ratio_is:
          "achieved GFLOP/s training (dense + conv FLOPs per sample × training samples/s) ÷ the same backend's n×n matmul GFLOP/s on the page",
        target: 0.5,
        backend: run.backend,
        achieved_gflops: round(achieved, 2),
        peak_gflops: round(peak.gflops, 2),
        peak_matmul_n: peak.n,
        wasm_threads: peak.threads,
        training_samples_per_s: round(run.trainSamplesPerS, 1),
        mflops_per_sample: round(flops.total / 1e6, 3),
        forward_mflops_per_sample: round(flops.forward / 1e6, 3),
        bare_step_samples_per_s: round(bareSamplesPerS, 1),
        bare_step_ratio: round((bareSamplesPerS * flops.total) / 1e9 / peak.gflops),
        fitlab_vs_bare_step: round(run.trainSamplesPerS / bareSamplesPerS),
        counted:
          'Fitlab in its worker on the backend auto picks, training only (epochs 2..N); peak: best of 5 products after a warm-up, read back; bare step: mean of epochs 2..4 in a worker',
      });
    }
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
        ratio: round(tensors / e1.numTensors, 4),
        ratio_is: 'tensor growth from epoch 1 to epoch 10, relative to the count after epoch 1',
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
  if (figures.includes('network_view')) await networkView({ page, emit, note, round });
  if (figures.includes('profile')) {
    // Per batch, synchronised: forward alone and a full training step, on WebGL and on the cpu backend.
    for (const [model, query] of [
      ['mlp', MLP],
      ['cnn', CNN],
    ]) {
      const runs = {};
      for (const backend of ['webgl', 'cpu']) {
        runs[backend] = await page.evaluate(([q, b, n]) => window.bench.profileSteps(q, b, n), [query, backend, 10]);
      }
      const b = runs.webgl.batchSize;
      emit({
        figure: 'profile',
        model,
        query,
        ratio: round(runs.cpu.trainStepMs / runs.webgl.trainStepMs),
        ratio_is: 'cpu-backend ms per training step ÷ WebGL ms per training step (below 1: the cpu backend is faster here)',
        batch_size: b,
        webgl_forward_ms: round(runs.webgl.forwardMs, 1),
        webgl_train_step_ms: round(runs.webgl.trainStepMs, 1),
        webgl_train_samples_per_s: round((1000 * b) / runs.webgl.trainStepMs, 1),
        webgl_augment_all_ms: round(runs.webgl.augmentMs, 1),
        cpu_forward_ms: round(runs.cpu.forwardMs, 1),
        cpu_train_step_ms: round(runs.cpu.trainStepMs, 1),
        cpu_train_samples_per_s: round((1000 * b) / runs.cpu.trainStepMs, 1),
        cpu_augment_all_ms: round(runs.cpu.augmentMs, 1),
        cpu_top_kernels_ms: runs.cpu.kernels.map((k) => `${k.name} ${k.ms.toFixed(1)} (${k.calls})`),
      });
    }
  }
  if (figures.includes('profile')) {
    // The MLP's epoch loop, piece by piece (no validation): model.fit, Fitlab's trainModel with and without
    // the per-batch yield, a bare minimize loop with and without a per-batch readback. Palindrome order.
    const variants = await page.evaluate(() => window.bench.loopVariants());
    const results = await palindrome(
      variants.map((v) => async () => {
        const r = await page.evaluate(([q, variant]) => window.bench.profileLoop(q, variant), [MLP, v]);
        note(`loop ${v}: ${Math.round(r.samplesPerS)} samples/s`);
        return r;
      }),
    );
    const rate = Object.fromEntries(variants.map((v, i) => [v, results[i].reduce((s, r) => s + r.samplesPerS, 0) / results[i].length]));
    emit({
      figure: 'profile_loop',
      model: 'mlp',
      query: MLP,
      ratio: round(rate.trainModel / rate['model.fit']),
      ratio_is: "Fitlab's trainModel (no callbacks) samples/s ÷ model.fit's, training only, on the page",
      samples_per_s: Object.fromEntries(Object.entries(rate).map(([k, v]) => [k, round(v, 1)])),
      runs_each: results[0].length,
    });
  }
  if (figures.includes('gap')) await gapFigure({ page, emit, note, round, models: FLOPS_MODELS, fitlab });
  // Last: it wraps the page's WASM kernels in timers for good.
  if (figures.includes('kernels')) await kernelsFigure({ page, emit, note, round, models: FLOPS_MODELS });
  if (errors.length) note('page errors:', errors.join(' | '));
  await page.close();
}

// ------------------------------------------------------------------------------- the real app, training
async function mainThread(base) {
  for (const preset of MAIN_THREAD_PRESETS) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.addInitScript(watchPage);
    await page.goto(`${base}?preset=${preset}`);
    await page.getByTestId('train-start').waitFor();
    // Every live view the lab has for the model open: the network view is an MLP's, closed by default.
    const network = page.getByTestId('network-card');
    if (await network.count()) await network.locator('summary').click();
    // Let loading settle, then count only what happens from the click on. The first screen is loaded once the
    // data card has drawn its samples: on this machine that can take 2 s, and a click before it meets the card's
    // first draw (dataset decode, split, the page's first canvases) beside the run's start (stop 31).
    await page.getByTestId('dataset-preview').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    const stopTrace = await traceLongTasks(browser, page, `main_thread-${preset}`, note);
    const t0 = await page.evaluate(() => performance.mark('bench-t0').startTime);
    await page.getByTestId('train-start').click();
    // The run's end includes drawing its result: the held-out matrix renders a frame or two after the numbers
    // (src/ui/evaluation/EvaluationPanel.tsx), and the window closes a few frames after it is in the page.
    await page.waitForFunction(
      () =>
        ['done', 'stopped', 'error'].includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? '') &&
        !document.querySelector('[data-testid="heldout-matrix"][data-pending]'),
      undefined,
      { timeout: 600_000, polling: 250 },
    );
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))));
    const t1 = await page.evaluate(() => performance.now());
    await stopTrace('bench-t0');
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
      long_tasks_at_ms: tasks.map((t) => `${Math.round(t.start - t0)}+${Math.round(t.duration)}`),
      status: state,
    });
    await context.close();
  }
}

// ------------------------------------------------------------------------------------------- startup
async function startup(appBase, blankBase) {
  const load = async (url, selector, traceName) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const stopTrace = traceName ? await traceLongTasks(browser, page, traceName, note) : null;
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
      // Ready: the element is laid out with a size, and a frame has been produced since (two rAFs).
      const check = () => {
        const el = document.querySelector(sel);
        if (!el) return false;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        requestAnimationFrame(() => requestAnimationFrame(() => (w.__readyAt = performance.now())));
        return true;
      };
      new MutationObserver((_, obs) => check() && obs.disconnect()).observe(document, { childList: true, subtree: true });
    }, selector);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__readyAt !== undefined, undefined, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    await stopTrace?.('');
    const timing = await page.evaluate(() => ({
      readyMs: window.__readyAt,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      ends: Object.fromEntries(performance.getEntriesByType('resource').map((e) => [e.name, e.responseEnd])),
    }));
    const sizes = [...scripts].map(([u, body]) => ({
      file: new URL(u).pathname.split('/').pop(),
      raw: body.length,
      gz: gzipSync(body, { level: 6 }).length,
      beforeReady: (timing.ends[u] ?? Infinity) <= timing.readyMs,
    }));
    await context.close();
    const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
    return {
      readyMs: timing.readyMs,
      fcp: timing.fcp,
      raw: sum(sizes, 'raw'),
      gz: sum(sizes, 'gz'),
      gzBeforeReady: sum(
        sizes.filter((f) => f.beforeReady),
        'gz',
      ),
      files: sizes,
    };
  };
  const app = [];
  const blank = [];
  // Alternated, each in a fresh context (empty cache); the first load of each warms the server only.
  for (let i = 0; i <= STARTUP_LOADS; i++) {
    const a = await load(appBase, '[data-testid="train-start"]', i === STARTUP_LOADS ? 'startup-app' : undefined);
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
  note(
    `startup: app ${a.files.length} scripts ${a.gz} B gzip, ready ${appReady.toFixed(0)} ms; blank ${b.files.length} scripts ${b.gz} B gzip, ready ${blankReady.toFixed(0)} ms`,
  );
  emit({
    figure: 'startup',
    measure: 'js_gzip_bytes',
    ratio: round(a.gz / b.gz, 2),
    fitlab: a.gz,
    reference: b.gz,
    fitlab_raw_bytes: a.raw,
    reference_raw_bytes: b.raw,
    fitlab_before_ready: a.gzBeforeReady,
    reference_before_ready: b.gzBeforeReady,
    fitlab_scripts: a.files.map((f) => `${f.file} ${f.gz}${f.beforeReady ? '' : ' (after ready)'}`),
    reference_scripts: b.files.map((f) => `${f.file} ${f.gz}`),
    counted: 'every script the first load fetched until network idle (before_ready: those done by the ready time), gzip -6 of each',
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
    fitlab_loads_ms: app.map((r) => round(r.readyMs, 0)),
    reference_loads_ms: blank.map((r) => round(r.readyMs, 0)),
    counted:
      'navigation start to two animation frames after train-start (blank: its button) is laid out; median of fresh loads (empty cache)',
  });
}
