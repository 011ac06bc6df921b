import { create } from 'zustand';
import { encodeSettings } from '../core/preset/codec';
import type { Settings } from '../core/preset/schema';
import { HIDE_SUFFIX, LESSON_KEY, PRESENT_KEY, isPageQueryKey } from '../core/preset/page-keys';
import { parseHidden, presentationDefaults } from '../core/teach/hide';
import { evaluateCheck, type Lesson, type LessonRun } from '../core/teach/lesson';
import type { OverfitState } from '../core/teach/overfit';
import type { EpochRecord } from '../core/train/types';
import { cureById, describeChange, type CureVariant } from '../core/teach/cures';
import { lessonById } from '../lessons';
import { loadQuery, setSettings, startRun, stopRun, trainerBusy } from './actions';
import { useLab, type LabState, type RunState, type RunStatus } from './lab';

/**
 * Teaching state beside the lab store: the teaching URL keys (`lesson`, `present`, `<key>_hide`), the lesson's
 * current step and what each step's run showed, and "Train both" (two runs one after the other, compared).
 * Settings changes and runs always go through the lab's own actions (setSettings, startRun), so the URL, the
 * run history and the charts see them like any other change.
 */

// ---------------------------------------------------------------- state

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

export const idlePair = (): PairState => ({ status: 'idle', a: null, b: null, message: null });

export const initialTeachState = (): TeachState => ({ query: '', step: 0, outcomes: {}, runSteps: {}, finished: false, variant: 'dropout', pair: idlePair() });

export const useTeach = create<TeachState>()(() => initialTeachState());

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

/** What a lesson check reads from a lab run; a run that ended in a divergence error counts as 'diverged'. */
export function lessonRunOf(run: Pick<RunState, 'history' | 'test' | 'status' | 'error'>): LessonRun {
  const diverged = run.status === 'error' && /diverge/i.test(run.error ?? '');
  return { epochs: run.history, test: run.test, status: diverged ? 'diverged' : run.status };
}

/** Whether a run shows anything a lesson step can be checked against (it trained at least one epoch). */
const usableForLesson = (run: RunState) => run.history.length > 0 && (run.status === 'done' || run.status === 'error');

// ---------------------------------------------------------------- the trainer, swappable for tests

export interface TeachTrainer {
  start(): void;
  stop(): void;
  busy(): boolean;
}

const labTrainer: TeachTrainer = { start: startRun, stop: stopRun, busy: trainerBusy };
let trainer: TeachTrainer = labTrainer;

/** Replaces how runs are started and stopped (unit tests); null restores the lab's own actions. */
export function setTeachTrainer(t: TeachTrainer | null): void {
  trainer = t ?? labTrainer;
}

/**
 * How a later step runs: a microtask after the event that ended the previous run, so every other listener of
 * that event (the run history records each finished run) sees the run end before the next one starts.
 */
const defer = (fn: () => void): void => queueMicrotask(fn);

// ---------------------------------------------------------------- URL keys

/** Reads the teaching keys from a query (the page's URL); a different lesson starts at its first step. */
export function loadTeachQuery(search: string): void {
  const query = teachQueryOf(search);
  const s = useTeach.getState();
  const sameLesson = lessonIdOf(query) === lessonIdOf(s.query);
  useTeach.setState(sameLesson ? { query } : { query, step: 0, outcomes: {}, runSteps: {}, finished: false });
  ensureSubscribed();
}

/** Sets (or with null removes) one teaching key, keeping the others in their order. */
export function setTeachParam(key: string, value: string | null): void {
  if (!isPageQueryKey(key)) return;
  const params = new URLSearchParams(useTeach.getState().query);
  if (value === null) params.delete(key);
  else params.set(key, value);
  loadTeachQuery(params.toString());
}

/** Presentation mode on or off (`present=1` in the URL, so the link reproduces it). */
export function setPresent(on: boolean): void {
  setTeachParam(PRESENT_KEY, on ? '1' : null);
}

export function togglePresent(): void {
  setPresent(!isPresent(useTeach.getState().query));
}

// ---------------------------------------------------------------- lessons

/** Opens a lesson: its link's settings, its first step, `lesson=<id>` in the URL. Unknown ids do nothing. */
export function openLesson(id: string): boolean {
  const lesson = lessonById(id);
  if (!lesson || trainer.busy()) return false;
  loadQuery(lesson.url);
  const params = new URLSearchParams(useTeach.getState().query);
  params.set(LESSON_KEY, id);
  useTeach.setState({ query: params.toString(), step: 0, outcomes: {}, runSteps: {}, finished: false });
  ensureSubscribed();
  return true;
}

/** Leaves the lesson (its settings stay). */
export function closeLesson(): void {
  setTeachParam(LESSON_KEY, null);
  useTeach.setState({ step: 0, outcomes: {}, runSteps: {}, finished: false });
}

export function goToStep(index: number): void {
  const lesson = lessonOf(useTeach.getState().query);
  if (!lesson) return;
  const step = Math.max(0, Math.min(lesson.steps.length - 1, index));
  useTeach.setState({ step, finished: false });
}

/** Shows the lesson's point. */
export function finishLesson(): void {
  useTeach.setState({ finished: true });
}

/**
 * "Do it": makes step `index` current, applies its settings and presses what it says ('train', or 'train-both':
 * the settings before the change, then after it). Does nothing while the trainer is busy.
 */
export function doStep(index: number): boolean {
  const lesson = lessonOf(useTeach.getState().query);
  const step = lesson?.steps[index];
  if (!lesson || !step || trainer.busy()) return false;
  useTeach.setState({ step: index, finished: false });
  const set = step.action?.set ?? {};
  const press = step.action?.press;
  const before = useLab.getState().settings;
  if (press === 'train-both') {
    const after = { ...before, ...structuredClone(set) };
    const started = startTrainBoth(before, after, [`before: ${describeChange(after, before)}`, `after: ${describeChange(before, set)}`]);
    if (started) useTeach.setState((t) => ({ pair: { ...t.pair, step: index } }));
    return started;
  }
  if (Object.keys(set).length) setSettings(structuredClone(set));
  if (press === 'train') {
    trainer.start();
    const run = useLab.getState().run;
    if (run.status === 'training' && run.id) useTeach.setState((t) => ({ runSteps: { ...t.runSteps, [run.id!]: index } }));
  }
  return true;
}

/** Lesson done: Finish pressed, or the last step has a finished run. */
export function lessonFinished(s: TeachState, lesson: Lesson): boolean {
  return s.finished || s.outcomes[lesson.steps.length - 1] !== undefined;
}

// ---------------------------------------------------------------- train both

/**
 * Trains `a`, and when it ends 'done', `b`; their curves are kept for the overlay. Afterwards B's settings stay
 * applied: the form then matches the run the evaluation shows (and the URL reproduces it). Returns false when the
 * trainer is busy or the run did not start.
 */
export function startTrainBoth(a: Settings, b: Settings, labels: [string, string]): boolean {
  if (trainer.busy()) return false;
  ensureSubscribed();
  const pairRun = (label: string, settings: Settings): PairRun => ({ label, settings, runId: null, status: null, history: [], score: null });
  setSettings(structuredClone(a));
  trainer.start();
  const run = useLab.getState().run;
  if (run.status !== 'training' || !run.id) {
    useTeach.setState({ pair: { ...idlePair(), status: 'error', message: 'Run A did not start.' } });
    return false;
  }
  useTeach.setState({
    pair: { status: 'a', a: { ...pairRun(`A, ${labels[0]}`, a), runId: run.id, status: 'training' }, b: pairRun(`B, ${labels[1]}`, b), message: null },
  });
  return true;
}

/** The current settings, then the same with a cure switched on. */
export function startCureComparison(variant: CureVariant): boolean {
  const cure = cureById(variant);
  const base = useLab.getState().settings;
  if (cure.unavailable(base)) return false;
  const patch = cure.patch(base);
  const name = cure.label.replace(/^with /, '');
  return startTrainBoth(base, { ...base, ...patch }, [`without ${name}`, `with ${name} (${describeChange(base, patch)})`]);
}

/** Stops the pair: the running run stops, and B never starts. */
export function stopTrainBoth(): void {
  const { pair } = useTeach.getState();
  if (pair.status !== 'a' && pair.status !== 'b') return;
  useTeach.setState({ pair: { ...pair, status: 'stopped', message: pair.status === 'a' ? 'Stopped before run B.' : 'Run B was stopped.' } });
  trainer.stop();
}

export function setVariant(variant: CureVariant): void {
  useTeach.setState({ variant });
}

/** Back to A's settings (B's stay applied after a pair). */
export function restorePairA(): void {
  const { pair } = useTeach.getState();
  if (pair.a && !trainer.busy()) setSettings(structuredClone(pair.a.settings));
}

export function clearPair(): void {
  const { pair } = useTeach.getState();
  if (pair.status !== 'a' && pair.status !== 'b') useTeach.setState({ pair: idlePair() });
}

const scoreOf = (run: RunState): number | null => (run.test ? (run.test.task === 'classification' ? run.test.accuracy : run.test.metrics.r2) : null);

/** A run left 'training': move the pair on, and note what the run showed for the lesson's current step. */
function onRunEnded(run: RunState): void {
  const { pair } = useTeach.getState();
  const ended = (p: PairRun): PairRun => ({ ...p, status: run.status, history: run.history, score: scoreOf(run) });
  let partOfPairA = false;
  if (pair.a && pair.a.runId === run.id) {
    partOfPairA = true;
    if (pair.status !== 'a') {
      // Stopped through stopTrainBoth: keep A's curves, nothing more to run.
      useTeach.setState({ pair: { ...pair, a: ended(pair.a) } });
    } else if (run.status === 'done' && pair.b) {
      const a = ended(pair.a);
      const b = pair.b;
      useTeach.setState({ pair: { ...pair, a } });
      defer(() => startPairB(b));
    } else {
      const message = run.status === 'stopped' ? 'Stopped before run B.' : `Run A failed${run.error ? `: ${run.error}` : ''}; run B was not started.`;
      useTeach.setState({ pair: { ...pair, status: run.status === 'stopped' ? 'stopped' : 'error', a: ended(pair.a), message } });
    }
  } else if (pair.b && pair.b.runId === run.id) {
    const status: PairStatus = run.status === 'done' ? 'done' : run.status === 'stopped' ? 'stopped' : 'error';
    useTeach.setState({ pair: { ...pair, status: pair.status === 'stopped' ? 'stopped' : status, b: ended(pair.b) } });
  }
  recordStep(run, partOfPairA);
}

function startPairB(b: PairRun): void {
  const { pair } = useTeach.getState();
  if (pair.status !== 'a') return; // stopped meanwhile
  if (trainer.busy()) {
    useTeach.setState({ pair: { ...pair, status: 'error', message: 'The trainer was busy: run B was not started.' } });
    return;
  }
  setSettings(structuredClone(b.settings));
  trainer.start();
  const run = useLab.getState().run;
  if (run.status !== 'training' || !run.id || run.id === pair.a?.runId) {
    useTeach.setState({ pair: { ...pair, status: 'error', message: 'Run B did not start.' } });
    return;
  }
  const runSteps = pair.step !== undefined ? { ...useTeach.getState().runSteps, [run.id]: pair.step } : useTeach.getState().runSteps;
  useTeach.setState({ pair: { ...pair, status: 'b', b: { ...b, runId: run.id, status: 'training' } }, runSteps });
}

function recordStep(run: RunState, partOfPairA: boolean): void {
  const t = useTeach.getState();
  const lesson = lessonOf(t.query);
  if (!lesson || !run.id || partOfPairA || !usableForLesson(run)) return;
  const index = t.runSteps[run.id] ?? t.step;
  const step = lesson.steps[index];
  if (!step) return;
  const check = step.check ? evaluateCheck(step.check, lessonRunOf(run)) : null;
  useTeach.setState({ outcomes: { ...t.outcomes, [index]: { runId: run.id, status: run.status, check } } });
}

let unsubscribe: (() => void) | null = null;

/** Follows the lab's runs (once; later calls do nothing). */
function ensureSubscribed(): void {
  if (unsubscribe) return;
  unsubscribe = useLab.subscribe((s: LabState, prev: LabState) => {
    if (prev.run.status === 'training' && s.run.id === prev.run.id && s.run.status !== 'training') onRunEnded(s.run);
  });
}

/** Stops following the lab and resets the teaching state (tests). */
export function resetTeach(): void {
  unsubscribe?.();
  unsubscribe = null;
  hiddenCache = null;
  useTeach.setState(initialTeachState(), true);
}

/** The share query for settings plus the teaching keys (the address bar and Copy link). */
export function shareQuery(settings: Settings): string {
  return joinQuery(encodeSettings(settings), useTeach.getState().query);
}
