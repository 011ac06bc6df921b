import { decodeSettings, encodeSettings } from '../core/preset/codec';
import type { ExperimentSpec, TrialResult } from '../core/experiment/types';
import { withParams } from '../core/experiment/params';
import { idleExperiment, useLab } from './lab';
import { customDataFor } from './uploads';
import { trainRefusals } from './settings-gate';
import { nextRunId, startedTrainer, trainer, trainerBusy } from './trainer';
import { saveSearchProgress } from './experiment-events';

/** Cross-validation and hyper-parameter search: start, stop, resume, and apply a trial's settings. */

/** Starts a cross-validation or search with the current settings, on the training pool only. */
export function startExperiment(spec: ExperimentSpec): void {
  if (trainerBusy()) return;
  const { settings } = useLab.getState();
  const refused = trainRefusals(settings);
  if (refused.length) {
    useLab.setState({
      experiment: { ...idleExperiment(), status: 'error', error: `The experiment needs other settings: ${refused.join(' ')}` },
    });
    return;
  }
  const id = nextRunId('exp');
  const query = encodeSettings(settings);
  useLab.setState({
    experiment: { ...idleExperiment(), id, status: 'training', query, spec, trials: spec.kind === 'search' ? [...spec.done] : [] },
  });
  saveSearchProgress();
  trainer().start(id, query, settings.worker, { experiment: spec, custom: customDataFor(settings) });
}

export function stopExperiment(): void {
  const { experiment } = useLab.getState();
  if (experiment.status === 'training' && experiment.id) startedTrainer()?.stop(experiment.id);
}

/** Applies a trial's parameters to the lab's settings (the rest of the settings stay as they are). */
export function applyTrial(trial: TrialResult): void {
  const query = useLab.getState().experiment.query;
  const base = query ? decodeSettings(query).settings : useLab.getState().settings;
  useLab.setState({ settings: withParams(base, trial.params) });
}

/** Continues a stopped or interrupted search from its finished trials, with the settings it started with. */
export function resumeSearch(): void {
  const { experiment: x } = useLab.getState();
  if (trainerBusy() || x.spec?.kind !== 'search' || !x.query) return;
  const { settings } = decodeSettings(x.query);
  useLab.setState({ settings });
  startExperiment({ ...x.spec, done: x.trials });
}
