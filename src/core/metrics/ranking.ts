/**
 * Threshold-sweeping metrics for a binary problem (yTrue ∈ {0, 1}, higher score = more positive):
 * ROC curve and AUC, precision–recall curve and average precision. Each mirrors the scikit-learn 1.2 function
 * of the same name (sklearn/metrics/_ranking.py) so numbers agree with a Python notebook to the last few ulps.
 */
import { checkBinary, checkFinite, checkNonEmpty, checkSameLength, type NumericArray } from './validate';

export interface RocCurve {
  /** False-positive rate per threshold, non-decreasing from 0. NaN everywhere if yTrue has no negatives. */
  fpr: number[];
  /** True-positive rate per threshold, non-decreasing from 0. NaN everywhere if yTrue has no positives. */
  tpr: number[];
  /** Decreasing; thresholds[0] = Infinity (predict nothing positive), so the curve starts at (0, 0). */
  thresholds: number[];
}

export interface PrecisionRecallCurve {
  /** precision[i] at thresholds[i]; the final extra entry is 1 (the conventional point at recall 0). */
  precision: number[];
  /** Non-increasing; the final extra entry is 0. */
  recall: number[];
  /** Increasing distinct scores; length = precision.length − 1. */
  thresholds: number[];
}

interface ClfCurve {
  fps: number[];
  tps: number[];
  thresholds: number[];
}

function validate(fn: string, yTrue: NumericArray, scores: NumericArray): void {
  checkSameLength(fn, yTrue, 'yTrue', scores, 'scores');
  checkNonEmpty(fn, yTrue, 'yTrue');
  checkBinary(fn, yTrue, 'yTrue');
  checkFinite(fn, scores, 'scores');
}

/**
 * Cumulative false/true positive counts when predicting "positive" for score >= t, for each distinct score t
 * in decreasing order (sklearn's _binary_clf_curve). Tied scores are one threshold: we only emit a point at the
 * last sample of a run of equal scores, because no threshold can separate tied samples.
 */
function binaryClfCurve(yTrue: NumericArray, scores: NumericArray): ClfCurve {
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (yTrue[i] === 1) tp++;
    else fp++;
    if (k === n - 1 || scores[order[k + 1]] !== scores[i]) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(scores[i]);
    }
  }
  return { fps, tps, thresholds };
}

/**
 * ROC curve as sklearn's roc_curve with its default drop_intermediate=True: points that lie on a straight
 * segment between their neighbours (zero second difference in both fps and tps) are dropped, as they change
 * neither the plot nor the AUC.
 *
 * Differences from sklearn 1.2, on purpose: the leading threshold is Infinity (sklearn ≥ 1.3 behaviour;
 * 1.2 used max(score) + 1, an arbitrary finite value). If yTrue has only one class we return the curve with
 * NaN rates for the undefined axis, exactly like sklearn's roc_curve (which only warns); rocAuc throws instead.
 */
export function rocCurve(yTrue: NumericArray, scores: NumericArray): RocCurve {
  validate('rocCurve', yTrue, scores);
  let { fps, tps, thresholds } = binaryClfCurve(yTrue, scores);

  if (fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const fCurv = fps[i - 1] - 2 * fps[i] + fps[i + 1];
      const tCurv = tps[i - 1] - 2 * tps[i] + tps[i + 1];
      if (fCurv !== 0 || tCurv !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = keep.map((i) => fps[i]);
    tps = keep.map((i) => tps[i]);
    thresholds = keep.map((i) => thresholds[i]);
  }

  // Extra point so the curve starts at (0, 0): a threshold above every score predicts no positives.
  fps = [0, ...fps];
  tps = [0, ...tps];
  thresholds = [Infinity, ...thresholds];

  const negatives = fps[fps.length - 1];
  const positives = tps[tps.length - 1];
  return {
    fpr: fps.map((f) => (negatives > 0 ? f / negatives : NaN)),
    tpr: tps.map((t) => (positives > 0 ? t / positives : NaN)),
    thresholds,
  };
}

/**
 * Area under the ROC curve by the trapezoidal rule over rocCurve's points (sklearn's roc_auc_score for a binary
 * target: auc(fpr, tpr) on the drop_intermediate curve; dropped points are collinear so the area is unchanged).
 * Ties between a positive and a negative score count as half a correct ordering, via the diagonal segment.
 */
export function rocAuc(yTrue: NumericArray, scores: NumericArray): number {
  validate('rocAuc', yTrue, scores);
  let pos = 0;
  for (let i = 0; i < yTrue.length; i++) pos += yTrue[i];
  if (pos === 0 || pos === yTrue.length) {
    throw new Error('rocAuc: only one class present in yTrue; ROC AUC is not defined in that case');
  }
  const { fpr, tpr } = rocCurve(yTrue, scores);
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return area;
}

/**
 * Precision–recall curve as sklearn 1.2's precision_recall_curve: one point per distinct score (no
 * drop_intermediate, and — since sklearn 1.1 — no truncation once full recall is reached), reversed so that
 * thresholds increase and recall decreases, then the point (recall 0, precision 1) appended without a threshold.
 *
 * If yTrue has no positives, recall is set to 1 at every threshold (sklearn warns and does the same) so the
 * curve stays finite; precision is then 0 everywhere except the appended point.
 */
export function precisionRecallCurve(yTrue: NumericArray, scores: NumericArray): PrecisionRecallCurve {
  validate('precisionRecallCurve', yTrue, scores);
  const { fps, tps, thresholds } = binaryClfCurve(yTrue, scores);
  const positives = tps[tps.length - 1];
  // tps + fps >= 1 at every threshold (each includes at least one sample); the guard mirrors sklearn's
  // zero-initialised precision for predicted-nothing points, which cannot arise here.
  const precision = tps.map((t, i) => (t + fps[i] === 0 ? 0 : t / (t + fps[i])));
  const recall = tps.map((t) => (positives === 0 ? 1 : t / positives));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: thresholds.slice().reverse(),
  };
}

/**
 * Average precision, sklearn's average_precision_score: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ, a step-function integral of
 * the PR curve with no interpolation (each recall gain is credited at the precision achieved there, not the
 * best precision to its right). With no positives in yTrue this is 0, as sklearn (recall forced to 1 above).
 */
export function averagePrecision(yTrue: NumericArray, scores: NumericArray): number {
  const { precision, recall } = precisionRecallCurve(yTrue, scores);
  let ap = 0;
  // recall is non-increasing along the curve, so recall[i] − recall[i + 1] >= 0 is the gain at precision[i].
  for (let i = 0; i < recall.length - 1; i++) ap += (recall[i] - recall[i + 1]) * precision[i];
  return ap;
}
