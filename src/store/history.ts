import { create } from 'zustand';
import { HISTORY_LIMITS } from '../core/history/bounds';
import { buildRunRecord, isFinishedStatus } from '../core/history/record';
import { mergeNewestFirst, type RunSummary } from '../core/history/summary';
import { clearRuns, deleteRuns, fillMissingSummaries, getRuns, putRuns, readAllSummaries } from './history-db';
import { useLab, type RunState } from './lab';
import { userMessage } from '../core/errors/user-message';
import { checkpointSoon, markRunFinished, onCheckpointFailure, putFinalRecord, queueRunWrite, weightsSeen } from './history-checkpoint';
import { loadKeptWeightIds } from './history-weights';

/**
 * Run history: every finished run, kept in IndexedDB so it survives reloads, and the runs ticked (to compare,
 * export or delete). The page holds only each run's summary (src/core/history/summary.ts); full records stay
 * in IndexedDB until a comparison or an export needs them, so the lab opens fast whatever the history holds.
 * Imports and exports run in the history worker (src/store/history-transfer.ts).
 */

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'saving' | 'undoing';
  done: number;
  total: number;
}

/** An import that would pass the kept-runs limit, waiting for the user to allow dropping the oldest. */
export interface DropQuestion {
  total: number;
  limit: number;
  dropExisting: number;
  skipIncoming: number;
}

export interface HistoryState {
  /** Newest first. */
  runs: RunSummary[];
  /** Ids ticked, in the order ticked: when comparing, the first is the baseline (A). */
  selected: string[];
  loaded: boolean;
  /** The last import's or storage's outcome, for the panel to show. */
  message: { kind: 'info' | 'error'; text: string } | null;
  /** The import under way, if any. */
  importing: ImportProgress | null;
  askDrop: DropQuestion | null;
}

export const initialHistoryState = (): HistoryState => ({
  runs: [],
  selected: [],
  loaded: false,
  message: null,
  importing: null,
  askDrop: null,
});

export const useHistory = create<HistoryState>()(() => initialHistoryState());

/** Runs the history keeps; past it the panel offers to delete the oldest (never without asking). */
export const MAX_KEPT_RUNS = HISTORY_LIMITS.keptRuns;

export function storageError(err: unknown): void {
  noteStorageProblem(
    `Run history is not saved: ${userMessage(err, 'history')}${weightsSeen() ? ' A run cut short will not keep its weights either.' : ''}`,
  );
}

/** A storage failure the lab survives: said once (the lab's notices and the history panel show it), not per epoch. */
export function noteStorageProblem(text: string): void {
  if (useHistory.getState().message?.text === text) return;
  useHistory.setState({ message: { kind: 'error', text } });
}

/** Reads the stored summaries (once at start), in chunks. Runs recorded before it finishes are kept. */
export async function loadHistory(): Promise<void> {
  try {
    await fillMissingSummaries();
    const stored = await readAllSummaries();
    useHistory.setState((s) => {
      const ids = new Set(s.runs.map((r) => r.id));
      return {
        runs: mergeNewestFirst(
          s.runs,
          stored.filter((r) => !ids.has(r.id)),
        ),
        loaded: true,
      };
    });
  } catch (err) {
    useHistory.setState({ loaded: true });
    storageError(err);
  }
}

/** Stores a run that has ended (done, stopped or error) once; other states and already-stored runs are ignored. */
export async function recordFinishedRun(run: RunState): Promise<void> {
  if (!isFinishedStatus(run.status) || (run.id && useHistory.getState().runs.some((r) => r.id === run.id))) return;
  const record = buildRunRecord(run);
  if (!record) return;
  markRunFinished(record.id);
  try {
    const summary = await queueRunWrite(() => putFinalRecord(record));
    useHistory.setState((s) => ({ runs: mergeNewestFirst([summary], s.runs) }));
  } catch (err) {
    storageError(err);
  }
}

export async function renameRun(id: string, name: string): Promise<void> {
  const trimmed = name.trim().slice(0, HISTORY_LIMITS.shortText);
  const run = useHistory.getState().runs.find((r) => r.id === id);
  if (!run || !trimmed || trimmed === run.name) return;
  useHistory.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, name: trimmed } : r)) }));
  try {
    const [record] = await getRuns([id]);
    if (record) await putRuns([{ ...record, name: trimmed }]);
  } catch (err) {
    storageError(err);
  }
}

/** Deletes these runs from the list and from IndexedDB. */
export async function deleteRunIds(ids: string[]): Promise<void> {
  if (!ids.length) return;
  const gone = new Set(ids);
  useHistory.setState((s) => ({ runs: s.runs.filter((r) => !gone.has(r.id)), selected: s.selected.filter((x) => !gone.has(x)) }));
  try {
    await deleteRuns(ids);
  } catch (err) {
    storageError(err);
  }
}

export const deleteRun = (id: string): Promise<void> => deleteRunIds([id]);

export async function deleteSelected(): Promise<void> {
  const n = useHistory.getState().selected.length;
  await deleteRunIds(useHistory.getState().selected);
  useHistory.setState({ message: { kind: 'info', text: `Deleted ${n.toLocaleString('en-US')} run${n === 1 ? '' : 's'}.` } });
}

export async function deleteAllRuns(): Promise<void> {
  useHistory.setState({ runs: [], selected: [] });
  try {
    await clearRuns();
    useHistory.setState({ message: { kind: 'info', text: 'Deleted every run in the history.' } });
  } catch (err) {
    storageError(err);
  }
}

/** Deletes the oldest runs beyond MAX_KEPT_RUNS (the panel asks first). */
export function deleteOldestOverLimit(): Promise<void> {
  return deleteRunIds(
    useHistory
      .getState()
      .runs.slice(MAX_KEPT_RUNS)
      .map((r) => r.id),
  );
}

export function toggleSelected(id: string): void {
  useHistory.setState((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id] }));
}

/** Ticks (or unticks) every id given, e.g. a shift-click range or all runs the filter shows. */
export function setSelected(ids: string[], on: boolean): void {
  useHistory.setState((s) => {
    if (!on) {
      const off = new Set(ids);
      return { selected: s.selected.filter((x) => !off.has(x)) };
    }
    const have = new Set(s.selected);
    return { selected: [...s.selected, ...ids.filter((x) => !have.has(x))] };
  });
}

export function clearSelection(): void {
  useHistory.setState({ selected: [] });
}

export function dismissHistoryMessage(): void {
  useHistory.setState({ message: null });
}

let stopSync: (() => void) | null = null;

/**
 * Loads the stored runs and records each lab run once, when it ends. Safe to call more than once (later calls
 * return the same unsubscribe).
 */
export function startHistorySync(loadWhen: Promise<unknown> = Promise.resolve()): () => void {
  if (stopSync) return stopSync;
  // Reading every kept run (thousands, for some) waits for `loadWhen`: the page passes its first paint.
  void loadWhen.then(() => Promise.all([loadHistory(), loadKeptWeightIds()]));
  onCheckpointFailure(storageError);
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.run !== prev.run && isFinishedStatus(s.run.status) && s.run.status !== prev.run.status) void recordFinishedRun(s.run);
    // Saved as it goes, so a reload or a dead worker keeps the curves so far (history-checkpoint.ts).
    else if (s.run.status === 'training' && s.run.history !== prev.run.history) checkpointSoon();
  });
  stopSync = () => {
    unsubscribe();
    stopSync = null;
  };
  return stopSync;
}
