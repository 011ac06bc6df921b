/** Confusion matrix and accuracy: the raw counts every classification metric is derived from. */
import { checkLabels, checkNonEmpty, checkNumClasses, checkSameLength, type NumericArray } from './validate';

/**
 * counts[t][p] = number of samples with true class t predicted as p (rows = truth, columns = prediction,
 * as sklearn's confusion_matrix). All numClasses rows/columns are present even for classes that never occur,
 * so the shape is stable across epochs and datasets. An empty input gives an all-zero matrix.
 */
export function confusionMatrix(yTrue: NumericArray, yPred: NumericArray, numClasses: number): number[][] {
  const fn = 'confusionMatrix';
  checkNumClasses(fn, numClasses);
  checkSameLength(fn, yTrue, 'yTrue', yPred, 'yPred');
  checkLabels(fn, yTrue, 'yTrue', numClasses);
  checkLabels(fn, yPred, 'yPred', numClasses);
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]][yPred[i]]++;
  return counts;
}

/**
 * Fraction of exact matches (sklearn's accuracy_score). Labels need not be class indices here, only comparable
 * numbers; empty input throws because sklearn's answer (NaN with a warning) is never what a caller wants to plot.
 */
export function accuracy(yTrue: NumericArray, yPred: NumericArray): number {
  const fn = 'accuracy';
  checkSameLength(fn, yTrue, 'yTrue', yPred, 'yPred');
  checkNonEmpty(fn, yTrue, 'yTrue');
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}
