import type { RegLoss } from '../preset/schema';

/** Plain numbers about a training split and its losses: no tensors. */

/**
 * scikit-learn's compute_class_weight('balanced', classes=np.unique(y), y): n / (K · n_k) for each class k,
 * K counting the classes present, so every class present carries the same total weight n / K. A class
 * absent from the labels gets 0 (it has no samples to weigh).
 */
export function balancedClassWeights(labels: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c ? labels.length / (present * c) : 0));
}

/**
 * Cross-entropy is clipped (probabilities ≥ 1e-7), so an exploded network rarely reaches NaN: it gets
 * stuck predicting one class with certainty, at a loss near −ln(1e-7)·(share wrong). An epoch whose mean
 * training loss is over three times that of a uniform guess (ln K) is treated as diverged.
 */
export function divergence(epochLoss: number, numClasses: number, lr: number): string | null {
  const ceiling = 3 * Math.log(Math.max(2, numClasses));
  if (Number.isFinite(epochLoss) && epochLoss <= ceiling) return null;
  return `Training diverged: the epoch's training loss is ${epochLoss.toFixed(2)}, far above the ${Math.log(Math.max(2, numClasses)).toFixed(2)} of a uniform guess. Try a lower learning rate (now ${lr}).`;
}

/** Population variance (divide by n), the Var in R² = 1 − MSE / Var. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  return sq / n;
}

/**
 * R² of predictions with this MSE on targets of this variance. Constant targets follow sklearn's
 * force_finite rule, as regressionMetrics does: 1 for a perfect fit, 0 otherwise.
 */
export function rSquaredFromMse(mse: number, targetVariance: number): number {
  if (targetVariance > 0) return 1 - mse / targetVariance;
  return mse === 0 ? 1 : 0;
}

/**
 * Predicting the training mean everywhere gives MSE = Var (and MAE ≤ std), so a regression whose epoch
 * loss is over 100 × Var (MAE: 10 × std, the same factor in the targets' unit) does far worse than a constant
 * guess: its weights have blown up. Constant targets have no spread to compare against and use 1.
 */
export function regressionDivergence(epochLoss: number, loss: RegLoss, targetVariance: number, lr: number): string | null {
  const spread = targetVariance > 0 ? targetVariance : 1;
  const baseline = loss === 'mae' ? Math.sqrt(spread) : spread;
  const factor = loss === 'mae' ? 10 : 100;
  if (Number.isFinite(epochLoss) && epochLoss <= factor * baseline) return null;
  const name = loss === 'mae' ? 'mean absolute error' : 'mean squared error';
  return `Training diverged: the epoch's training ${name} is ${epochLoss.toPrecision(3)}, over ${factor} times the ${baseline.toPrecision(3)} of always predicting the mean. Try a lower learning rate (now ${lr}).`;
}
