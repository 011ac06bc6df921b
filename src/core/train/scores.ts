import { regressionMetrics, type RegressionMetrics } from '../metrics';
import type { RegLoss } from '../preset/schema';

/** Keras's epsilon: probabilities are clipped to [ε, 1 − ε] before the log, as in its cross-entropy. */
export const EPSILON = 1e-7;

export interface ProbabilityScores {
  loss: number;
  accuracy: number;
  predictions: number[];
}

/** Mean cross-entropy, accuracy and argmax predictions from probabilities (plain arrays, no tensors). */
export function scoreProbabilities(probs: Float32Array, labels: ArrayLike<number>, numClasses: number): ProbabilityScores {
  const n = labels.length;
  let lossSum = 0;
  let correct = 0;
  const predictions = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (probs[i * numClasses + k] > probs[i * numClasses + best]) best = k;
    predictions[i] = best;
    if (best === labels[i]) correct++;
    const p = Math.min(1 - EPSILON, Math.max(EPSILON, probs[i * numClasses + labels[i]]));
    lossSum -= Math.log(p);
  }
  return { loss: n ? lossSum / n : NaN, accuracy: n ? correct / n : NaN, predictions };
}

export interface ValueScores {
  /** The chosen loss (MSE or MAE) over the samples. */
  loss: number;
  metrics: RegressionMetrics;
}

/**
 * Regression loss and metrics from predictions (plain arrays, no tensors). An exploded model predicts
 * ±Infinity or NaN; it scores NaN throughout instead of throwing, so the loop can report the divergence.
 */
export function scoreValues(predictions: ArrayLike<number>, targets: ArrayLike<number>, loss: RegLoss): ValueScores {
  let finite = true;
  for (let i = 0; i < predictions.length; i++) if (!Number.isFinite(predictions[i])) finite = false;
  const metrics = finite && targets.length > 0 ? regressionMetrics(targets, predictions) : { mae: NaN, mse: NaN, rmse: NaN, r2: NaN };
  return { loss: loss === 'mae' ? metrics.mae : metrics.mse, metrics };
}
