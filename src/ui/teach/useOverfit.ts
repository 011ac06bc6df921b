import { useMemo } from 'react';
import { detectOverfitting, type OverfitResult } from '../../core/teach/overfit';
import type { RunState } from '../../store/lab';
import { useLab } from '../../store/lab';

/** Classes of a classification run, once known (the test result, else the model's output width). */
export function runClasses(run: Pick<RunState, 'task' | 'test' | 'summary'>): number | undefined {
  if (run.test?.task === 'classification') return run.test.classNames.length;
  if (run.task !== 'classification') return undefined;
  const width = run.summary?.layers.at(-1)?.outputShape.at(-1);
  return width && width >= 2 ? width : undefined;
}

/** The overfitting detector over the current run's curves, recomputed per epoch. */
export function useOverfit(): OverfitResult {
  const history = useLab((s) => s.run.history);
  const numClasses = useLab((s) => runClasses(s.run));
  return useMemo(() => detectOverfitting(history, { numClasses }), [history, numClasses]);
}
