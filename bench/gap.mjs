// The `gap` diagnosis (issue 18, bench/README.md "The CNN near the limit", layer 3): where the time between
// the `kernels` figure's bare step on the page and Fitlab training in its worker goes. One line per `flops`
// CNN and place. Run only when named: node bench/run.mjs gap (before `kernels`, which wraps the page's kernels).

const VARIANTS = ['bare-random', 'bare-real', 'trainBatch', 'loop', 'fit'];
const EPOCHS = Number(process.env.BENCH_GAP_EPOCHS ?? 5);

/** Mean ms a batch over epochs 2…N (epoch 1 warms XNNPACK's operators up). */
const counted = (r) => r.msPerBatch.slice(1).reduce((s, x) => s + x, 0) / (r.msPerBatch.length - 1);
/** The best epoch of 2…N: on a machine shared with other work, the nearest to the code's own speed. */
const best = (r) => Math.min(...r.msPerBatch.slice(1));

export async function gapFigure({ page, emit, note, round, models, fitlab }) {
  for (const { model, query } of models) {
    const profile = (opts) => page.evaluate(([q, o]) => window.bench.gapProfile(q, o), [query, opts]);
    const line = (where, p, extra = {}) => {
      const ms = Object.fromEntries(p.results.map((r) => [r.variant, round(counted(r), 2)]));
      const fastest = Object.fromEntries(p.results.map((r) => [r.variant, round(best(r), 2)]));
      note(
        `gap ${query} ${where} ${JSON.stringify(extra)}: mean ${JSON.stringify(ms)} best ${JSON.stringify(fastest)} peak ${p.peak.gflops.toFixed(1)} GFLOP/s`,
      );
      emit({
        figure: 'gap',
        model,
        query,
        where,
        ms_per_batch: ms,
        ms_per_batch_best_epoch: fastest,
        ms_per_batch_by_epoch: Object.fromEntries(p.results.map((r) => [r.variant, r.msPerBatch.map((x) => round(x, 1))])),
        batch_size: p.results[0].batchSize,
        wasm_threads: p.results[0].threads,
        peak_gflops: round(p.peak.gflops, 2),
        peak_threads: p.peak.threads,
        ...extra,
      });
    };
    // Page, bench worker, the app's worker and the app on the main thread, then the page and worker again:
    // the repeats show how much the machine moved meanwhile.
    line('page', await profile({ variants: VARIANTS, epochs: EPOCHS, where: 'page' }));
    line('worker', await profile({ variants: VARIANTS, epochs: EPOCHS, where: 'worker' }));
    if (process.env.BENCH_GAP_QUICK) continue;
    const runs = [await fitlab(query, true), await fitlab(query, false), await fitlab(query, true)];
    for (const run of runs) {
      emit({
        figure: 'gap',
        model,
        query,
        where: run.inWorker ? 'app worker (fitlabRun)' : 'app main thread (fitlabRun, worker=0)',
        ms_per_batch_training_only: round((1000 * 32) / run.trainSamplesPerS, 2),
        training_samples_per_s: round(run.trainSamplesPerS, 1),
        training_samples_per_s_old_rule: round(run.trainSamplesPerSOldRule, 1),
        samples_per_s_by_epoch_with_validation: round(run.epochSamplesPerS, 1),
        epoch_ms: run.epochs.map((e) => Math.round(e.ms)),
      });
    }
    line('worker', await profile({ variants: VARIANTS, epochs: EPOCHS, where: 'worker' }), { repeat: true });
    line('page', await profile({ variants: VARIANTS, epochs: EPOCHS, where: 'page' }), { repeat: true });
    // The other levers, as diagnosis lines (the presets keep batch 32 and TF.js's default threads).
    // Threads: TF.js 4.22 keeps its XNNPACK pool at hardwareConcurrency / 2 here whatever setThreadsCount asks
    // before the backend starts: wasm_threads says what the worker got.
    line('worker', await profile({ variants: ['bare-real', 'loop'], epochs: EPOCHS, where: 'worker', threads: 2 }), { threads_asked: 2 });
    for (const batchSize of [32, 128, 64, 32]) {
      line('worker', await profile({ variants: ['bare-real', 'loop'], epochs: EPOCHS, where: 'worker', batchSize }), {
        batch_size_asked: batchSize,
      });
    }
  }
}
