import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../src/core/history/record';
import { handleTrainerEvent } from '../../src/store/actions';
import type { KeptWeights } from '../../src/store/history-db';
import { startHistorySync, useHistory } from '../../src/store/history';
import { useLab } from '../../src/store/lab';
import { useKeptWeights } from '../../src/store/history-weights';
import { epochRecord as epoch, resetStores, startTrainingRun, wait } from './support/training-run';

/** What reached IndexedDB, in order: records alone, records with their weights, and weights dropped. */
const writes: { record?: RunRecord; weights?: KeptWeights; dropped?: string }[] = [];
let failWith: unknown = null;

vi.mock('../../src/store/history-db', async (importOriginal) => {
  const { summarizeRun } = await import('../../src/core/history/summary');
  const slow = async () => {
    await new Promise((r) => setTimeout(r, 5));
    if (failWith) throw failWith;
  };
  return {
    ...(await importOriginal<object>()),
    putRuns: async (records: RunRecord[]) => {
      await slow();
      writes.push(...records.map((record) => ({ record })));
      return records.map(summarizeRun);
    },
    putRunWithWeights: async (record: RunRecord, weights: KeptWeights) => {
      await slow();
      writes.push({ record, weights });
      return summarizeRun(record);
    },
    deleteKeptWeights: async (id: string) => {
      await slow();
      writes.push({ dropped: id });
    },
    keptWeightIds: async () => [],
    fillMissingSummaries: async () => [],
    readAllSummaries: async () => [],
  };
});

let stop: () => void;
let n = 0;
let id = 'run-0';
beforeEach(() => {
  writes.length = 0;
  failWith = null;
  resetStores();
  useKeptWeights.setState({ ids: new Set() });
  stop = startHistorySync();
  id = `kept-${++n}`;
  startTrainingRun(id);
});
afterEach(() => stop());

/** One epoch's record, then the trainer's weights after it. */
function epochWithWeights(k: number, runId = id): void {
  handleTrainerEvent({ type: 'epoch', runId, record: epoch(k), memory: { tensors: 1, bytes: 1 } });
  handleTrainerEvent({ type: 'weights', runId, epoch: k, modelJson: `{"epoch":${k}}`, weights: new Uint8Array([k]), ms: 1 });
}

describe('a run cut short keeps its last good weights', () => {
  it('writes them with the checkpoint, and keeps the newest when the run is interrupted', async () => {
    epochWithWeights(1);
    await wait(400);
    expect(writes.at(-1)).toMatchObject({ record: { id, status: 'interrupted' }, weights: { id, epoch: 1 } });
    expect(useKeptWeights.getState().ids.has(id)).toBe(true);
    epochWithWeights(2);
    handleTrainerEvent({ type: 'end', runId: id, status: 'interrupted', message: 'The WebGL context was lost.' });
    await wait(400);
    // Epoch 2's weights were not checkpointed yet: they go with the final record.
    expect(writes.at(-1)).toMatchObject({ record: { id, status: 'interrupted' }, weights: { epoch: 2 } });
    expect(writes.some((w) => w.dropped)).toBe(false);
    expect(useKeptWeights.getState().ids.has(id)).toBe(true);
  });

  it('drops them when the run ends normally (its model stays with the trainer)', async () => {
    epochWithWeights(1);
    await wait(400);
    epochWithWeights(2);
    handleTrainerEvent({ type: 'end', runId: id, status: 'done' });
    await wait(400);
    expect(writes.at(-2)).toMatchObject({ record: { id, status: 'done' } });
    expect(writes.at(-2)!.weights).toBeUndefined();
    expect(writes.at(-1)).toEqual({ dropped: id });
    expect(useKeptWeights.getState().ids.has(id)).toBe(false);
  });

  it('ignores weights of another run, and a storage failure says once what is not kept', async () => {
    epochWithWeights(1, 'someone-else');
    await wait(400);
    expect(writes.some((w) => w.weights)).toBe(false);
    failWith = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    epochWithWeights(2);
    await wait(400);
    expect(useLab.getState().run.status).toBe('training');
    expect(useHistory.getState().message?.text).toMatch(
      /^Run history is not saved: .*storage is full.*Training goes on, but runs will not be kept after a reload\..* A run cut short will not keep its weights either\.$/,
    );
    expect(useKeptWeights.getState().ids.has(id)).toBe(false);
  });
});
