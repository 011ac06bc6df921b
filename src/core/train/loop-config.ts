import type { AugmentOptions } from '../data/augment-options';
import { SCHEMA, type Settings } from '../preset/schema';

/**
 * Settings the loop reads that a caller may leave out (tests, the bench, replays of old runs): each then
 * takes its schema row's default, so a default lives only in its row.
 */
const OPTIONAL_KNOBS = [
  'momentum',
  'schedule',
  'lrEvery',
  'lrFactor',
  'lrDecay',
  'lrPatience',
  'minLr',
  'earlyStop',
  'esMonitor',
  'esPatience',
  'esMinDelta',
  'esRestore',
  // Balanced class weights (classification only) and the regression loss.
  'classWeights',
  'regLoss',
] as const satisfies readonly (keyof Settings)[];

type OptionalKnob = (typeof OPTIONAL_KNOBS)[number];
type RequiredKnob = 'epochs' | 'batchSize' | 'optimizer' | 'lr' | 'seed';

interface Augmentation {
  /** Augmentation for image training batches; null or all-off for none. */
  augment: AugmentOptions | null;
}

/** What trainModel is given: the optional knobs fall back to their schema defaults (see resolveTrainConfig). */
export type TrainConfig = Pick<Settings, RequiredKnob> & Partial<Pick<Settings, OptionalKnob>> & Augmentation;

/** The configuration the loop runs with: every knob set. */
export type LoopConfig = Pick<Settings, RequiredKnob | OptionalKnob> & Augmentation;

/** The config with each knob left out set to its schema row's default (once per run, never per batch). */
export function resolveTrainConfig(config: TrainConfig): LoopConfig {
  const out: Record<string, unknown> = { ...config };
  for (const name of OPTIONAL_KNOBS) out[name] ??= SCHEMA[name].default;
  // Every OPTIONAL_KNOBS name is now set, from the config or its row (each row's default has its setting's type).
  return out as unknown as LoopConfig;
}
