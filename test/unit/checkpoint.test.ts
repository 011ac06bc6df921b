import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../src/core/history/record';
import { handleTrainerEvent } from '../../src/store/actions';
import { startHistorySync, useHistory } from '../../src/store/history';
import { useLab } from '../../src/store/lab';
import { epochRecord as epoch, resetStores, startTrainingRun, wait } from './support/training-run';

/** What reached IndexedDB, in order (the real database is the browser's; see test/e2e/faults.test.ts). */
const writes: RunRecord[] = [];
let failWith: unknown = null;

vi.mock('../../src/store/history-db', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  putRuns: async (records: RunRecord[]) => {
    await new Promise((r) => setTimeout(r, 5));
    if (failWith) throw failWith;
    writes.push(...records);
    const { summarizeRun } = await import('../../src/core/history/summary');
    return records.map(summarizeRun);
  },
  fillMissingSummaries: async () => [],
  readAllSummaries: async () => [],
}));

let stop: () => void;
let n = 0;
/** Each test its own run (a finished run id is never checkpointed again). */
let id = 'run-0';
beforeEach(() => {
  writes.length = 0;
  failWith = null;
  resetStores();
  stop = startHistorySync();
  id = `run-${++n}`;
  startTrainingRun(id);
});
afterEach(() => stop());

const epochEvent = (n: number) => handleTrainerEvent({ type: 'epoch', runId: id, record: epoch(n), memory: { tensors: 1, bytes: 1 } });

describe('nothing lost: a run is kept as it goes', () => {
  it('saves the curves so far as an interrupted run, then the final record over it', async () => {
    epochEvent(1);
    epochEvent(2);
    await wait(400);
    expect(writes.at(-1)).toMatchObject({ id, status: 'interrupted', test: null });
    expect(writes.at(-1)!.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(writes.at(-1)!.error).toMatch(/^Interrupted after epoch 2 of 10: the page was closed or reloaded/);
    epochEvent(3);
    handleTrainerEvent({ type: 'end', runId: id, status: 'done' });
    await wait(400);
    // The final record is the last write for the run, whatever checkpoint was in flight.
    expect(writes.at(-1)).toMatchObject({ id, status: 'done' });
    expect(writes.at(-1)!.history).toHaveLength(3);
    expect(useHistory.getState().runs.map((r) => [r.id, r.status])).toEqual([[id, 'done']]);
  });

  it('a worker that dies mid-run leaves the run as interrupted, with its curves', async () => {
    epochEvent(1);
    handleTrainerEvent({ type: 'end', runId: id, status: 'interrupted', message: 'The training worker stopped unexpectedly.' });
    await wait(400);
    expect(useLab.getState().run).toMatchObject({ status: 'interrupted', error: 'The training worker stopped unexpectedly.' });
    expect(writes.at(-1)).toMatchObject({ id, status: 'interrupted' });
    expect(useHistory.getState().runs[0]).toMatchObject({ id, status: 'interrupted', epochs: 1 });
  });

  it('a storage failure keeps the lab training and says once what will not be kept', async () => {
    failWith = new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
    epochEvent(1);
    await wait(300);
    epochEvent(2);
    await wait(300);
    expect(useLab.getState().run.status).toBe('training');
    expect(useLab.getState().run.history).toHaveLength(2);
    expect(useHistory.getState().message).toEqual({
      kind: 'error',
      text: "Run history is not saved: This browser's database (IndexedDB) is unavailable here (private windows and some settings block it). Training goes on, but runs will not be kept after a reload.",
    });
  });
});
