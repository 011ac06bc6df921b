import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { insideSnapshot } from '../../src/core/inside/snapshot';
import type { SplitArrays } from '../../src/core/train/types';
import { isFromTrainer, isToTrainer } from '../../src/worker/protocol';
import { analyse } from '../../src/worker/session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

const shape = [8, 8, 1];
function session() {
  const model = buildModel(
    { ...defaultSettings(), model: 'cnn', conv: [{ filters: 3, pool: true }], dense: [4], seed: 2 },
    { shape, numClasses: 3 },
  );
  models.push(model);
  const x = Float32Array.from({ length: 3 * 64 }, (_, i) => ((i * 37) % 64) / 64);
  const test: SplitArrays = { x, y: new Int32Array([0, 1, 2]), count: 3 };
  return { runId: 'r', model, test, shape, seed: 1 };
}

describe('Inside analyses in the trainer', () => {
  it('answers "inside" for a test example with the same snapshot as the core, and refuses a missing one', async () => {
    const s = session();
    const result = await analyse(s, { kind: 'inside', testIndex: 1 });
    expect(result.kind).toBe('inside');
    const direct = await insideSnapshot(s.model, s.test.x.slice(64, 128), shape, 1);
    expect(result).toEqual({ kind: 'inside', snapshot: direct });
    await expect(analyse(s, { kind: 'inside', testIndex: 3 })).rejects.toThrow('No test example 3: the test split has 3.');
  });

  it('classifies a user input with probabilities summing to 1 and a saliency map of its size', async () => {
    const s = session();
    const result = await analyse(s, { kind: 'classify', input: Array.from({ length: 64 }, (_, i) => (i % 9) / 9) });
    if (result.kind !== 'classify') throw new Error('wrong kind');
    expect(result.explanation.testIndex).toBe(-1);
    expect(result.explanation.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(result.explanation.saliency).toHaveLength(64);
    await expect(analyse(s, { kind: 'classify', input: [0.5, 0.5] })).rejects.toThrow(
      'The input has 2 values; this model takes 8×8×1 = 64.',
    );
  });

  it('keeps the tensor count flat over repeated inside and classify requests', async () => {
    const s = session();
    await analyse(s, { kind: 'inside', testIndex: 0 });
    await analyse(s, { kind: 'classify', input: new Array(64).fill(0.5) });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await analyse(s, { kind: 'inside', testIndex: i });
      await analyse(s, { kind: 'classify', input: new Array(64).fill(i / 3) });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Inside messages across the boundary', () => {
  it('accepts a watch on a test example or none, and rejects a bad index', () => {
    expect(isToTrainer({ type: 'inside-watch', runId: '', testIndex: 4 })).toBe(true);
    expect(isToTrainer({ type: 'inside-watch', runId: '', testIndex: null })).toBe(true);
    expect(isToTrainer({ type: 'inside-watch', runId: '', testIndex: -1 })).toBe(false);
    expect(isToTrainer({ type: 'inside-watch', runId: '', testIndex: 1.5 })).toBe(false);
    expect(isToTrainer({ type: 'inside-watch', testIndex: 1 })).toBe(false);
  });

  it('accepts classify requests only for pixel values in [0, 1]', () => {
    const ask = (input: unknown) => isToTrainer({ type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'classify', input } });
    expect(ask([0, 0.5, 1])).toBe(true);
    expect(ask([0, 2])).toBe(false);
    expect(ask([Number.NaN])).toBe(false);
    expect(ask([])).toBe(false);
    expect(ask('0,1')).toBe(false);
    expect(isToTrainer({ type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'inside', testIndex: 2 } })).toBe(true);
    expect(isToTrainer({ type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'inside', testIndex: -2 } })).toBe(false);
  });

  it('accepts a well-formed snapshot event and rejects maps of the wrong size', async () => {
    const s = session();
    const snapshot = await insideSnapshot(s.model, s.test.x.slice(0, 64), shape, 0);
    expect(isFromTrainer({ type: 'inside', runId: 'r', epoch: 2, snapshot })).toBe(true);
    expect(isFromTrainer({ type: 'analysis', runId: 'r', requestId: 1, result: { kind: 'inside', snapshot } })).toBe(true);
    const broken = { ...snapshot, features: [{ ...snapshot.features[0], maps: [[1, 2, 3]] }] };
    expect(isFromTrainer({ type: 'inside', runId: 'r', epoch: 2, snapshot: broken })).toBe(false);
    const badFilter = { ...snapshot, filters: { ...snapshot.filters!, channels: 2 } };
    expect(isFromTrainer({ type: 'inside', runId: 'r', epoch: 2, snapshot: badFilter })).toBe(false);
    expect(isFromTrainer({ type: 'inside', runId: 'r', snapshot })).toBe(false);
  });
});
