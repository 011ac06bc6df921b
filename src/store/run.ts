import { encodeSettings } from '../core/preset/codec';
import type { RunControl } from '../worker/protocol';
import { idleAnalysis, idleRun, useLab } from './lab';
import { customDataFor } from './uploads';
import { trainRefusals } from './settings-gate';
import { setSettings } from './settings-actions';
import { nextRunId, startedTrainer, trainer, trainerBusy } from './trainer';

/** A run's lifecycle: start (or refuse, with the reason), pause, resume, step, pace, stop. */

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
  startedTrainer()?.control(run.id, action);
}

/**
 * The pace setting (epochs per second, 0 = as fast as possible). It is a setting like any other (in the URL),
 * and it also reaches a run in progress: pace never changes the numbers, only when they arrive.
 */
export function setPace(pace: number): void {
  setSettings({ pace });
  const { run } = useLab.getState();
  if (run.status === 'training' && run.id) startedTrainer()?.setPace(run.id, pace);
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
  const id = nextRunId('run');
  useLab.setState({
    run: { ...idleRun(), id, status: 'training', phase: 'starting', settings, startedAt: Date.now(), pauseRequested: step },
    analysis: idleAnalysis(),
    view: { ...useLab.getState().view, selectedCell: null, replay: null },
  });
  trainer().start(id, encodeSettings(settings), settings.worker, {
    custom: customDataFor(settings),
    savedModel,
    ...(step ? { step } : {}),
  });
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
  if (run.status === 'training' && run.id) startedTrainer()?.stop(run.id);
}
