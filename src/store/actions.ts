/**
 * Every lab action, for the UI and tests to import from one place. Each lives in the module of its job:
 * settings (./settings-actions.ts), a run's lifecycle (./run.ts), the trainer and where its events go
 * (./trainer.ts, ./live-events.ts), experiments (./experiments.ts, ./experiment-events.ts). Questions to a
 * trained model are in ./analyses.ts, teaching in ./teach.ts.
 */
export { applyPreset, dismissUrlNotices, loadQuery, setSettings } from './settings-actions';
export { evaluateSavedModel, pauseRun, resumeRun, setPace, startRun, stepRun, stopRun, togglePause } from './run';
export { handleTrainerEvent, onInsideEvent, probeDevice, startedTrainer, trainer, trainerBusy, watchNetwork } from './trainer';
export { setLiveUpdateInterval } from './live-events';
export { applyTrial, resumeSearch, startExperiment, stopExperiment } from './experiments';
export { restoreSearch } from './experiment-events';
