import type { Settings } from '../preset/schema';
import { gateSettings } from '../preset/gate';

/**
 * The base settings with a trial's parameters. Searching a dropout rate or an L2 strength only means
 * something with that regulariser on, so a trial that sets one switches it on.
 */
export function withParams(s: Settings, params: Record<string, unknown>): Settings {
  // Through the settings gate: a trial's value the run would refuse falls back to the base's, never fails the trial.
  return gateSettings(
    {
      ...s,
      ...(params as Partial<Settings>),
      ...('dropoutRate' in params ? { dropout: true } : {}),
      ...('l2Lambda' in params ? { l2: true } : {}),
      ...('l1Lambda' in params ? { l1: true } : {}),
    },
    { base: s },
  ).settings;
}
