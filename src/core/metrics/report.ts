/**
 * Per-class precision/recall/F1 and their averages, matching sklearn's
 * precision_recall_fscore_support(y_true, y_pred, labels=range(numClasses), zero_division=0).
 */
import { confusionMatrix } from './confusion';
import { checkNonEmpty, type NumericArray } from './validate';

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassScores extends Scores {
  /** Number of true samples of this class. */
  support: number;
}

export interface ClassificationReport {
  /** One entry per class index 0 … numClasses − 1, including classes absent from both yTrue and yPred. */
  perClass: ClassScores[];
  /** Unweighted mean over all numClasses classes (absent classes count as 0, as sklearn with explicit labels). */
  macro: Scores;
  /** Mean weighted by support. */
  weighted: Scores;
  /** From global tp/fp/fn counts; with every label in range this equals accuracy. */
  micro: Scores;
  accuracy: number;
}

/** zero_division=0: an undefined ratio (nothing predicted / nothing true) scores 0 rather than NaN. */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/**
 * F1 as sklearn computes it: from the already-rounded precision and recall (not 2tp/(2tp+fp+fn)), with the
 * denominator forced to 1 when p + r = 0 so the result is 0. Same value mathematically; same bits in practice.
 */
function f1(precision: number, recall: number): number {
  const denom = precision + recall;
  return (2 * precision * recall) / (denom === 0 ? 1 : denom);
}

export function classificationReport(yTrue: NumericArray, yPred: NumericArray, numClasses: number): ClassificationReport {
  // confusionMatrix validates lengths and labels; we additionally refuse empty input since accuracy is undefined.
  const cm = confusionMatrix(yTrue, yPred, numClasses);
  checkNonEmpty('classificationReport', yTrue, 'yTrue');

  const perClass: ClassScores[] = [];
  let tpAll = 0;
  let predAll = 0;
  let trueAll = 0;
  for (let c = 0; c < numClasses; c++) {
    const tp = cm[c][c];
    let predSum = 0; // column sum: everything predicted as c
    let trueSum = 0; // row sum: everything truly c
    for (let k = 0; k < numClasses; k++) {
      predSum += cm[k][c];
      trueSum += cm[c][k];
    }
    const precision = ratio(tp, predSum);
    const recall = ratio(tp, trueSum);
    perClass.push({ precision, recall, f1: f1(precision, recall), support: trueSum });
    tpAll += tp;
    predAll += predSum;
    trueAll += trueSum;
  }

  const mean = (key: keyof Scores) => perClass.reduce((s, c) => s + c[key], 0) / numClasses;
  // sklearn returns 0 for every weighted score when total support is 0 (zero_division=0); with the non-empty
  // check above that cannot happen here, but the guard keeps the division honest.
  const weightedMean = (key: keyof Scores) => (trueAll === 0 ? 0 : perClass.reduce((s, c) => s + c[key] * c.support, 0) / trueAll);

  const microP = ratio(tpAll, predAll);
  const microR = ratio(tpAll, trueAll);
  return {
    perClass,
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    weighted: {
      precision: weightedMean('precision'),
      recall: weightedMean('recall'),
      f1: weightedMean('f1'),
    },
    micro: { precision: microP, recall: microR, f1: f1(microP, microR) },
    accuracy: tpAll / yTrue.length,
  };
}
