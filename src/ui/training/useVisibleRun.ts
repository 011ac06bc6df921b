import { useMemo } from 'react';
import type { RunRecord } from '../../core/history/record';
import type { BatchRecord, EpochRecord } from '../../core/train/types';
import { useLab, type ReplayState } from '../../store/lab';
import { visibleEpochs } from '../../store/selectors';

export interface VisibleRun {
  /** The epochs to draw: the run's, or during a replay those up to the scrubber. */
  history: EpochRecord[];
  /** The current run's batches up to the same epoch; none for a history run (its batches are not kept). */
  batches: BatchRecord[];
  replay: ReplayState | null;
  /** The history run being replayed, if that is what is shown. */
  record: RunRecord | null;
  /** Epochs recorded in what is shown (the scrubber's end). */
  total: number;
}

const NO_BATCHES: BatchRecord[] = [];

/** What the learning curves, the overfitting detector and the confusion timeline show. */
export function useVisibleRun(): VisibleRun {
  const replay = useLab((s) => s.view.replay);
  const runHistory = useLab((s) => s.run.history);
  const runBatches = useLab((s) => s.run.batches);
  const record = replay && replay.source !== 'current' ? (replay.record ?? null) : null;
  const full = record ? record.history : runHistory;
  const shown = replay ? replay.shown : null;
  const history = visibleEpochs(full, shown);
  const batches = useMemo(() => {
    if (record) return NO_BATCHES;
    if (shown === null || shown >= full.length) return runBatches;
    return runBatches.filter((b) => b.epoch <= shown);
  }, [record, shown, full.length, runBatches]);
  return { history, batches, replay, record, total: full.length };
}
