import type { Observation } from '../search/samplers';
import type { ParamRange, Params, SearchMethod } from '../search/space';
import type { EpochRecord } from '../train/types';

/**
 * Experiments run many trainings on the training pool (train + validation splits) and never touch the
 * test split: cross-validation scores one setting honestly, a search compares many.
 */
export type ExperimentSpec =
  | { kind: 'cv'; k: number; stratified: boolean; leaveOneOut: boolean }
  | {
      kind: 'search';
      method: SearchMethod;
      space: ParamRange[];
      budget: number;
      seed: number;
      /** Trials already done (a search resumed after a reload continues from them). */
      done: TrialResult[];
    };

/** One fold of a cross-validation: its curves and its final validation scores. */
export interface FoldResult {
  fold: number;
  trainCount: number;
  valCount: number;
  history: EpochRecord[];
  /** Scores of the last epoch; `bestValLoss` the lowest validation loss seen. */
  valLoss: number;
  valAcc: number;
  bestValLoss: number;
}

/** One search trial: its settings, its validation score and what it cost. */
export interface TrialResult {
  trial: number;
  params: Params;
  /** Higher is better: the best validation accuracy (classification) or R² (regression); NaN if it failed. */
  score: number;
  bestValLoss: number;
  epochs: number;
  ms: number;
  error?: string;
}

export type { Observation, ParamRange, Params, SearchMethod };
