import type { Settings } from '../preset/schema';

/**
 * The base settings with a trial's parameters. Searching a dropout rate or an L2 strength only means
 * something with that regulariser on, so a trial that sets one switches it on.
 */
export function withParams(s: Settings, params: Record<string, unknown>): Settings {
  return {
    ...s,
    ...(params as Partial<Settings>),
    ...('dropoutRate' in params ? { dropout: true } : {}),
    ...('l2Lambda' in params ? { l2: true } : {}),
    ...('l1Lambda' in params ? { l1: true } : {}),
  };
}
