import { confusionMatrix } from '../metrics';
import { scoreProbabilities } from './evaluate';

/** Held-out evaluation, as plain data: what the UI shows and the export writes. */
export interface TestResult {
  count: number;
  loss: number;
  accuracy: number;
  /** Rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
  classNames: string[];
  /** True label and predicted class per test sample (kept for per-class views). */
  labels: number[];
  predictions: number[];
}

export function makeTestResult(probs: Float32Array, labels: ArrayLike<number>, classNames: string[]): TestResult {
  const k = classNames.length;
  const scores = scoreProbabilities(probs, labels, k);
  const trueLabels = Array.from(labels);
  return {
    count: trueLabels.length,
    loss: scores.loss,
    accuracy: scores.accuracy,
    confusionMatrix: confusionMatrix(trueLabels, scores.predictions, k),
    classNames,
    labels: trueLabels,
    predictions: scores.predictions,
  };
}
