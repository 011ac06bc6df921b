import { averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from '../metrics/ranking';
import type { RegressionTestResult, TestResult } from '../train/test-result';

/**
 * The curves of a held-out evaluation for the metrics JSON: per class (one-vs-rest) the ROC curve with its AUC
 * and the precision–recall curve with its average precision, as the Evaluate view draws them (sklearn's
 * definitions, src/core/metrics/ranking.ts); for regression the error metrics with each test sample's true and
 * predicted value. Undefined numbers (a class absent from the test split has no recall) are null, never NaN,
 * so the file is valid JSON that a notebook reads as missing.
 */

/** Points kept per curve: enough to redraw it; longer curves keep evenly spaced points and both ends. */
export const MAX_CURVE_POINTS = 1000;

export interface ClassRocExport {
  class: string;
  classIndex: number;
  /** Test samples of this class (the positives). */
  positives: number;
  auc: number | null;
  /** [false-positive rate, true-positive rate], from (0, 0) to (1, 1). Empty when the curve is undefined. */
  points: [number, number][];
}

export interface ClassPrExport {
  class: string;
  classIndex: number;
  positives: number;
  /** Average precision (sklearn's average_precision_score). */
  ap: number | null;
  /** [recall, precision], recall rising from 0. Empty when the class has no test samples. */
  points: [number, number][];
}

export interface RegressionCurvesExport {
  lossKind: string;
  count: number;
  mae: number | null;
  mse: number | null;
  rmse: number | null;
  r2: number | null;
  /** [true value, predicted value] per test sample (evenly thinned past MAX_CURVE_POINTS). */
  points: [number, number][];
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function thin<T>(points: T[], max = MAX_CURVE_POINTS): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(points[Math.floor((i * (points.length - 1)) / (max - 1))]);
  out.push(points[points.length - 1]);
  return out;
}

/** Per-class ROC and PR curves of a classification result (one-vs-rest on the predicted probabilities). */
export function classificationCurves(t: Pick<TestResult, 'labels' | 'probabilities' | 'classNames'>): {
  roc: ClassRocExport[];
  pr: ClassPrExport[];
} {
  const k = t.classNames.length;
  const n = t.labels.length;
  const roc: ClassRocExport[] = [];
  const pr: ClassPrExport[] = [];
  for (let c = 0; c < k; c++) {
    const yTrue = t.labels.map((l) => (l === c ? 1 : 0));
    const scores = t.labels.map((_, i) => t.probabilities[i * k + c]);
    const positives = yTrue.reduce<number>((s, v) => s + v, 0);
    const head = { class: t.classNames[c], classIndex: c, positives };
    const usable = n > 0 && scores.every(Number.isFinite);
    if (!usable || positives === 0) {
      roc.push({ ...head, auc: null, points: [] });
      pr.push({ ...head, ap: null, points: [] });
      continue;
    }
    const p = precisionRecallCurve(yTrue, scores);
    pr.push({
      ...head,
      ap: finite(averagePrecision(yTrue, scores)),
      points: thin(p.recall.map((r, i) => [r, p.precision[i]] as [number, number]).reverse()),
    });
    if (positives === n) {
      roc.push({ ...head, auc: null, points: [] });
      continue;
    }
    const r = rocCurve(yTrue, scores);
    roc.push({ ...head, auc: finite(rocAuc(yTrue, scores)), points: thin(r.fpr.map((x, i) => [x, r.tpr[i]] as [number, number])) });
  }
  return { roc, pr };
}

export function regressionCurves(t: RegressionTestResult): RegressionCurvesExport {
  const m = t.metrics;
  return {
    lossKind: t.lossKind,
    count: t.count,
    mae: finite(m.mae),
    mse: finite(m.mse),
    rmse: finite(m.rmse),
    r2: finite(m.r2),
    points: thin(t.targets.map((y, i) => [y, t.predictions[i]] as [number, number])),
  };
}
