import { headlineScore, type FinishedStatus, type RunRecord } from './record';

/**
 * A run's row in the history list: what the table shows, without the curves, matrices and test report. The
 * history keeps one per run next to the full record, so the lab opens by reading these small summaries (a
 * big history stays fast) and reads full records only to compare or export them.
 */
export interface RunSummary {
  id: string;
  name: string;
  createdAt: string;
  durationMs: number | null;
  status: FinishedStatus;
  error: string | null;
  backend: string | null;
  dataset: string;
  /** "CNN" or "MLP 32-32". */
  model: string;
  score: { label: 'accuracy' | 'R²'; value: number } | null;
  /** Epochs run, and epochs the settings asked for. */
  epochs: number;
  plannedEpochs: number;
  /** The share query (see RunRecord.query). */
  query: string;
}

export function summarizeRun(r: RunRecord): RunSummary {
  const s = r.settings;
  return {
    id: r.id,
    name: r.name,
    createdAt: r.createdAt,
    durationMs: r.durationMs,
    status: r.status,
    error: r.error,
    backend: r.backend,
    dataset: s.dataset,
    model: s.model === 'cnn' ? 'CNN' : `MLP ${s.hidden.join('-') || 'linear'}`,
    score: headlineScore(r),
    epochs: r.history.length,
    plannedEpochs: s.epochs,
    query: r.query,
  };
}

/** Sort order of the history: newest first. */
export const newestFirst = (a: { createdAt: string }, b: { createdAt: string }): number =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;

/** Two lists already newest first, merged newest first in one pass (no re-sort of a big history). */
export function mergeNewestFirst<T extends { createdAt: string }>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  let j = 0;
  for (const x of a) {
    // b's runs newer than x go first; on a tie a's run stays ahead.
    for (let y = b[j]; y !== undefined && newestFirst(x, y) > 0; y = b[++j]) out.push(y);
    out.push(x);
  }
  for (let y = b[j]; y !== undefined; y = b[++j]) out.push(y);
  return out;
}

/**
 * Which runs go when `existing` and `incoming` together exceed `limit`: the oldest of both. Returns the ids of
 * existing runs to delete and the set of incoming ids not to store; both empty when everything fits.
 */
export function planOverLimit(
  existing: Pick<RunSummary, 'id' | 'createdAt'>[],
  incoming: Pick<RunSummary, 'id' | 'createdAt'>[],
  limit: number,
): { dropExisting: string[]; skipIncoming: Set<string> } {
  const over = existing.length + incoming.length - limit;
  const dropExisting: string[] = [];
  const skipIncoming = new Set<string>();
  if (over <= 0) return { dropExisting, skipIncoming };
  const tagged = [...existing.map((r) => ({ r, old: true })), ...incoming.map((r) => ({ r, old: false }))];
  // Oldest first; among equal times, existing runs go before incoming ones (the user just chose the file).
  tagged.sort((a, b) => -newestFirst(a.r, b.r) || (a.old === b.old ? 0 : a.old ? -1 : 1));
  for (const { r, old } of tagged.slice(0, over)) {
    if (old) dropExisting.push(r.id);
    else skipIncoming.add(r.id);
  }
  return { dropExisting, skipIncoming };
}

/** Case-insensitive filter over what a row shows: name, dataset, model, backend, status. */
export function matchesFilter(r: RunSummary, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return [r.name, r.dataset, r.model, r.backend ?? '', r.status].some((v) => v.toLowerCase().includes(f));
}
