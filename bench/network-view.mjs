// Figure `network_view` (issue 14): training throughput with the network view open vs closed. The same
// app run through the app's client in its worker, once with the view open (the trainer computes a snapshot
// from the live weights at most every 300 ms and at epoch ends) and once closed, in palindromes so a drifting
// load weighs on both alike. Target: the open view costs at most 10 % (ratio ≥ 0.9).

/** The MLPs the view draws: 2-D points (unit heatmaps over a 24² grid) and images (means and dead shares). */
const RUNS = [
  {
    model: 'mlp-2d 2→64→64→2, batch 32 (heatmaps)',
    query: 'data=spiral&n=4000&hidden=64,64&batch=32&epochs=12&val=0.1&test=0.1&backend=wasm',
  },
  {
    model: 'mlp-fashion 784→256→128→10, batch 64 (means, dead shares)',
    query: 'data=fashion&model=mlp&hidden=256,128&batch=64&train=1920&epochs=4&lr=0.001&backend=wasm',
  },
];
/** closed, open, open, closed, closed, open, open, closed. */
const ORDER = [false, true, true, false, false, true, true, false];

export async function networkView({ page, emit, note, round }) {
  for (const { model, query } of RUNS) {
    const runs = { open: [], closed: [] };
    const inOrder = [];
    for (const open of ORDER) {
      const run = await page.evaluate(([q, o]) => window.bench.fitlabRun(q, true, o), [query, open]);
      if (run.status !== 'done') throw new Error(`Fitlab run ${query} ended ${run.status}: ${run.message ?? ''}`);
      note(
        `network view ${open ? 'open  ' : 'closed'} ${query}: ${Math.round(run.epochSamplesPerS)} samples/s by epoch, ${Math.round(run.trainSamplesPerS)} training only, ${run.networkSnapshots} snapshots`,
      );
      runs[open ? 'open' : 'closed'].push(run);
      inOrder.push(run);
    }
    // Neighbours in time (runs 1–2, 3–4, …: one open, one closed each) share the machine's load of the
    // moment; the median of their ratios shrugs off a burst of load that hits one side of the palindrome.
    const pairRatios = [];
    for (let i = 0; i + 1 < inOrder.length; i += 2) {
      const [a, b] = [inOrder[i], inOrder[i + 1]];
      const [o, c] = a.networkOpen ? [a, b] : [b, a];
      pairRatios.push(o.epochSamplesPerS / c.epochSamplesPerS);
    }
    pairRatios.sort((x, y) => x - y);
    // Pooled over each side's runs: samples of epochs 2…N over the time between their epoch events.
    const byEpoch = (list) =>
      list.reduce((s, r) => s + r.trainCount * (r.epochs.length - 1), 0) /
      (list.reduce((s, r) => s + (r.epochs.at(-1).t - r.epochs[0].t), 0) / 1000);
    const trainingOnly = (list) => list.reduce((s, r) => s + r.trainOnlySamples, 0) / (list.reduce((s, r) => s + r.trainOnlyMs, 0) / 1000);
    const open = byEpoch(runs.open);
    const closed = byEpoch(runs.closed);
    // The direct figure: one snapshot's median time on the page, times the snapshots an open run made, over
    // its wall time. Unlike the ratio it does not move with the other processes' load.
    const snapshotMs = await page.evaluate(([q, n]) => window.bench.snapshotCost(q, n), [query, 20]);
    const share = runs.open.reduce((s, r) => s + r.networkSnapshots * snapshotMs, 0) / runs.open.reduce((s, r) => s + r.wallMs, 0);
    note(`network view ${query}: one snapshot ${snapshotMs.toFixed(1)} ms; ${(100 * share).toFixed(1)} % of an open run's wall time`);
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
      ratio_median_of_neighbour_pairs: round((pairRatios[1] + pairRatios[2]) / 2),
      neighbour_pair_ratios: pairRatios.map((r) => round(r)),
      snapshot_ms: round(snapshotMs, 2),
      snapshot_share_of_open_runs: round(share, 4),
      per_run_open: runs.open.map((r) => round(r.epochSamplesPerS, 1)),
      per_run_closed: runs.closed.map((r) => round(r.epochSamplesPerS, 1)),
      snapshots_per_open_run: runs.open.map((r) => r.networkSnapshots),
      snapshots_per_closed_run: runs.closed.map((r) => r.networkSnapshots),
      epoch_ms_closed: round(
        runs.closed.reduce((s, r) => s + r.epochs.slice(1).reduce((a, e) => a + e.ms, 0) / (r.epochs.length - 1), 0) / runs.closed.length,
        1,
      ),
      train_samples: runs.open[0].trainCount,
      epochs: runs.open[0].epochs.length,
      backend: runs.open[0].backend,
    });
  }
}
