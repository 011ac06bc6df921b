/**
 * Evaluation metrics, pure TypeScript (no tfjs, no DOM): plain arrays in, plain numbers out. Definitions follow
 * scikit-learn 1.2 and are checked against it by test/unit/metrics.test.ts (fixtures from
 * scripts/make_metric_fixtures.py).
 */
export { accuracy, confusionMatrix } from './confusion';
export { classificationReport } from './report';
export type { ClassificationReport, ClassScores, Scores } from './report';
export { mostConfusedPairs } from './pairs';
export type { ConfusedPair } from './pairs';
export { subgroupReport } from './subgroups';
export type { SampleGroups, SubgroupReport, SubgroupRow } from './subgroups';
export { weakestClasses } from './weakest';
export type { RankedClass } from './weakest';
export { averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from './ranking';
export type { PrecisionRecallCurve, RocCurve } from './ranking';
export { regressionMetrics } from './regression';
export type { RegressionMetrics } from './regression';
export type { NumericArray } from './validate';
