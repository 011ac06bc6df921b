/**
 * Accuracy and macro F1 per value of a sample attribute (e.g. the shapes dataset's colour), so a model that keys
 * on colour rather than form shows up as a gap between groups.
 */
import { classificationReport } from './report';
import { checkLabels, checkNumClasses, checkSameLength, type NumericArray } from './validate';

export interface SubgroupRow {
  value: string;
  count: number;
  accuracy: number;
  /** Macro F1 over the classes present in this group (see subgroupReport). */
  macroF1: number;
}

export interface SubgroupReport {
  attribute: string;
  /** One row per attribute value that has samples, in the order of `values`. */
  rows: SubgroupRow[];
  /** Best vs worst group by accuracy; null with fewer than two non-empty groups (no gap to speak of). */
  largestGap: { metric: 'accuracy'; best: string; worst: string; gap: number } | null;
}

export interface SampleGroups {
  /** Attribute name, e.g. 'colour'. */
  name: string;
  values: string[];
  /** Per sample: index into `values`. */
  index: NumericArray;
}

/**
 * Per-group accuracy and macro F1. Macro F1 averages over the labels present in the group, in its true labels or
 * its predictions: sklearn's f1_score(y_true, y_pred, average='macro') with labels=None, zero_division=0.
 * We do not pass labels=all classes, which would score every class a group lacks as F1 0: a group of 5 samples
 * from 2 classes, all correct, would then read 0.2 on a 10-class dataset, measuring the group's class mix rather
 * than how well the model does on it. A class predicted in the group but absent from its truth still counts
 * (F1 0), since those are real mistakes.
 */
export function subgroupReport(labels: NumericArray, predictions: NumericArray, groups: SampleGroups, numClasses: number): SubgroupReport {
  const fn = 'subgroupReport';
  checkNumClasses(fn, numClasses);
  checkSameLength(fn, labels, 'labels', predictions, 'predictions');
  checkSameLength(fn, labels, 'labels', groups.index, `groups.index (${groups.name})`);
  checkLabels(fn, labels, 'labels', numClasses);
  checkLabels(fn, predictions, 'predictions', numClasses);
  checkLabels(fn, groups.index, `groups.index (${groups.name})`, groups.values.length);

  const members: number[][] = groups.values.map(() => []);
  for (let i = 0; i < labels.length; i++) members[groups.index[i]].push(i);

  const rows: SubgroupRow[] = [];
  members.forEach((idx, g) => {
    if (idx.length === 0) return;
    const yTrue = idx.map((i) => labels[i]);
    const yPred = idx.map((i) => predictions[i]);
    const report = classificationReport(yTrue, yPred, numClasses);
    const present = new Set([...yTrue, ...yPred]);
    let f1Sum = 0;
    for (const c of present) f1Sum += report.perClass[c].f1;
    rows.push({ value: groups.values[g], count: idx.length, accuracy: report.accuracy, macroF1: f1Sum / present.size });
  });

  return { attribute: groups.name, rows, largestGap: largestGap(rows) };
}

/** Ties keep the first group in `values` order, for both best and worst. */
function largestGap(rows: SubgroupRow[]): SubgroupReport['largestGap'] {
  if (rows.length < 2) return null;
  let best = rows[0];
  let worst = rows[0];
  for (const r of rows) {
    if (r.accuracy > best.accuracy) best = r;
    if (r.accuracy < worst.accuracy) worst = r;
  }
  return { metric: 'accuracy', best: best.value, worst: worst.value, gap: best.accuracy - worst.accuracy };
}
