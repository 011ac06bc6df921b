import { create } from 'zustand';
import type { Settings } from '../core/preset/schema';
import { HIDE_SUFFIX, LESSON_KEY, PRESENT_KEY, isPageQueryKey } from '../core/preset/page-keys';
import { parseHidden, presentationDefaults } from '../core/teach/hide';
import type { Lesson } from '../core/teach/lesson';
import type { OverfitState } from '../core/teach/overfit';
import type { EpochRecord } from '../core/train/types';
import type { CureVariant } from '../core/teach/cures';
import { lessonById } from '../lessons';
import { startRun, stopRun, trainerBusy } from './actions';
import type { RunStatus } from './lab';

/**
 * The teaching store beside the lab's: the teaching URL keys (`lesson`, `present`, `<key>_hide`), the lesson's
 * current step and what each step's run showed, and "Train both" (two runs one after the other, compared).
 * Its actions live by job in ./teach-url.ts, ./lessons.ts and ./train-both.ts; ./teach.ts follows the lab's runs.
 */

export type PairStatus = 'idle' | 'a' | 'b' | 'done' | 'stopped' | 'error';

export interface PairRun {
  /** Legend text, e.g. "A: without dropout". */
  label: string;
  settings: Settings;
  runId: string | null;
  status: RunStatus | null;
  /** Filled in when the run ends; while it trains, the lab's run has the live history. */
  history: EpochRecord[];
  /** Test accuracy (or R²) when the run was evaluated. */
  score: number | null;
}

export interface PairState {
  status: PairStatus;
  /** The lesson step that started the pair, if one did: B's outcome is that step's. */
  step?: number;
  a: PairRun | null;
  b: PairRun | null;
  message: string | null;
}

export interface StepOutcome {
  runId: string;
  status: RunStatus;
  /** The step's check against the run, when it has one. */
  check: { pass: boolean; value: OverfitState | number } | null;
}

export interface TeachState {
  /** The teaching keys of the address bar, in their order (`lesson=l2&present=1&lr_hide=1`); '' for none. */
  query: string;
  /** The lesson step shown (0-based). */
  step: number;
  /** What the run made at each step showed, by step index. */
  outcomes: Record<number, StepOutcome>;
  /** Runs started by a step's "Do it", by run id: their outcome belongs to that step whatever is shown meanwhile. */
  runSteps: Record<string, number>;
  /** The student pressed Finish (or the last step's run ended): the lesson's point is shown. */
  finished: boolean;
  variant: CureVariant;
  pair: PairState;
}

/** How teaching starts and stops runs: the lab's own actions, or a fake in unit tests. */
export interface TeachTrainer {
  start(): void;
  stop(): void;
  busy(): boolean;
}

export const labTrainer: TeachTrainer = { start: startRun, stop: stopRun, busy: trainerBusy };

export interface TeachStore extends TeachState {
  /** Part of the state, so resetting the store restores the lab's trainer too (no module variable to reset). */
  trainer: TeachTrainer;
}

export const idlePair = (): PairState => ({ status: 'idle', a: null, b: null, message: null });

export const initialTeachState = (): TeachStore => ({
  query: '',
  step: 0,
  outcomes: {},
  runSteps: {},
  finished: false,
  variant: 'dropout',
  pair: idlePair(),
  trainer: labTrainer,
});

export const useTeach = create<TeachStore>()(() => initialTeachState());

/** The trainer teaching uses now. */
export const teachTrainer = (): TeachTrainer => useTeach.getState().trainer;

/** Replaces how runs are started and stopped (unit tests); null restores the lab's own actions. */
export function setTeachTrainer(t: TeachTrainer | null): void {
  useTeach.setState({ trainer: t ?? labTrainer });
}

/**
 * How a later step runs: a microtask after the event that ended the previous run, so every other listener of
 * that event (the run history records each finished run) sees the run end before the next one starts.
 */
export const defer = (fn: () => void): void => queueMicrotask(fn);

// ---------------------------------------------------------------- selectors

/** The teaching keys of a query string (with or without '?'), in order; everything else dropped. */
export function teachQueryOf(query: string): string {
  const params = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const [k, v] of params) if (isPageQueryKey(k)) out.append(k, v);
  return out.toString();
}

export function lessonIdOf(query: string): string | null {
  return new URLSearchParams(query).get(LESSON_KEY);
}

export function lessonOf(query: string): Lesson | undefined {
  const id = lessonIdOf(query);
  return id ? lessonById(id) : undefined;
}

export function isPresent(query: string): boolean {
  const v = new URLSearchParams(query).get(PRESENT_KEY);
  return v === '1' || v === 'true';
}

let hiddenCache: { query: string; hidden: Set<string> } | null = null;

/**
 * URL keys of the controls to hide: `<key>_hide=1` keys, every control outside the lesson's (or the default)
 * few in present mode, and the lesson's own `hide` list; `<key>_hide=0` shows a control whatever the rest says.
 */
export function hiddenKeysOf(query: string): Set<string> {
  if (hiddenCache?.query === query) return hiddenCache.hidden;
  const lesson = lessonOf(query);
  const hidden = parseHidden(query, presentationDefaults(lesson ?? null));
  const params = new URLSearchParams(query);
  for (const key of lesson?.hide ?? []) {
    const v = params.get(`${key}${HIDE_SUFFIX}`);
    if (v !== '0' && v !== 'false') hidden.add(key);
  }
  hiddenCache = { query, hidden };
  return hidden;
}

/** `settings` and `teach` queries as one (settings first); either may be empty. */
export function joinQuery(settings: string, teach: string): string {
  return [settings, teach].filter(Boolean).join('&');
}
