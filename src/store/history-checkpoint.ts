import { buildRunRecord, type RunRecord } from '../core/history/record';
import type { RunSummary } from '../core/history/summary';
import type { FromTrainer } from '../worker/protocol';
import { putRunWithWeights, putRuns, type KeptWeights } from './history-db';
import { dropKeptWeights, noteWeightsKept } from './history-weights';
import { useLab, type RunState } from './lab';

/**
 * Nothing lost: a run in progress is saved to the history as it goes, one epoch at a time, as 'interrupted'
 * with its curves so far. A reload, a closed tab or a dead worker then leaves that record behind; a run that ends
 * normally overwrites it with its final record (same id). Writes go one after another through one queue, so a
 * late checkpoint can never overwrite the final record. The run's last good weights (sent by the trainer after
 * an epoch) go into the same transaction as the checkpoint, so the record and its model never disagree.
 */

/** At most one checkpoint per this many ms (the latest epochs win); an epoch is enough granularity. */
const CHECKPOINT_MS = 250;

let queue: Promise<unknown> = Promise.resolve();
const finished = new Set<string>();
let timer: ReturnType<typeof setTimeout> | null = null;
let lastWrite = -Infinity;
let onFailure: (err: unknown) => void = () => {};
/** The newest weights of the run in progress not yet written (one run's, at most one copy). */
let pendingWeights: KeptWeights | null = null;

/** Runs storage writes in order; each one's failure is its caller's, never the next write's. */
export function queueRunWrite<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work);
  queue = next.catch(() => undefined);
  return next;
}

/** From now on no checkpoint is written for this run: its final record is on the way. */
export function markRunFinished(id: string): void {
  finished.add(id);
}

/** What an interrupted run's record says, in words: how far it got, and that its curves are kept. */
export function interruptedMessage(run: Pick<RunState, 'history' | 'settings'>): string {
  const planned = run.settings?.epochs ?? run.history.length;
  return `Interrupted after epoch ${run.history.length} of ${planned}: the page was closed or reloaded, or the trainer stopped, before the run ended. The curves so far are kept; Load settings to train it again.`;
}

/** The run as it would be kept if it were cut short now; null before its first epoch (nothing to keep yet). */
export function checkpointRecord(run: RunState, now = Date.now()) {
  if (run.status !== 'training' || !run.id || !run.settings || run.history.length === 0) return null;
  return buildRunRecord({ ...run, status: 'interrupted', error: interruptedMessage(run), endedAt: now, test: null });
}

function writeCheckpoint(): void {
  timer = null;
  const record = checkpointRecord(useLab.getState().run);
  if (!record || finished.has(record.id)) return;
  lastWrite = Date.now();
  queueRunWrite(async () => {
    if (finished.has(record.id)) return;
    const weights = takeWeights(record.id);
    if (!weights) await putRuns([record]);
    else {
      await putRunWithWeights(record, weights);
      noteWeightsKept(record.id);
    }
  }).catch(onFailure);
}

/** The weights waiting for this run, handed over once (a failed write drops them: newer ones follow). */
function takeWeights(id: string): KeptWeights | null {
  const weights = pendingWeights?.id === id ? pendingWeights : null;
  if (weights) pendingWeights = null;
  return weights;
}

let weightsSent = false;
/** Whether the trainer has sent weights in this page: storage failures then say that they are lost too. */
export function weightsSeen(): boolean {
  return weightsSent;
}

/** The trainer's latest weights for the run in progress: kept with its next checkpoint. */
export function keepRunWeights(e: Extract<FromTrainer, { type: 'weights' }>): void {
  if (e.runId !== useLab.getState().run.id || finished.has(e.runId)) return;
  weightsSent = true;
  pendingWeights = { id: e.runId, epoch: e.epoch, modelJson: e.modelJson, weights: e.weights };
  checkpointSoon();
}

/**
 * Writes a run's final record (call inside queueRunWrite). A run that ended normally drops its kept weights:
 * its model stays with the trainer for the evaluation views. An interrupted one keeps them, with any newer
 * weights that had not been written yet.
 */
export async function putFinalRecord(record: RunRecord): Promise<RunSummary> {
  const weights = takeWeights(record.id);
  if (record.status === 'interrupted' && weights) {
    const summary = await putRunWithWeights(record, weights);
    noteWeightsKept(record.id);
    return summary;
  }
  const [summary] = await putRuns([record]);
  if (record.status !== 'interrupted') await dropKeptWeights(record.id);
  return summary;
}

/** Called on every new epoch of a training run: schedules a checkpoint (throttled). */
export function checkpointSoon(): void {
  if (timer) return;
  timer = setTimeout(writeCheckpoint, Math.max(0, CHECKPOINT_MS - (Date.now() - lastWrite)));
}

/** Where storage failures of checkpoints are reported (the history store's notice). */
export function onCheckpointFailure(report: (err: unknown) => void): void {
  onFailure = report;
}
