import type { EsMonitor } from '../preset/schema';
import type { EpochRecord } from './types';

export interface EarlyStoppingOptions {
  /** val_loss is minimised, val_acc (accuracy, or R² for regression) maximised. */
  monitor: EsMonitor;
  patience: number;
  /** An epoch improves only when it beats the best by more than this. */
  minDelta: number;
}

/** 'improved': a new best (snapshot the weights); 'wait': no better; 'stop': patience ran out. */
export type EarlyStopDecision = 'improved' | 'wait' | 'stop';

/**
 * Keras's EarlyStopping (baseline=None, start_from_epoch=0): the first reading is the first best; each epoch
 * that fails to beat the best by more than minDelta adds one to a count reset by any improvement, and the
 * run stops once the count reaches `patience` (0: at the first epoch that does not improve). NaN readings
 * (no validation split) are skipped: they neither improve nor count.
 */
export class EarlyStopping {
  /** 1-based epoch of the best reading so far; null before any. */
  bestEpoch: number | null = null;
  best: number;
  private wait = 0;

  constructor(private readonly options: EarlyStoppingOptions) {
    this.best = options.monitor === 'val_loss' ? Infinity : -Infinity;
  }

  update(epoch: number, value: number): EarlyStopDecision {
    if (Number.isNaN(value)) return 'wait';
    const { monitor, minDelta, patience } = this.options;
    const improved = monitor === 'val_loss' ? value + minDelta < this.best : value - minDelta > this.best;
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return 'improved';
    }
    this.wait++;
    return this.wait >= patience ? 'stop' : 'wait';
  }
}

/** Where early stopping ended a run, read from its history (the stopping epoch's record carries it); null if it did not. */
export function earlyStopMarks(history: readonly EpochRecord[]): { stoppedAt: number; restoredEpoch: number | null } | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const mark = history[i].earlyStop;
    if (mark) return { stoppedAt: history[i].epoch, restoredEpoch: mark.restoredEpoch };
  }
  return null;
}
