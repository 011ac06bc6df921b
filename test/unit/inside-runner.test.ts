import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FromTrainer } from '../../src/worker/protocol';
import { runTraining } from '../../src/worker/runner';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const QUERY = 'data=digits&model=cnn&conv=3p&dense=8&train=120&epochs=3&backend=cpu&seed=1';

/** One short digits CNN run in node, with the Inside view watching `watched` (null: the view closed). */
async function run(watched: () => number | null): Promise<FromTrainer[]> {
  const events: FromTrainer[] = [];
  await runTraining('r', QUERY, {
    emit: (e) => events.push(e),
    shouldStop: () => false,
    fetchAsset: async (path) => new Uint8Array(readFileSync(new URL(`../../public/${path}`, import.meta.url))),
    yieldControl: async () => undefined,
    inWorker: false,
    insideWatch: watched,
  });
  return events;
}

describe('feature maps while training', () => {
  it('follow each epoch for the watched test example (switching when the user picks another), and cost nothing while the view is closed', async () => {
    // The view asks once per epoch end; the user switches to example 7 after the first epoch.
    let asked = 0;
    const events = await run(() => (++asked === 1 ? 5 : 7));
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'done' });
    const inside = events.filter((e): e is Extract<FromTrainer, { type: 'inside' }> => e.type === 'inside');
    expect(inside.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(inside.map((e) => e.snapshot.testIndex)).toEqual([5, 7, 7]);
    expect(inside.every((e) => e.snapshot.features.length === 2)).toBe(true);
    // Backend tensors after each epoch (snapshot included) stay flat.
    const tensors = events.flatMap((e) => (e.type === 'epoch' ? [e.memory.tensors] : []));
    expect(tensors).toHaveLength(3);
    expect(new Set(tensors).size).toBe(1);
    // The filters change as the model learns.
    expect(inside[2].snapshot.filters!.filters).not.toEqual(inside[0].snapshot.filters!.filters);

    const closed = await run(() => null);
    expect(closed.some((e) => e.type === 'inside')).toBe(false);
  });
});
