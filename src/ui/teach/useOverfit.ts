import { useMemo } from 'react';
import { detectOverfitting, type OverfitResult } from '../../core/teach/overfit';
import type { RunState } from '../../store/lab';
import { useLab } from '../../store/lab';
import { useVisibleRun } from '../training/useVisibleRun';

/** Classes of a classification run, once known (the test result, else the model's output width). */
export function runClasses(run: Pick<RunState, 'task' | 'test' | 'summary'>): number | undefined {
  if (run.test?.task === 'classification') return run.test.classNames.length;
  if (run.task !== 'classification') return undefined;
  const width = run.summary?.layers.at(-1)?.outputShape.at(-1);
  return width && width >= 2 ? width : undefined;
}

/**
 * The overfitting detector over the curves shown (the current run's, or a replay's up to its position),
 * recomputed per epoch: in a replay the marker appears at the epoch the detector found it live.
 */
export function useOverfit(): OverfitResult {
  const { history, record } = useVisibleRun();
  const runClassCount = useLab((s) => runClasses(s.run));
  const numClasses = record ? (record.test?.task === 'classification' ? record.test.classNames.length : undefined) : runClassCount;
  return useMemo(() => detectOverfitting(history, { numClasses }), [history, numClasses]);
}
