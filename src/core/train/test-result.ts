import { confusionMatrix, type RegressionMetrics } from '../metrics';
import type { RegLoss } from '../preset/schema';
import { scoreProbabilities, scoreValues } from './scores';

/** Held-out evaluation, as plain data: what the UI shows and the export writes. */
export interface TestResult {
  task: 'classification';
  count: number;
  loss: number;
  accuracy: number;
  /** Rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
  classNames: string[];
  /** True label and predicted class per test sample (kept for per-class views). */
  labels: number[];
  predictions: number[];
  /** Class probabilities, sample-major and flat (count × classes): ROC/PR curves and confidences. */
  probabilities: number[];
  /** Dataset row of each test sample, so views can show the example behind a prediction. */
  indices: number[];
}

export function makeTestResult(
  probs: Float32Array,
  labels: ArrayLike<number>,
  classNames: string[],
  indices: ArrayLike<number> = Array.from({ length: labels.length }, (_, i) => i),
): TestResult {
  const k = classNames.length;
  const scores = scoreProbabilities(probs, labels, k);
  const trueLabels = Array.from(labels);
  return {
    task: 'classification',
    count: trueLabels.length,
    loss: scores.loss,
    accuracy: scores.accuracy,
    confusionMatrix: confusionMatrix(trueLabels, scores.predictions, k),
    classNames,
    labels: trueLabels,
    predictions: scores.predictions,
    probabilities: Array.from(probs),
    indices: Array.from(indices),
  };
}

/** Probability the model gave its own prediction for test sample i. */
export function confidenceOf(t: TestResult, i: number): number {
  return t.probabilities[i * t.classNames.length + t.predictions[i]];
}

/** Test positions behind one confusion-matrix cell (true `row`, predicted `col`), most confident first. */
export function examplesInCell(t: TestResult, row: number, col: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) if (t.labels[i] === row && t.predictions[i] === col) out.push(i);
  return byConfidence(t, out);
}

/** Every misclassified test position, the confidently wrong first: the errors most worth a look. */
export function misclassifiedByConfidence(t: TestResult): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) if (t.labels[i] !== t.predictions[i]) out.push(i);
  return byConfidence(t, out);
}

function byConfidence(t: TestResult, positions: number[]): number[] {
  return positions.sort((a, b) => confidenceOf(t, b) - confidenceOf(t, a) || a - b);
}

/** Held-out evaluation of a regression model, as plain data. */
export interface RegressionTestResult {
  task: 'regression';
  count: number;
  /** The run's loss (MSE or MAE, see lossKind) on the test split, comparable with val_loss. */
  loss: number;
  lossKind: RegLoss;
  /** NaN throughout when the model predicted a non-finite value. */
  metrics: RegressionMetrics;
  /** True and predicted value per test sample. */
  targets: number[];
  predictions: number[];
  /** Dataset row of each test sample. */
  indices: number[];
  /** Each test sample's input features, for the scatter of predictions over x. */
  inputs: number[][];
}

/** Either kind of test result; `task` tells them apart. */
export type AnyTestResult = TestResult | RegressionTestResult;

/** `inputs` is sample-major and flat (count × featureCount), as the splits store it. */
export function makeRegressionResult(
  predictions: Float32Array,
  targets: ArrayLike<number>,
  inputs: Float32Array,
  featureCount: number,
  loss: RegLoss,
  indices: ArrayLike<number> = Array.from({ length: targets.length }, (_, i) => i),
): RegressionTestResult {
  const n = targets.length;
  if (predictions.length !== n || inputs.length !== n * featureCount || indices.length !== n) {
    throw new Error(
      `makeRegressionResult: ${n} targets need as many predictions (got ${predictions.length}), indices (got ${indices.length}) and ${n} × ${featureCount} inputs (got ${inputs.length}).`,
    );
  }
  const scores = scoreValues(predictions, targets, loss);
  return {
    task: 'regression',
    count: n,
    loss: scores.loss,
    lossKind: loss,
    metrics: scores.metrics,
    targets: Array.from(targets),
    predictions: Array.from(predictions),
    indices: Array.from(indices),
    inputs: Array.from({ length: n }, (_, i) => Array.from(inputs.subarray(i * featureCount, (i + 1) * featureCount))),
  };
}
