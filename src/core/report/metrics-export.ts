import type { Settings } from '../preset/schema';
import { classificationReport, type ClassificationReport, type RegressionMetrics } from '../metrics';
import type { AnyTestResult } from '../train/test-result';
import type { EpochRecord } from '../train/types';
import {
  classificationCurves,
  regressionCurves,
  type ClassPrExport,
  type ClassRocExport,
  type RegressionCurvesExport,
} from './curves-export';

/** The downloadable metrics file: settings (what the URL encodes), backend, per-epoch history, test. */
export interface MetricsExport {
  fitlab: 1;
  exportedAt: string;
  settings: Settings;
  backend: string | null;
  status: string;
  history: EpochRecord[];
  test: ClassificationExport | RegressionExport | null;
}

export interface ClassificationExport {
  task: 'classification';
  loss: number;
  accuracy: number;
  confusionMatrix: number[][];
  classNames: string[];
  count: number;
  /** Per-class precision, recall, F1 and support, with macro, weighted and micro averages. */
  report: ClassificationReport;
  /** Per class: the ROC curve's points and AUC (absent in history records, which keep only the summary). */
  roc?: ClassRocExport[];
  /** Per class: the precision–recall curve's points and average precision (absent in history records). */
  pr?: ClassPrExport[];
}

export interface RegressionExport extends RegressionMetrics {
  task: 'regression';
  loss: number;
  count: number;
  /** The error metrics with each test sample's true and predicted value (absent in history records). */
  regression?: RegressionCurvesExport;
}

export function buildMetricsExport(input: {
  settings: Settings;
  backend: string | null;
  status: string;
  history: EpochRecord[];
  test: AnyTestResult | null;
  now?: Date;
  /** With the curves (test.roc / test.pr, test.regression): the downloaded file has them, history records do not. */
  curves?: boolean;
}): MetricsExport {
  const t = input.test;
  return {
    fitlab: 1,
    exportedAt: (input.now ?? new Date()).toISOString(),
    settings: input.settings,
    backend: input.backend,
    status: input.status,
    history: input.history.map((r) => ({ ...r })),
    test: t ? exportTest(t, input.curves ?? true) : null,
  };
}

function exportTest(t: AnyTestResult, curves: boolean): ClassificationExport | RegressionExport {
  if (t.task === 'regression')
    return { task: 'regression', loss: t.loss, count: t.count, ...t.metrics, ...(curves ? { regression: regressionCurves(t) } : {}) };
  return {
    task: 'classification',
    loss: t.loss,
    accuracy: t.accuracy,
    confusionMatrix: t.confusionMatrix,
    classNames: t.classNames,
    count: t.count,
    report: classificationReport(t.labels, t.predictions, t.classNames.length),
    ...(curves ? classificationCurves(t) : {}),
  };
}
