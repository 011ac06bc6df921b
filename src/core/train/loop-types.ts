import type { Task } from '../types';
import type { BatchRecord, EpochRecord, SplitArrays } from './types';

export interface TrainInputs {
  train: SplitArrays;
  val: SplitArrays;
  /** Per-sample feature shape. */
  shape: number[];
  /** Ignored for regression. */
  numClasses: number;
  /** Absent means classification. Regression needs `targets` on both splits and a model with one linear output. */
  task?: Task;
}

export interface TrainCallbacks {
  onBatchEnd?: (r: BatchRecord) => void;
  onEpochEnd?: (r: EpochRecord) => void | Promise<void>;
  /** Polled after every batch: Stop takes effect within one batch. */
  shouldStop?: () => boolean;
  /** Lets the host breathe between batches (message handling, rendering). */
  yieldControl?: () => Promise<void>;
  /** Polled after every batch, before shouldStop: true holds the loop there (see RunGate in ./gate). */
  isPaused?: () => boolean;
  /** Resolves when the hold ends (resume, step or stop); the batch metrics are read back before it. */
  whilePaused?: () => Promise<void>;
}

export type TrainOutcome =
  | {
      status: 'done';
      history: EpochRecord[];
      /** Set only when early stopping ended the run: the last epoch trained (also marked in its EpochRecord). */
      stoppedEarlyAt?: number;
      /** Set only when early stopping put back the weights of this (best monitored) epoch. */
      restoredEpoch?: number;
    }
  | { status: 'stopped'; history: EpochRecord[] }
  /**
   * The loss blew up. The model is left with the weights of `restoredEpoch`, the last epoch whose loss was
   * still sane (0: the initial weights), so what is evaluated afterwards is a model, not NaNs.
   */
  | { status: 'diverged'; history: EpochRecord[]; message: string; restoredEpoch: number };
