import { encodeSettings } from '../preset/codec';
import type { Settings } from '../preset/schema';
import { buildMetricsExport, type ClassificationExport, type RegressionExport } from '../report/metrics-export';
import type { AnyTestResult } from '../train/test-result';
import type { EpochRecord } from '../train/types';

/**
 * How a stored run ended. 'interrupted': cut short from outside (a reload or closed tab, a dead worker, a lost
 * WebGL context); such a run is saved as it goes, one epoch at a time, so its curves so far are kept.
 */
export type FinishedStatus = 'done' | 'stopped' | 'error' | 'interrupted';

/** One finished run as the run history keeps it (in IndexedDB) and as runs files carry it. */
export interface RunRecord {
  id: string;
  /** Shown as plain text; the user may rename it. */
  name: string;
  /** ISO time the run was recorded (when it ended). */
  createdAt: string;
  /** Wall time from Train to the end; null when unknown. */
  durationMs: number | null;
  status: FinishedStatus;
  /** Why a run ended in error. */
  error: string | null;
  backend: string | null;
  settings: Settings;
  /** The share link's query string for `settings` (encodeSettings), without the `?`. */
  query: string;
  history: EpochRecord[];
  /** The held-out summary, as the metrics export writes it. */
  test: ClassificationExport | RegressionExport | null;
}

/** What a run must have to be recorded; the store's RunState fits. */
export interface FinishedRunInput {
  id: string | null;
  status: string;
  settings: Settings | null;
  backend: string | null;
  history: EpochRecord[];
  test: AnyTestResult | null;
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

export function isFinishedStatus(status: string): status is FinishedStatus {
  return status === 'done' || status === 'stopped' || status === 'error' || status === 'interrupted';
}

/** A short, readable default name: dataset, model, seed. */
export function defaultRunName(s: Settings): string {
  const model = s.model === 'cnn' ? `CNN ${s.conv.map((b) => b.filters).join('-')}` : `MLP ${s.hidden.join('-') || 'linear'}`;
  return `${s.dataset} · ${model} · seed ${s.seed}`;
}

/** The record of a run that has ended; null while it is idle or training, or without settings. */
export function buildRunRecord(run: FinishedRunInput, opts: { id?: string; name?: string; now?: Date } = {}): RunRecord | null {
  if (!run.settings || !isFinishedStatus(run.status)) return null;
  const now = opts.now ?? new Date();
  const exported = buildMetricsExport({
    settings: run.settings,
    backend: run.backend,
    status: run.status,
    history: run.history,
    test: run.test,
    now,
    curves: false,
  });
  const duration = run.startedAt != null && run.endedAt != null ? Math.max(0, run.endedAt - run.startedAt) : null;
  return {
    id: opts.id ?? run.id ?? newRunId(),
    name: opts.name ?? defaultRunName(run.settings),
    createdAt: now.toISOString(),
    durationMs: duration,
    status: run.status,
    error: run.error,
    backend: run.backend,
    settings: structuredClone(run.settings),
    query: encodeSettings(run.settings),
    history: exported.history,
    test: exported.test,
  };
}

let idCounter = 0;

/** A fresh id: random where the platform offers it, otherwise time + counter + Math.random (ids are not model randomness). */
export function newRunId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return `run-${c.randomUUID()}`;
  return `run-${Date.now().toString(36)}-${++idCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Gives every incoming run an id used by neither the existing runs nor an earlier incoming one; the others keep
 * theirs. Returns new objects; `changed` counts the runs that got a new id.
 */
export function assignIds(
  incoming: RunRecord[],
  existingIds: Iterable<string>,
  makeId: () => string = newRunId,
): { runs: RunRecord[]; changed: number } {
  const taken = new Set(existingIds);
  let changed = 0;
  const runs = incoming.map((r) => {
    let id = r.id;
    if (taken.has(id)) {
      changed++;
      do id = makeId();
      while (taken.has(id));
    }
    taken.add(id);
    return { ...r, id };
  });
  return { runs, changed };
}

/** The run's headline held-out score: accuracy, or R² for regression; null without a test result. */
export function headlineScore(r: Pick<RunRecord, 'test'>): { label: 'accuracy' | 'R²'; value: number } | null {
  if (!r.test) return null;
  return r.test.task === 'regression' ? { label: 'R²', value: r.test.r2 } : { label: 'accuracy', value: r.test.accuracy };
}
