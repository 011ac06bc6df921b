/** Which classes a model does worst on, for a one-line callout above the per-class table. */
import type { ClassificationReport, ClassScores } from './report';

export interface RankedClass extends ClassScores {
  classIndex: number;
}

/**
 * The `n` classes with the lowest score on `by` (F1 by default; recall answers "which class does it miss"),
 * worst first. Ties go to the lower other score (recall for F1, F1 for recall), then the lower class index.
 * Classes with no test samples are left out: their zero scores (zero_division=0) mean "untested", not "weak".
 */
export function weakestClasses(report: ClassificationReport, n = 1, by: 'f1' | 'recall' = 'f1'): RankedClass[] {
  const other = by === 'f1' ? 'recall' : 'f1';
  return report.perClass
    .map((scores, classIndex) => ({ ...scores, classIndex }))
    .filter((c) => c.support > 0)
    .sort((a, b) => a[by] - b[by] || a[other] - b[other] || a.classIndex - b.classIndex)
    .slice(0, Math.max(0, n));
}
