// Figure `network_view` (issue 14): training throughput with the network view open vs closed. The same
// app run through the app's client in its worker, once with the view open (the trainer computes a snapshot
// from the live weights at most every 300 ms and at epoch ends) and once closed, in palindromes so a drifting
// load weighs on both alike. Target: the open view costs at most 10 % (ratio ≥ 0.9).

/** The MLPs the view draws: 2-D points (unit heatmaps over a 24² grid) and images (means and dead shares). */
const RUNS = [
  { model: 'mlp-2d 2→64→64→2, batch 32 (heatmaps)', query: 'data=spiral&n=4000&hidden=64,64&batch=32&epochs=8&val=0.1&test=0.1&backend=wasm' },
  { model: 'mlp-fashion 784→256→128→10, batch 64 (means, dead shares)', query: 'data=fashion&model=mlp&hidden=256,128&batch=64&train=1920&epochs=4&lr=0.001&backend=wasm' },
];
/** closed, open, open, closed, closed, open, open, closed. */
const ORDER = [false, true, true, false, false, true, true, false];

export async function networkView({ page, emit, note, round }) {
  for (const { model, query } of RUNS) {
    const runs = { open: [], closed: [] };
    for (const open of ORDER) {
      const run = await page.evaluate(([q, o]) => window.bench.fitlabRun(q, true, o), [query, open]);
      if (run.status !== 'done') throw new Error(`Fitlab run ${query} ended ${run.status}: ${run.message ?? ''}`);
      note(`network view ${open ? 'open  ' : 'closed'} ${query}: ${Math.round(run.epochSamplesPerS)} samples/s by epoch, ${Math.round(run.trainSamplesPerS)} training only, ${run.networkSnapshots} snapshots`);
      runs[open ? 'open' : 'closed'].push(run);
    }
    // Pooled over each side's runs: samples of epochs 2…N over the time between their epoch events.
    const byEpoch = (list) =>
      list.reduce((s, r) => s + r.trainCount * (r.epochs.length - 1), 0) / (list.reduce((s, r) => s + (r.epochs.at(-1).t - r.epochs[0].t), 0) / 1000);
    const trainingOnly = (list) => list.reduce((s, r) => s + r.trainOnlySamples, 0) / (list.reduce((s, r) => s + r.trainOnlyMs, 0) / 1000);
    const open = byEpoch(runs.open);
    const closed = byEpoch(runs.closed);
    emit({
      figure: 'network_view',
      model,
      query,
      ratio: round(open / closed),
      ratio_is: 'samples/s with the network view open ÷ closed (epochs 2..N, training + validation + the snapshots, in the worker)',
      target: 0.9,
      open_samples_per_s: round(open, 1),
      closed_samples_per_s: round(closed, 1),
      ratio_training_only: round(trainingOnly(runs.open) / trainingOnly(runs.closed)),
      per_run_open: runs.open.map((r) => round(r.epochSamplesPerS, 1)),
      per_run_closed: runs.closed.map((r) => round(r.epochSamplesPerS, 1)),
      snapshots_per_open_run: runs.open.map((r) => r.networkSnapshots),
      snapshots_per_closed_run: runs.closed.map((r) => r.networkSnapshots),
      epoch_ms_closed: round(runs.closed.reduce((s, r) => s + r.epochs.slice(1).reduce((a, e) => a + e.ms, 0) / (r.epochs.length - 1), 0) / runs.closed.length, 1),
      train_samples: runs.open[0].trainCount,
      epochs: runs.open[0].epochs.length,
      backend: runs.open[0].backend,
    });
  }
}
