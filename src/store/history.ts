import { create } from 'zustand';
import { parseRunsFile, runsFileName, serializeRuns } from '../core/history/file';
import { assignIds, buildRunRecord, isFinishedStatus, type RunRecord } from '../core/history/record';
import { tx } from './idb';
import { useLab, type RunState } from './lab';

/**
 * Run history: every finished run, kept in IndexedDB so it survives reloads, and the runs picked for comparison.
 * The records are plain data (src/core/history); this file is the only one that touches IndexedDB.
 */

export interface HistoryState {
  /** Newest first. */
  runs: RunRecord[];
  /** Ids picked for comparison, in the order picked: the first is the baseline (A). */
  selected: string[];
  loaded: boolean;
  /** The last import's or storage's outcome, for the panel to show. */
  message: { kind: 'info' | 'error'; text: string } | null;
}

export const initialHistoryState = (): HistoryState => ({ runs: [], selected: [], loaded: false, message: null });

export const useHistory = create<HistoryState>()(() => initialHistoryState());

// ---------------------------------------------------------------- IndexedDB

const dbAll = () => tx<RunRecord[]>('runs', 'readonly', (s) => s.getAll() as IDBRequest<RunRecord[]>);
const dbPut = (records: RunRecord[]) => tx('runs', 'readwrite', (s) => void records.forEach((r) => s.put(r)));
const dbDelete = (id: string) => tx('runs', 'readwrite', (s) => void s.delete(id));

// ---------------------------------------------------------------- actions

const newestFirst = (a: RunRecord, b: RunRecord) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

function storageError(err: unknown): void {
  const text = `Run history is not saved: ${err instanceof Error ? err.message : String(err)}.`;
  useHistory.setState({ message: { kind: 'error', text } });
}

/** Reads the stored runs (once at start). Runs recorded before it finishes are kept. */
export async function loadHistory(): Promise<void> {
  try {
    const stored = (await dbAll()) ?? [];
    useHistory.setState((s) => {
      const ids = new Set(s.runs.map((r) => r.id));
      return { runs: [...s.runs, ...stored.filter((r) => !ids.has(r.id))].sort(newestFirst), loaded: true };
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
  useHistory.setState((s) => ({ runs: [record, ...s.runs].sort(newestFirst) }));
  try {
    await dbPut([record]);
  } catch (err) {
    storageError(err);
  }
}

export async function renameRun(id: string, name: string): Promise<void> {
  const trimmed = name.trim().slice(0, 200);
  const run = useHistory.getState().runs.find((r) => r.id === id);
  if (!run || !trimmed || trimmed === run.name) return;
  const renamed = { ...run, name: trimmed };
  useHistory.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? renamed : r)) }));
  try {
    await dbPut([renamed]);
  } catch (err) {
    storageError(err);
  }
}

export async function deleteRun(id: string): Promise<void> {
  useHistory.setState((s) => ({ runs: s.runs.filter((r) => r.id !== id), selected: s.selected.filter((x) => x !== id) }));
  try {
    await dbDelete(id);
  } catch (err) {
    storageError(err);
  }
}

export function toggleSelected(id: string): void {
  useHistory.setState((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id] }));
}

export function clearSelection(): void {
  useHistory.setState({ selected: [] });
}

export function dismissHistoryMessage(): void {
  useHistory.setState({ message: null });
}

/** The runs file for these ids (every run when none are given), with a file name; null when there is nothing. */
export function exportRuns(ids?: string[]): { name: string; text: string } | null {
  const all = useHistory.getState().runs;
  const runs = ids ? all.filter((r) => ids.includes(r.id)) : all;
  if (!runs.length) return null;
  return { name: runsFileName(runs), text: serializeRuns(runs) };
}

/** Largest runs file read; a longer one is refused before parsing. */
const MAX_IMPORT_CHARS = 100_000_000;

/** Imports a runs file's text; the outcome lands in `message`. Clashing ids are replaced, never overwritten. */
export async function importRunsText(text: string): Promise<void> {
  if (text.length > MAX_IMPORT_CHARS) {
    useHistory.setState({ message: { kind: 'error', text: 'The file is too large to be a runs file.' } });
    return;
  }
  const parsed = parseRunsFile(text);
  if (!parsed.ok) {
    useHistory.setState({ message: { kind: 'error', text: `Nothing imported: ${parsed.error}` } });
    return;
  }
  const { runs, changed } = assignIds(parsed.runs, useHistory.getState().runs.map((r) => r.id));
  useHistory.setState((s) => ({
    runs: [...runs, ...s.runs].sort(newestFirst),
    message: {
      kind: 'info',
      text: `Imported ${runs.length} run${runs.length > 1 ? 's' : ''}${changed ? ` (${changed} given a new id: it was already in use)` : ''}.`,
    },
  }));
  try {
    await dbPut(runs);
  } catch (err) {
    storageError(err);
  }
}

let stopSync: (() => void) | null = null;

/**
 * Loads the stored runs and records each lab run once, when it ends. Safe to call more than once (later calls
 * return the same unsubscribe).
 */
export function startHistorySync(): () => void {
  if (stopSync) return stopSync;
  void loadHistory();
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.run !== prev.run && isFinishedStatus(s.run.status) && s.run.status !== prev.run.status) void recordFinishedRun(s.run);
  });
  stopSync = () => {
    unsubscribe();
    stopSync = null;
  };
  return stopSync;
}
