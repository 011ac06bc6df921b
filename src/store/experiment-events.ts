import type { ExperimentSpec, TrialResult } from '../core/experiment/types';
import { userMessage } from '../core/errors/user-message';
import type { FromTrainer } from '../worker/protocol';
import { idleExperiment, useLab } from './lab';
import { noteStorageProblem } from './history';

/** An experiment's state from the trainer's events, and a search's progress kept across reloads. */

/** Folds one of the experiment's events into its state, and keeps a search's progress. */
export function applyExperimentEvent(e: FromTrainer): void {
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

const SEARCH_KEY = 'fitlab-search';

/**
 * A search survives a reload: its settings, spec and finished trials are kept in localStorage after every
 * trial, and an unfinished one can be resumed from where it stopped.
 */
export function saveSearchProgress(): void {
  const { experiment: x } = useLab.getState();
  if (x.spec?.kind !== 'search') return;
  const saved: SavedSearch = { query: x.query ?? '', spec: { ...x.spec, done: [] }, trials: x.trials, finished: x.status === 'done' };
  try {
    localStorage.setItem(
      SEARCH_KEY,
      JSON.stringify(saved, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)),
    );
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
