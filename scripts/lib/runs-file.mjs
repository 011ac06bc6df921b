// A runs file (Fitlab's run-history export, "kind": "fitlab-runs") of many small runs, as the app writes it
// but compact: 3 epochs each, 2-class classification with a test report, settings that vary. Run 0 is the
// newest; each run is a minute older than the one before. Used by the 50,000-run browser test and the bench.

/**
 * @param {number} count
 * @param {(run: Record<string, unknown>, i: number) => void} [patch] changes run i in place (a bad field, an id)
 * @returns {string}
 */
export function manyRunsFile(count, patch = () => {}) {
  const runs = [];
  for (let i = 0; i < count; i++) {
    const acc = 0.5 + (i % 50) / 100;
    const scores = { precision: 0.81, recall: 0.81, f1: 0.81 };
    const run = {
      id: `bulk-${i}`,
      name: `bulk run ${i}`,
      createdAt: new Date(Date.UTC(2025, 0, 1) - i * 60_000).toISOString(),
      durationMs: 1200 + i,
      status: i % 97 === 0 ? 'stopped' : 'done',
      error: null,
      backend: i % 2 ? 'wasm' : 'cpu',
      settings: { dataset: i % 3 ? 'spiral' : 'circles', seed: i % 1000, epochs: 3, lr: 0.03, hidden: [16, 16] },
      query: '',
      history: [1, 2, 3].map((e) => ({
        epoch: e,
        loss: 0.7 / e,
        acc,
        val_loss: 0.8 / e,
        val_acc: acc - 0.05,
        lr: 0.03,
        val_confusion: [
          [40, 10],
          [12, 38],
        ],
        ms: 30,
      })),
      test: {
        task: 'classification',
        loss: 0.41,
        accuracy: acc,
        count: 120,
        confusionMatrix: [
          [50, 10],
          [12, 48],
        ],
        classNames: ['0', '1'],
        report: {
          perClass: [
            { precision: 0.8, recall: 0.83, f1: 0.81, support: 60 },
            { precision: 0.83, recall: 0.8, f1: 0.81, support: 60 },
          ],
          macro: scores,
          weighted: scores,
          micro: { precision: acc, recall: acc, f1: acc },
          accuracy: acc,
        },
      },
    };
    patch(run, i);
    runs.push(run);
  }
  return JSON.stringify({ kind: 'fitlab-runs', version: 1, exportedAt: new Date(0).toISOString(), runs });
}
