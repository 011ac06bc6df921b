import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isFromTrainer, type FromTrainer } from '../../src/worker/protocol';
import { runTraining } from '../../src/worker/runner';
import type { TrainedSession } from '../../src/worker/session';
import '../../src/core/model/seeded-dropout';
import { WEIGHTS_MIN_MS, watchWeights, type WeightsEvent } from '../../src/worker/weights-checkpoint';
import { HEARTBEAT_MS } from '../../src/worker/watchdog';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const QUERY = 'data=digits&model=cnn&conv=3p&dense=8&train=120&backend=cpu&seed=1';

async function run(epochs: number, keep?: (s: TrainedSession) => void, inWorker = false): Promise<FromTrainer[]> {
  const events: FromTrainer[] = [];
  await runTraining('r', `${QUERY}&epochs=${epochs}`, {
    emit: (e) => events.push(e),
    shouldStop: () => false,
    fetchAsset: async (path) => new Uint8Array(readFileSync(new URL(`../../public/${path}`, import.meta.url))),
    yieldControl: async () => undefined,
    inWorker,
    keepSession: keep,
  });
  return events;
}

const weightsOf = (events: FromTrainer[]) => events.filter((e): e is WeightsEvent => e.type === 'weights');
/** Loads the two files back as tf.loadLayersModel would read them from disk (node has no FileReader for browserFiles). */
function loadBack(w: WeightsEvent): Promise<tf.LayersModel> {
  const json = JSON.parse(w.modelJson) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  expect(json.weightsManifest[0].paths).toEqual([`fitlab-r-epoch-${w.epoch}.weights.bin`]);
  const weightData = w.weights.buffer.slice(w.weights.byteOffset, w.weights.byteOffset + w.weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }),
  );
}

describe('a run sends its last good weights after each epoch', () => {
  it('as the model download’s files, which load back to the same model', async () => {
    let session: TrainedSession | null = null;
    const events = await run(1, (s) => (session = s));
    const [w] = weightsOf(events);
    expect(w).toMatchObject({ type: 'weights', runId: 'r', epoch: 1 });
    expect(isFromTrainer(w)).toBe(true);
    // Sent after the epoch's record, before the run ends.
    expect(events.findIndex((e) => e.type === 'weights')).toBeGreaterThan(events.findIndex((e) => e.type === 'epoch'));
    const loaded = await loadBack(w);
    const trained = session!.model;
    const x = tf.tensor(session!.test.x.slice(0, 10 * 64), [10, 8, 8, 1]);
    const [a, b] = [trained.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    loaded.dispose();
    trained.dispose();
  });

  it('without leaking tensors: the backend count stays flat across epochs', async () => {
    const events = await run(3);
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'done' });
    const tensors = events.flatMap((e) => (e.type === 'epoch' ? [e.memory.tensors] : []));
    expect(tensors).toHaveLength(3);
    expect(new Set(tensors).size).toBe(1);
    const sent = weightsOf(events).map((e) => e.epoch);
    expect(sent[0]).toBe(1);
    expect(sent).toEqual([...sent].sort((p, q) => p - q));
  });

  it('throttled: at most every WEIGHTS_MIN_MS, and further apart when reading them costs more', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
    let now = 0;
    let cost = 1;
    const sent: number[] = [];
    const save = watchWeights(
      'r',
      model,
      (e) => sent.push(e.epoch),
      () => {
        now += cost; // each clock read advances time: the read-back "costs" cost ms per call
        return now;
      },
    );
    await save(1);
    now += WEIGHTS_MIN_MS / 2;
    await save(2); // too soon
    now += WEIGHTS_MIN_MS;
    await save(3);
    expect(sent).toEqual([1, 3]);
    // A read-back of ~50 ms waits 50 / 0.02 = 2.5 s: a 1 s gap is not enough.
    cost = 25;
    now += 2 * WEIGHTS_MIN_MS;
    await save(4);
    now += 1000;
    await save(5);
    now += 3000;
    await save(6);
    expect(sent).toEqual([1, 3, 4, 6]);
    model.dispose();
  });

  it('the page refuses malformed weights events', () => {
    const good = { type: 'weights', runId: 'r', epoch: 2, modelJson: '{}', weights: new Uint8Array(8), ms: 3 };
    expect(isFromTrainer(good)).toBe(true);
    expect(isFromTrainer({ ...good, epoch: 0 })).toBe(false);
    expect(isFromTrainer({ ...good, epoch: 1.5 })).toBe(false);
    expect(isFromTrainer({ ...good, weights: [1, 2, 3] })).toBe(false);
    expect(isFromTrainer({ ...good, modelJson: { modelTopology: {} } })).toBe(false);
    expect(isFromTrainer({ ...good, ms: undefined })).toBe(false);
  });

  it('in a worker, a run sends a heartbeat every HEARTBEAT_MS until it ends (the page’s watchdog listens)', async () => {
    const every = vi.spyOn(globalThis, 'setInterval');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    const events = await run(1, undefined, true);
    const i = every.mock.calls.findIndex((c) => c[1] === HEARTBEAT_MS);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(cleared).toHaveBeenCalledWith(every.mock.results[i].value);
    (every.mock.calls[i][0] as () => void)();
    expect(events.at(-1)).toEqual({ type: 'alive', runId: 'r' });
    every.mockRestore();
    cleared.mockRestore();
  });
});
