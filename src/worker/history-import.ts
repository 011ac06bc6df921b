import { envelopeRunCount, readRunAt, readRunsEnvelope, runsFileName, runsFileSizeProblem, serializeRuns } from '../core/history/file';
import { assignIds, type RunRecord } from '../core/history/record';
import { newestFirst, planOverLimit } from '../core/history/summary';
import { CHUNK, deleteRuns, getRuns, putRuns, readAllSummaries } from '../store/history-db';
import type { FromHistoryWorker, ImportPhase } from './history-protocol';
import { yieldToEventLoop } from './yield';

/**
 * The history worker's jobs. An import reads the file, checks every run (a bad one refuses the whole file,
 * before anything is stored), asks before going past the kept-runs limit, then stores CHUNK runs per
 * transaction. Between chunks it yields, so a Cancel arrives; a cancelled import deletes what it stored.
 */

const CANCELLED = Symbol('cancelled');

export interface JobControl {
  post: (m: FromHistoryWorker) => void;
  cancelled: () => boolean;
  /** Resolves with the page's answer to 'ask-drop'. */
  answer: () => Promise<boolean>;
}

export async function importJob(id: number, file: Blob, limit: number, job: JobControl): Promise<void> {
  const progress = (phase: ImportPhase, done: number, total: number) => job.post({ type: 'progress', id, phase, done, total });
  const fail = (message: string) => job.post({ type: 'error', id, message });
  const tooBig = runsFileSizeProblem(file.size);
  if (tooBig) return fail(`Nothing imported: ${tooBig}`);
  progress('reading', 0, 1);
  const envelope = readRunsEnvelope(await file.text());
  if (!envelope.ok) return fail(`Nothing imported: ${envelope.error}`);
  const total = envelopeRunCount(envelope.items);
  const runs: RunRecord[] = [];
  for (let i = 0; i < total; i++) {
    const run = readRunAt(envelope.items, i);
    if (!run.ok) return fail(`Nothing imported: ${run.error}`);
    runs.push(run.run);
    if (i % CHUNK === CHUNK - 1) {
      progress('checking', i + 1, total);
      await yieldToEventLoop();
      if (job.cancelled()) return job.post({ type: 'cancelled', id });
    }
  }
  envelope.items.length = 0; // the parsed file is no longer needed: let it go before storing

  const existing = await readAllSummaries();
  const { runs: incoming, changed } = assignIds(
    runs,
    existing.map((r) => r.id),
  );
  const plan = planOverLimit(existing, incoming, limit);
  if (plan.dropExisting.length || plan.skipIncoming.size) {
    const dropExisting = plan.dropExisting.length;
    job.post({ type: 'ask-drop', id, total: existing.length + incoming.length, limit, dropExisting, skipIncoming: plan.skipIncoming.size });
    if (!(await job.answer()) || job.cancelled()) return job.post({ type: 'cancelled', id });
  }
  const kept = incoming.filter((r) => !plan.skipIncoming.has(r.id)).sort(newestFirst);
  const stored: string[] = [];
  try {
    for (let i = 0; i < kept.length; i += CHUNK) {
      const part = kept.slice(i, i + CHUNK);
      const summaries = await putRuns(part);
      stored.push(...part.map((r) => r.id));
      job.post({ type: 'saved', id, summaries });
      progress('saving', stored.length, kept.length);
      await yieldToEventLoop();
      if (job.cancelled()) throw CANCELLED;
    }
  } catch (err) {
    // All or nothing: what was stored goes again (a full disk, or Cancel).
    progress('undoing', 0, stored.length);
    await deleteRuns(stored);
    if (err === CANCELLED) return job.post({ type: 'cancelled', id });
    throw err;
  }
  // The old runs go only once the new ones are stored: a failure or Cancel before this keeps them all.
  await deleteRuns(plan.dropExisting);
  job.post({ type: 'done', id, imported: kept.length, renamed: changed, dropped: plan.dropExisting });
}

/** A runs file of these runs (every stored run when ids is null), newest first, as a Blob. */
export async function exportJob(id: number, ids: string[] | null, post: (m: FromHistoryWorker) => void): Promise<void> {
  const order = ids ?? (await readAllSummaries()).map((s) => s.id);
  const runs = await getRuns(order);
  if (!runs.length) return post({ type: 'error', id, message: 'Nothing to export: the runs are no longer in the history.' });
  const text = serializeRuns(runs);
  post({ type: 'exported', id, name: runsFileName(runs), file: new Blob([text], { type: 'application/json' }) });
}
