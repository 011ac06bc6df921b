import { describe, expect, it } from 'vitest';
import { buildMetricsExport, type ClassificationExport, type RegressionExport } from '../../src/core/report/metrics-export';
import { MAX_CURVE_POINTS, thin } from '../../src/core/report/curves-export';
import { averagePrecision, rocAuc } from '../../src/core/metrics/ranking';
import { makeRegressionResult, makeTestResult } from '../../src/core/train/test-result';
import { buildRunRecord } from '../../src/core/history/record';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';

/** A three-class result from seeded noisy probabilities (class 2 never appears in the test labels). */
function classification(n = 300) {
  const rng = createRng(5);
  const labels = Array.from({ length: n }, () => rng.int(2));
  const probs = new Float32Array(n * 3);
  labels.forEach((l, i) => {
    const raw = [rng.next(), rng.next(), rng.next() * 0.2];
    raw[l] += 0.6 * rng.next();
    const sum = raw[0] + raw[1] + raw[2];
    raw.forEach((v, c) => (probs[i * 3 + c] = v / sum));
  });
  return makeTestResult(probs, labels, ['cat', 'dog', 'bird']);
}

const base = { settings: defaultSettings(), backend: 'cpu', status: 'done', history: [] };

describe('metrics JSON: test.roc, test.pr and test.regression', () => {
  it('carries per-class ROC (points + AUC) and PR (points + AP) beside the keys it always had', () => {
    const t = classification();
    const e = buildMetricsExport({ ...base, test: t }).test as ClassificationExport;
    expect(Object.keys(e).sort()).toEqual(['accuracy', 'classNames', 'confusionMatrix', 'count', 'loss', 'pr', 'report', 'roc', 'task']);
    expect(e.roc!.map((c) => c.class)).toEqual(['cat', 'dog', 'bird']);
    for (const c of [0, 1]) {
      const yTrue = t.labels.map((l) => (l === c ? 1 : 0));
      const scores = t.labels.map((_, i) => t.probabilities[i * 3 + c]);
      const roc = e.roc![c];
      expect(roc.positives).toBe(yTrue.filter(Boolean).length);
      expect(roc.auc).toBeCloseTo(rocAuc(yTrue, scores), 12);
      expect(roc.auc!).toBeGreaterThan(0.6); // the generator favours the true class
      expect(roc.points[0]).toEqual([0, 0]);
      expect(roc.points.at(-1)).toEqual([1, 1]);
      for (let i = 1; i < roc.points.length; i++) expect(roc.points[i][0]).toBeGreaterThanOrEqual(roc.points[i - 1][0]);
      const pr = e.pr![c];
      expect(pr.ap).toBeCloseTo(averagePrecision(yTrue, scores), 12);
      expect(pr.points[0]).toEqual([0, 1]);
      expect(pr.points.at(-1)![0]).toBe(1);
    }
    // A class with no test samples has no curve: null, never NaN, so the file is plain JSON.
    expect(e.roc![2]).toEqual({ class: 'bird', classIndex: 2, positives: 0, auc: null, points: [] });
    expect(e.pr![2]).toMatchObject({ ap: null, points: [] });
    const text = JSON.stringify(e);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(text)).toEqual(e);
  });

  it('a perfect ranking has AUC 1 and AP 1', () => {
    const t = makeTestResult(Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.4, 0.6]), [0, 1, 0, 1], ['a', 'b']);
    const e = buildMetricsExport({ ...base, test: t }).test as ClassificationExport;
    expect(e.roc!.map((c) => c.auc)).toEqual([1, 1]);
    expect(e.pr!.map((c) => c.ap)).toEqual([1, 1]);
  });

  it('carries test.regression (metrics and true/predicted pairs) and keeps the flat regression keys', () => {
    const targets = [1, 2, 3, 4];
    const t = makeRegressionResult(Float32Array.from([1.5, 2, 2.5, 4]), targets, new Float32Array(4), 1, 'mse', [0, 1, 2, 3]);
    const e = buildMetricsExport({ ...base, test: t }).test as RegressionExport;
    expect(e).toMatchObject({ task: 'regression', mae: t.metrics.mae, mse: t.metrics.mse, rmse: t.metrics.rmse, r2: t.metrics.r2 });
    expect(e.regression).toEqual({
      lossKind: 'mse',
      count: 4,
      mae: t.metrics.mae,
      mse: t.metrics.mse,
      rmse: t.metrics.rmse,
      r2: t.metrics.r2,
      points: [
        [1, 1.5],
        [2, 2],
        [3, 2.5],
        [4, 4],
      ],
    });
    expect(e.regression!.mae).toBeCloseTo(0.25, 12);
  });

  it('history records keep the summary only (no curves), so a big history stays small', () => {
    const record = buildRunRecord({
      id: 'r',
      status: 'done',
      settings: defaultSettings(),
      backend: 'cpu',
      history: [],
      test: classification(),
      error: null,
      startedAt: 0,
      endedAt: 1,
    });
    expect(record!.test).not.toHaveProperty('roc');
    expect(record!.test).not.toHaveProperty('pr');
  });

  it('long curves are thinned evenly, keeping both ends', () => {
    const points = Array.from({ length: 5000 }, (_, i) => i);
    const kept = thin(points);
    expect(kept).toHaveLength(MAX_CURVE_POINTS);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(4999);
    expect(thin([1, 2, 3])).toEqual([1, 2, 3]);
  });
});
