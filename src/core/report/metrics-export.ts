import type { Settings } from '../preset/schema';
import type { TestResult } from '../train/test-result';
import type { EpochRecord } from '../train/types';

/** The downloadable metrics file: settings (what the URL encodes), backend, per-epoch history, test. */
export interface MetricsExport {
  fitlab: 1;
  exportedAt: string;
  settings: Settings;
  backend: string | null;
  status: string;
  history: EpochRecord[];
  test: { loss: number; accuracy: number; confusionMatrix: number[][]; classNames: string[]; count: number } | null;
}

export function buildMetricsExport(input: {
  settings: Settings;
  backend: string | null;
  status: string;
  history: EpochRecord[];
  test: TestResult | null;
  now?: Date;
}): MetricsExport {
  const t = input.test;
  return {
    fitlab: 1,
    exportedAt: (input.now ?? new Date()).toISOString(),
    settings: input.settings,
    backend: input.backend,
    status: input.status,
    history: input.history.map((r) => ({ ...r })),
    test: t
      ? { loss: t.loss, accuracy: t.accuracy, confusionMatrix: t.confusionMatrix, classNames: t.classNames, count: t.count }
      : null,
  };
}
