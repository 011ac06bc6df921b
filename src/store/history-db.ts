import type { RunRecord } from '../core/history/record';
import { summarizeRun, type RunSummary } from '../core/history/summary';
import { RUN_INDEX_BY_DATE, tx, txMany } from './idb';

/**
 * The run history in IndexedDB: full records in 'runs', one summary per run in 'runIndex'. Both are written in
 * one transaction, so they never disagree. Big reads and writes go in chunks, each its own short transaction,
 * so neither the page nor the history worker holds the database (or a thread) for long. Used by the page
 * (src/store/history.ts) and by the history worker.
 */

/** Records per write transaction, and summaries per read: each chunk is a few ms of (de)serialisation. */
export const CHUNK = 1000;

/** Stores runs and their summaries; returns the summaries. */
export async function putRuns(records: RunRecord[]): Promise<RunSummary[]> {
  const summaries = records.map(summarizeRun);
  await txMany(['runs', 'runIndex'], 'readwrite', (t) => {
    const runs = t.objectStore('runs');
    const index = t.objectStore('runIndex');
    for (let i = 0; i < records.length; i++) {
      runs.put(records[i]);
      index.put(summaries[i]);
    }
  });
  return summaries;
}

/** Deletes runs (record, summary and kept weights), CHUNK ids per transaction. */
export async function deleteRuns(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    await txMany(['runs', 'runIndex', 'weights'], 'readwrite', (t) => {
      const runs = t.objectStore('runs');
      const index = t.objectStore('runIndex');
      const weights = t.objectStore('weights');
      for (const id of part) {
        runs.delete(id);
        index.delete(id);
        weights.delete(id);
      }
    });
  }
}

export function clearRuns(): Promise<void> {
  return txMany(['runs', 'runIndex', 'weights'], 'readwrite', (t) => {
    t.objectStore('runs').clear();
    t.objectStore('runIndex').clear();
    t.objectStore('weights').clear();
  });
}

/** The last good weights of a run cut short: the model download's files (model.json, .weights.bin). */
export interface KeptWeights {
  /** The run's id. */
  id: string;
  /** Epochs trained when they were read. */
  epoch: number;
  modelJson: string;
  weights: Uint8Array;
}

/** Stores a run's checkpoint record and summary with its latest weights, in one transaction. */
export async function putRunWithWeights(record: RunRecord, weights: KeptWeights): Promise<RunSummary> {
  const summary = summarizeRun(record);
  await txMany(['runs', 'runIndex', 'weights'], 'readwrite', (t) => {
    t.objectStore('runs').put(record);
    t.objectStore('runIndex').put(summary);
    t.objectStore('weights').put(weights);
  });
  return summary;
}

export async function getKeptWeights(id: string): Promise<KeptWeights | null> {
  return ((await tx<KeptWeights | undefined>('weights', 'readonly', (s) => s.get(id) as IDBRequest<KeptWeights | undefined>)) ??
    null) as KeptWeights | null;
}

/** The ids of the runs whose weights are kept (keys only: the weights stay in the database). */
export async function keptWeightIds(): Promise<string[]> {
  return ((await tx<IDBValidKey[]>('weights', 'readonly', (s) => s.getAllKeys())) ?? []) as string[];
}

export async function deleteKeptWeights(id: string): Promise<void> {
  await tx('weights', 'readwrite', (s) => void s.delete(id));
}

/**
 * Every summary, newest first, read CHUNK at a time along the [createdAt, id] index (each chunk a separate task,
 * and no sort afterwards, so no long task however big the history).
 */
export async function readAllSummaries(): Promise<RunSummary[]> {
  const out: RunSummary[] = [];
  let after: [string, string] | null = null;
  for (;;) {
    const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const part = ((await tx<RunSummary[]>(
      'runIndex',
      'readonly',
      (s) => s.index(RUN_INDEX_BY_DATE).getAll(range, CHUNK) as IDBRequest<RunSummary[]>,
    )) ?? []) as RunSummary[];
    for (const s of part) out.push(s);
    if (part.length < CHUNK) return out.reverse();
    const last = part[part.length - 1];
    after = [last.createdAt, last.id];
  }
}

/**
 * Writes the summaries of runs stored without one (a history from before 'runIndex' existed), CHUNK records at
 * a time. Returns the summaries written.
 */
export async function fillMissingSummaries(): Promise<RunSummary[]> {
  const [runCount, indexCount] = await Promise.all([
    tx<number>('runs', 'readonly', (s) => s.count()),
    tx<number>('runIndex', 'readonly', (s) => s.count()),
  ]);
  if ((runCount ?? 0) <= (indexCount ?? 0)) return [];
  const indexed = new Set(((await tx<IDBValidKey[]>('runIndex', 'readonly', (s) => s.getAllKeys())) ?? []) as string[]);
  const written: RunSummary[] = [];
  let after: string | null = null;
  for (;;) {
    const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const part = ((await tx<RunRecord[]>('runs', 'readonly', (s) => s.getAll(range, CHUNK / 4) as IDBRequest<RunRecord[]>)) ??
      []) as RunRecord[];
    const missing = part.filter((r) => !indexed.has(r.id)).map(summarizeRun);
    if (missing.length) {
      await tx('runIndex', 'readwrite', (s) => void missing.forEach((m) => s.put(m)));
      written.push(...missing);
    }
    if (part.length < CHUNK / 4) return written;
    after = part[part.length - 1].id;
  }
}

/** Full records for these ids, in their order; ids no longer stored are left out. */
export async function getRuns(ids: string[]): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for (let i = 0; i < ids.length; i += CHUNK / 4) {
    const part = ids.slice(i, i + CHUNK / 4);
    const found = await new Promise<(RunRecord | undefined)[]>((resolve, reject) => {
      const results: (RunRecord | undefined)[] = [];
      txMany(['runs'], 'readonly', (t) => {
        const store = t.objectStore('runs');
        part.forEach((id, k) => {
          const req = store.get(id);
          req.onsuccess = () => (results[k] = req.result as RunRecord | undefined);
        });
      }).then(() => resolve(results), reject);
    });
    for (const r of found) if (r) out.push(r);
  }
  return out;
}
