import { decodeSettings, encodeSettings } from '../core/preset/codec';
import { PRESETS } from '../core/preset/presets';
import { defaultSettings, type Settings } from '../core/preset/schema';
import { createTrainerClient, type TrainerClient } from '../worker/client';
import type { FromTrainer, RunControl } from '../worker/protocol';
import type { ExperimentSpec, TrialResult } from '../core/experiment/types';
import { idleAnalysis, idleExperiment, idleRun, useLab, type LabState } from './lab';
import { withParams } from '../core/experiment/params';
import { loadCalibrations, saveCalibration } from './calibrations';
import { customDataFor } from './uploads';
import { gatePatch, trainRefusals } from './settings-gate';
import { userMessage } from '../core/errors/user-message';
import { noteStorageProblem } from './history';
import { receiveNetworkSnapshot } from './network';

let client: TrainerClient | null = null;
/** The trainer, created on first use (it starts a worker). */
function trainer(): TrainerClient {
  client ??= createTrainerClient(handleTrainerEvent, loadCalibrations);
  return client;
}
let runCounter = 0;

/** The trainer if one has started (null before the first run): analyses ask only a trainer that trained. */
export function startedTrainer(): TrainerClient | null {
  return client;
}

/** The trainer, for the lazily loaded views that ask the model their own questions (src/store/inside.ts). */
export function trainerClient(): TrainerClient {
  return trainer();
}

type InsideEvent = Extract<FromTrainer, { type: 'inside' }>;
/** Set when the Inside view's code loads; its live snapshots go there, not into the run. */
let insideListener: ((e: InsideEvent) => void) | null = null;
export function onInsideEvent(listener: (e: InsideEvent) => void): void {
  insideListener = listener;
}

/** Changes settings through the settings gate: a value the run would refuse is not kept, and a notice says why. */
export function setSettings(patch: Partial<Settings>): void {
  useLab.setState((s) => {
    const gated = gatePatch(s.settings, patch);
    return { settings: gated.settings, settingNotices: gated.notices };
  });
}

/** Loads the settings a query string describes (the page's URL, or a preset), with its notices. */
export function loadQuery(query: string): void {
  const { settings, notices } = decodeSettings(query);
  useLab.setState({ settings, urlNotices: notices });
}

export function applyPreset(id: string): void {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) return;
  useLab.setState({ settings: { ...defaultSettings(), ...structuredClone(preset.settings) }, urlNotices: [] });
}

export function dismissUrlNotices(): void {
  useLab.setState({ urlNotices: [] });
}

/** The trainer runs one job at a time: a run or an experiment. */
export function trainerBusy(): boolean {
  const { run, experiment } = useLab.getState();
  return run.status === 'training' || experiment.status === 'training';
}

/** Trains a model with the current settings. */
export function startRun(): void {
  beginRun();
}

/** Holds the run between batches (Stop still works); a no-op when nothing trains or it already holds. */
export function pauseRun(): void {
  controlRun('pause', true);
}

export function resumeRun(): void {
  controlRun('resume', false);
}

/** Space: pause a running run, resume a paused one. */
export function togglePause(): void {
  const { run } = useLab.getState();
  if (run.pauseRequested) resumeRun();
  else pauseRun();
}

/**
 * Exactly one more epoch, then hold: while a run trains or holds, it goes on to the end of the epoch in
 * progress; with no run, it starts one that holds after epoch 1.
 */
export function stepRun(): void {
  const { run } = useLab.getState();
  if (run.status === 'training') controlRun('step', true);
  else beginRun(undefined, true);
}

function controlRun(action: RunControl, pauseRequested: boolean): void {
  const { run } = useLab.getState();
  if (run.status !== 'training' || !run.id || (action !== 'step' && run.pauseRequested === pauseRequested)) return;
  useLab.setState({ run: { ...run, pauseRequested } });
  client?.control(run.id, action);
}

/**
 * The pace setting (epochs per second, 0 = as fast as possible). It is a setting like any other (in the URL),
 * and it also reaches a run in progress: pace never changes the numbers, only when they arrive.
 */
export function setPace(pace: number): void {
  setSettings({ pace });
  const { run } = useLab.getState();
  if (run.status === 'training' && run.id) client?.setPace(run.id, pace);
}

/**
 * Evaluates a saved model (a model.json and its weights, e.g. one this lab exported) on the current
 * settings' test split, without training: the same evaluation views, and follow-up analyses, as a run.
 */
export function evaluateSavedModel(files: File[]): void {
  beginRun(files);
}

function beginRun(savedModel?: File[], step = false): void {
  const { settings } = useLab.getState();
  if (trainerBusy() || refuseRun(trainRefusals(settings))) return;
  const id = `run-${Date.now().toString(36)}-${++runCounter}`;
  useLab.setState({
    run: { ...idleRun(), id, status: 'training', phase: 'starting', settings, startedAt: Date.now(), pauseRequested: step },
    analysis: idleAnalysis(),
    view: { ...useLab.getState().view, selectedCell: null, replay: null },
  });
  trainer().start(id, encodeSettings(settings), settings.worker, { custom: customDataFor(settings), savedModel, ...(step ? { step } : {}) });
}

/** Train with settings the gate refuses ends at once as a failed run whose message says what to fix. */
function refuseRun(reasons: string[]): boolean {
  if (!reasons.length) return false;
  const message = `Train needs other settings: ${reasons.join(' ')}`;
  useLab.setState({ run: { ...idleRun(), status: 'error', error: message } });
  return true;
}

export function stopRun(): void {
  const { run } = useLab.getState();
  if (run.status === 'training' && run.id) client?.stop(run.id);
}

/**
 * How often streamed events (batches, epochs, decision boundaries) reach the store. 0 applies each at once
 * (the default, which tests rely on); the app sets a few hundred milliseconds (main.tsx), because on a fast
 * backend epochs arrive every few dozen ms and re-drawing the charts for each one would keep the main thread
 * busy. Other events (test result, end…) flush what is waiting first, so order is kept.
 */
let liveUpdateMs = 0;
const live: FromTrainer[] = [];
let liveTimer: ReturnType<typeof setTimeout> | null = null;

export function setLiveUpdateInterval(ms: number): void {
  liveUpdateMs = ms;
}

function flushLive(): void {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = null;
  const events = live.splice(0);
  if (events.length) useLab.setState((state) => events.reduce<LabState>((s, e) => ({ ...s, ...applyRunEvent(s, e) }), state));
}

/** Folds one trainer event into the run it belongs to; events of older runs are ignored. */
export function handleTrainerEvent(e: FromTrainer): void {
  if (e.type === 'backend' && e.calibrationKey && e.choice?.reason === 'measured') saveCalibration(e.calibrationKey, e.choice.timings);
  if (e.type === 'network') {
    receiveNetworkSnapshot(e.runId, e.epoch, e.snapshot, useLab.getState().run.id);
    return;
  }
  if (e.runId === useLab.getState().experiment.id) {
    handleExperimentEvent(e);
    return;
  }
  if (e.type === 'inside') {
    insideListener?.(e);
    return;
  }
  if (liveUpdateMs > 0 && (e.type === 'batches' || e.type === 'epoch' || e.type === 'boundary')) {
    live.push(e);
    liveTimer ??= setTimeout(flushLive, liveUpdateMs);
    return;
  }
  flushLive();
  useLab.setState((state) => applyRunEvent(state, e));
}

function applyRunEvent(state: LabState, e: FromTrainer): Partial<LabState> {
  const run = state.run;
  if (e.runId !== run.id) return state;
  switch (e.type) {
    case 'backend':
      return { run: { ...run, backend: e.backend, backendNotice: e.notice ?? null, backendChoice: e.choice ?? null } };
    case 'phase':
      return { run: { ...run, phase: e.phase } };
    case 'paused':
      return { run: { ...run, paused: e.paused } };
    case 'prepared':
      return { run: { ...run, summary: e.summary, inputShape: e.inputShape, task: e.task, counts: e.counts, noisyLabels: e.noisyLabels } };
    case 'batches':
      return { run: { ...run, batches: [...run.batches, ...e.records] } };
    case 'epoch':
      return { run: { ...run, history: [...run.history, e.record], memory: [...run.memory, e.memory] } };
    case 'test':
      return { run: { ...run, test: e.result } };
    case 'boundary':
      return { run: { ...run, boundary: { epoch: e.epoch, grid: e.grid } } };
    case 'end':
      return { run: { ...run, status: e.status, phase: null, error: e.message ?? null, endedAt: Date.now(), paused: false, pauseRequested: false } };
    case 'no-webgl':
    case 'network':
    case 'probe':
    case 'analysis':
    case 'inside':
    case 'fold':
    case 'trial':
      return state;
  }
}

/** The network view is open on screen (or no longer): the trainer computes its snapshots only while it is. */
export function watchNetwork(on: boolean): void {
  trainer().watchNetwork(on);
}

/** Finds out which backends this device's trainer can use, for the setup panel. Never throws. */
export async function probeDevice(): Promise<void> {
  try {
    const probe = await trainer().probe();
    useLab.setState({ device: { probe } });
  } catch {
    // Without a probe the panel just says nothing about backends; runs still choose for themselves.
  }
}

/** Starts a cross-validation or search with the current settings, on the training pool only. */
export function startExperiment(spec: ExperimentSpec): void {
  if (trainerBusy()) return;
  const { settings } = useLab.getState();
  const refused = trainRefusals(settings);
  if (refused.length) {
    useLab.setState({ experiment: { ...idleExperiment(), status: 'error', error: `The experiment needs other settings: ${refused.join(' ')}` } });
    return;
  }
  const id = `exp-${Date.now().toString(36)}-${++runCounter}`;
  const query = encodeSettings(settings);
  useLab.setState({ experiment: { ...idleExperiment(), id, status: 'training', query, spec, trials: spec.kind === 'search' ? [...spec.done] : [] } });
  saveSearchProgress();
  trainer().start(id, query, settings.worker, { experiment: spec, custom: customDataFor(settings) });
}

export function stopExperiment(): void {
  const { experiment } = useLab.getState();
  if (experiment.status === 'training' && experiment.id) client?.stop(experiment.id);
}

function handleExperimentEvent(e: FromTrainer): void {
  useLab.setState((state) => {
    const x = state.experiment;
    switch (e.type) {
      case 'backend':
        return { experiment: { ...x, backend: e.backend } };
      case 'fold':
        return { experiment: { ...x, folds: [...x.folds, e.fold] } };
      case 'trial':
        return { experiment: { ...x, trials: [...x.trials, e.trial] } };
      case 'end':
        return { experiment: { ...x, status: e.status, error: e.message ?? null } };
      default:
        return state;
    }
  });
  if (e.type === 'trial' || e.type === 'end') saveSearchProgress();
}

/** Applies a trial's parameters to the lab's settings (the rest of the settings stay as they are). */
export function applyTrial(trial: TrialResult): void {
  const query = useLab.getState().experiment.query;
  const base = query ? decodeSettings(query).settings : useLab.getState().settings;
  useLab.setState({ settings: withParams(base, trial.params) });
}

const SEARCH_KEY = 'fitlab-search';

/**
 * A search survives a reload: its settings, spec and finished trials are kept in localStorage after every
 * trial, and an unfinished one can be resumed from where it stopped.
 */
function saveSearchProgress(): void {
  const { experiment: x } = useLab.getState();
  if (x.spec?.kind !== 'search') return;
  const saved: SavedSearch = { query: x.query ?? '', spec: { ...x.spec, done: [] }, trials: x.trials, finished: x.status === 'done' };
  try {
    localStorage.setItem(SEARCH_KEY, JSON.stringify(saved, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  } catch (err) {
    // Storage full or refused (even reading `localStorage` can throw): the search still runs, and says what is lost.
    noteStorageProblem(`Search progress is not saved: ${userMessage(err, 'search')}`);
  }
}

interface SavedSearch {
  query: string;
  spec: Extract<ExperimentSpec, { kind: 'search' }>;
  trials: TrialResult[];
  finished: boolean;
}

/** Restores the last search (finished or not) into the store at start-up, so its table survives a reload. */
export function restoreSearch(): void {
  let saved: SavedSearch;
  try {
    saved = JSON.parse(localStorage.getItem(SEARCH_KEY) ?? 'null') as SavedSearch;
  } catch {
    return;
  }
  if (!saved || typeof saved.query !== 'string' || saved.spec?.kind !== 'search' || !Array.isArray(saved.trials)) return;
  const trials = saved.trials.map((t) => ({ ...t, score: t.score ?? NaN, bestValLoss: t.bestValLoss ?? NaN }));
  useLab.setState({
    experiment: { ...idleExperiment(), status: saved.finished ? 'done' : 'stopped', query: saved.query, spec: saved.spec, trials },
  });
}

/** Continues a stopped or interrupted search from its finished trials, with the settings it started with. */
export function resumeSearch(): void {
  const { experiment: x } = useLab.getState();
  if (trainerBusy() || x.spec?.kind !== 'search' || !x.query) return;
  const { settings } = decodeSettings(x.query);
  useLab.setState({ settings });
  startExperiment({ ...x.spec, done: x.trials });
}
