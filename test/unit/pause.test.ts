import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherRows, splitDataset } from '../../src/core/data/split';
import { makeToyDataset } from '../../src/core/data/toy';
import { buildModel } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';
import { gatedCallbacks, RunGate, type GateClock } from '../../src/core/train/gate';
import { trainModel, type TrainCallbacks, type TrainInputs, type TrainOutcome } from '../../src/core/train/loop';
import type { BatchRecord, EpochRecord } from '../../src/core/train/types';

// Pause, step and pace (src/core/train/gate.ts) decide when the loop goes on, never what it computes: a run
// held at random batches, stepped, or paced gives the uninterrupted run's numbers exactly (cpu backend).

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ds = makeToyDataset('spiral', { samples: 240, noise: 0.2, classes: 3, seed: 3 });
const split = splitDataset(ds, { valFraction: 0.2, testFraction: 0.2, trainSize: 0, labelNoise: 0, seed: 3 });
/** 144 training points: 5 batches of ≤ 32 per epoch, so holds land mid-epoch and at epoch ends. */
const DATA: TrainInputs = {
  train: gatherRows(ds, split.train, split.trainLabels),
  val: gatherRows(ds, split.val),
  shape: ds.shape,
  numClasses: 3,
};
const EPOCHS = 6;
const BATCHES_PER_EPOCH = Math.ceil(DATA.train.count / 32);
const CONFIG = { epochs: EPOCHS, batchSize: 32, optimizer: 'adam' as const, lr: 0.02, seed: 5, augment: null };

/** A clock that never waits: sleeping moves its time on. Records every sleep asked for. */
function fakeClock(): GateClock & { sleeps: number[]; time: number } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

interface Trained {
  outcome: TrainOutcome;
  batches: BatchRecord[];
  weights: number[];
}

/** Trains a fresh seeded model (dropout on, so the dropout stream is exercised too) with `callbacks`. */
async function train(make: (cbs: TrainCallbacks) => TrainCallbacks = (c) => c): Promise<Trained> {
  const model = buildModel(
    { ...defaultSettings(), hidden: [16, 16], dropout: true, dropoutRate: 0.2, seed: 5 },
    { shape: DATA.shape, numClasses: 3 },
  );
  const batches: BatchRecord[] = [];
  const outcome = await trainModel(model, DATA, CONFIG, make({ onBatchEnd: (b) => batches.push(b) }));
  const weights = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
  model.dispose();
  return { outcome, batches, weights };
}

/**
 * The gate's callbacks, with `afterBatch(n)` called after the n-th trained batch (the loop polls isPaused exactly
 * once after every batch, so this is where a click between batches lands; onBatchEnd comes in read-back groups).
 */
function gatedWithBatchHook(gate: RunGate, cbs: TrainCallbacks, afterBatch: (n: number) => void): TrainCallbacks {
  const gated = gatedCallbacks(gate, EPOCHS, cbs);
  let trained = 0;
  return { ...gated, isPaused: () => (afterBatch(++trained), gated.isPaused!()) };
}

const withoutTimes = (h: EpochRecord[]) => h.map(({ ms: _ms, ...rest }) => rest);

let reference: Trained;
beforeAll(async () => {
  reference = await train();
  expect(reference.outcome.history).toHaveLength(EPOCHS);
});

function expectSameRun(r: Trained): void {
  expect(r.outcome.status).toBe('done');
  expect(withoutTimes(r.outcome.history)).toEqual(withoutTimes(reference.outcome.history));
  expect(r.batches.map((b) => b.loss)).toEqual(reference.batches.map((b) => b.loss));
  expect(r.weights).toEqual(reference.weights);
}

describe('pause and resume', () => {
  it('holding at random batches and resuming reproduces the uninterrupted run exactly', async () => {
    const rng = createRng(11);
    const total = EPOCHS * BATCHES_PER_EPOCH;
    // Six distinct random global batch numbers to pause after.
    const pauseAt = new Set<number>();
    while (pauseAt.size < 6) pauseAt.add(1 + rng.int(total));
    const gate = new RunGate(fakeClock());
    const holds: boolean[] = [];
    gate.onHold = (held) => holds.push(held);
    const r = await train((cbs) =>
      gatedWithBatchHook(gate, cbs, (n) => {
        if (!pauseAt.has(n)) return;
        gate.pause();
        // Resumed from outside, some event-loop turns later, as a click would.
        setTimeout(() => gate.resume(), 5);
      }),
    );
    expectSameRun(r);
    // Each pause really held (and was let go) once.
    expect(holds.filter((h) => h)).toHaveLength(pauseAt.size);
    expect(holds.filter((h) => !h)).toHaveLength(pauseAt.size);
  });

  it('a paused run stops when Stop comes, within one batch, keeping the epochs trained', async () => {
    const gate = new RunGate(fakeClock());
    gate.onHold = (held) => {
      if (held) setTimeout(() => gate.stop(), 5);
    };
    const r = await train((cbs) => gatedWithBatchHook(gate, cbs, (n) => n === BATCHES_PER_EPOCH + 2 && gate.pause()));
    expect(r.outcome.status).toBe('stopped');
    expect(r.outcome.history).toHaveLength(1);
    expect(r.batches).toHaveLength(BATCHES_PER_EPOCH + 2);
  });
});

describe('step', () => {
  it('adds exactly one epoch per step, from before the first epoch, and the stepped run equals the straight one', async () => {
    const gate = new RunGate(fakeClock());
    gate.step(); // Step pressed with no run: train epoch 1, then hold.
    const epochsAtHold: number[] = [];
    let epochs = 0;
    gate.onHold = (held) => {
      if (!held) return;
      epochsAtHold.push(epochs);
      // Step again a few turns later; resume for good after four holds.
      setTimeout(() => (epochsAtHold.length < 4 ? gate.step() : gate.resume()), 5);
    };
    const r = await train((cbs) =>
      gatedCallbacks(gate, EPOCHS, {
        ...cbs,
        onEpochEnd: () => {
          epochs++;
        },
      }),
    );
    expect(epochsAtHold).toEqual([1, 2, 3, 4]);
    expectSameRun(r);
  });

  it('a step from a pause mid-epoch finishes that epoch and holds at its end', async () => {
    const gate = new RunGate(fakeClock());
    const holds: { epochs: number; batches: number }[] = [];
    let epochs = 0;
    let batches = 0;
    gate.onHold = (held) => {
      if (!held) return;
      holds.push({ epochs, batches });
      setTimeout(() => (holds.length === 1 ? gate.step() : gate.resume()), 5);
    };
    const r = await train((cbs) =>
      gatedWithBatchHook(gate, { ...cbs, onEpochEnd: () => void epochs++ }, (n) => {
        batches = n;
        if (n === 2 * BATCHES_PER_EPOCH + 2) gate.pause();
      }),
    );
    expect(holds).toEqual([
      { epochs: 2, batches: 2 * BATCHES_PER_EPOCH + 2 },
      { epochs: 3, batches: 3 * BATCHES_PER_EPOCH },
    ]);
    expectSameRun(r);
  });
});

describe('pace', () => {
  it('releases epochs 1/pace s apart on the clock and does not change a number', async () => {
    const clock = fakeClock();
    const gate = new RunGate(clock);
    gate.setPace(2);
    const releasedAt: number[] = [];
    const r = await train((cbs) => gatedCallbacks(gate, EPOCHS, { ...cbs, onEpochEnd: () => void releasedAt.push(clock.time) }));
    expectSameRun(r);
    // The first epoch goes out at once; each later one 500 ms after the one before (training takes no fake time).
    expect(releasedAt).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(clock.sleeps).toEqual([500, 500, 500, 500, 500]);
  });

  it('a pace change mid-run applies to the epoch being waited for; Stop ends a pace wait', async () => {
    const clock = fakeClock();
    const gate = new RunGate(clock);
    gate.setPace(1);
    let epochs = 0;
    const r = await train((cbs) =>
      gatedCallbacks(gate, EPOCHS, {
        ...cbs,
        onEpochEnd: () => {
          if (++epochs === 2) gate.setPace(4);
          if (epochs === 4) gate.stop();
        },
      }),
    );
    expect(clock.sleeps).toEqual([1000, 250, 250]);
    expect(r.outcome.status).toBe('stopped');
    expect(withoutTimes(r.outcome.history)).toEqual(withoutTimes(reference.outcome.history.slice(0, 4)));
  });

  it('the run’s own pace applies unless one was set meanwhile', () => {
    const clock = fakeClock();
    const gate = new RunGate(clock);
    gate.setPace(0);
    gate.defaultPace(3);
    return gate
      .paceWait()
      .then(() => gate.paceWait())
      .then(() => expect(clock.sleeps).toEqual([]));
  });
});
