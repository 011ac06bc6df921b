/** Regression error metrics, matching sklearn's mean_absolute_error, mean_squared_error and r2_score. */
import { checkFinite, checkNonEmpty, checkSameLength, type NumericArray } from './validate';

export interface RegressionMetrics {
  mae: number;
  mse: number;
  /** sqrt(mse): same unit as the target, so it is what people read off a chart. */
  rmse: number;
  /** Coefficient of determination; NaN with fewer than two samples (sklearn returns nan there too). */
  r2: number;
}

export function regressionMetrics(yTrue: NumericArray, yPred: NumericArray): RegressionMetrics {
  const fn = 'regressionMetrics';
  checkSameLength(fn, yTrue, 'yTrue', yPred, 'yPred');
  checkNonEmpty(fn, yTrue, 'yTrue');
  checkFinite(fn, yTrue, 'yTrue');
  checkFinite(fn, yPred, 'yPred');

  const n = yTrue.length;
  let absSum = 0;
  let sqSum = 0;
  let sum = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    const e = yTrue[i] - yPred[i];
    absSum += Math.abs(e);
    sqSum += e * e;
    sum += yTrue[i];
    if (yTrue[i] !== yTrue[0]) constant = false;
  }
  const mse = sqSum / n;
  return { mae: absSum / n, mse, rmse: Math.sqrt(mse), r2: r2(yTrue, sqSum, sum / n, constant) };
}

/**
 * R² = 1 − SS_res / SS_tot with sklearn's force_finite=True rules: perfect predictions score 1 (even for a
 * constant target), and a constant target with imperfect predictions scores 0 instead of −∞.
 *
 * Deliberate deviation: we detect a constant target by comparing values, not by SS_tot == 0. In floating point
 * the mean of [0.1, 0.1, 0.1] is 0.10000000000000002, so SS_tot is ~1e-33 rather than 0 and sklearn reports an
 * R² of about −5e31; we report 0, which is what the force_finite rule intends.
 */
function r2(yTrue: NumericArray, ssRes: number, mean: number, constant: boolean): number {
  if (yTrue.length < 2) return NaN; // not well-defined: SS_tot is always 0 for one sample
  if (ssRes === 0) return 1;
  if (constant) return 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) ssTot += (yTrue[i] - mean) ** 2;
  // Distinct values whose squared deviations underflow (~1e-160 apart) are constant for all practical purposes.
  return ssTot === 0 ? 0 : 1 - ssRes / ssTot;
}
