import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictOne } from '../../src/core/analysis/predict';
import { prepareCustom, type CustomData } from '../../src/core/data/custom';
import { loadTable } from '../../src/core/data/registry';
import { gatherRows, splitDataset, splitOptionsFor } from '../../src/core/data/split';
import { rawRow, rowScaling, scaleRow } from '../../src/core/data/what-if';
import { buildModel } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { predictProbabilities } from '../../src/core/train/evaluate';
import { isFromTrainer, isToTrainer } from '../../src/worker/protocol';
import { analyse } from '../../src/worker/session';

const PUBLIC = new URL('../../public/', import.meta.url);
const fetchAsset = async (path: string) => new Uint8Array(await readFile(new URL(path, PUBLIC)));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('what-if rows', () => {
  it('scales a raw row exactly as prepareCustom scaled the table (cancer, train and test rows)', async () => {
    const table = await loadTable('cancer', fetchAsset);
    const options = splitOptionsFor({ ...defaultSettings(), seed: 3 }, 2);
    const { data, splits } = prepareCustom(table, options);
    const scaling = rowScaling(table, splits.train);
    expect(scaling.columns).toHaveLength(30);
    for (const row of [splits.train[0], splits.test[0], splits.test[splits.test.length - 1]]) {
      const scaled = scaleRow(rawRow(table, row, scaling), scaling);
      const expected = Array.from(data.x.subarray(row * 30, (row + 1) * 30));
      scaled.forEach((v, j) => expect(Math.fround(v)).toBeCloseTo(expected[j], 5));
    }
  });

  it('fills an imported gap with the training median and leaves one-hot features alone', () => {
    // Feature 0 numeric with a gap in row 3; feature 1 a one-hot 0/1 column that is not standardised.
    const custom: CustomData = {
      dataset: {
        id: 'table',
        kind: 'points',
        shape: [2],
        count: 4,
        x: new Float32Array([1, 0, 3, 1, 5, 0, NaN, 1]),
        y: new Int32Array([0, 1, 0, 1]),
        classNames: ['a', 'b'],
      },
      standardize: [0],
    };
    const scaling = rowScaling(custom, Int32Array.from([0, 1, 2]));
    expect(scaling).toMatchObject({ columns: [0], mean: [3], fill: [3] });
    expect(rawRow(custom, 3, scaling)).toEqual([3, 1]);
    const [z, onehot] = scaleRow([5, 1], scaling);
    expect(z).toBeCloseTo(2 / Math.sqrt(8 / 3), 10);
    expect(onehot).toBe(1);
  });
});

describe('predict analysis', () => {
  it('gives the same probabilities as the batch prediction, frees its tensors and checks the input size', async () => {
    const model = buildModel({ ...defaultSettings(), hidden: [8] }, { shape: [4], numClasses: 3 });
    const x = new Float32Array([0.5, -1, 2, 0.1, 1, 1, -1, 0]);
    const batch = await predictProbabilities(model, { x, y: new Int32Array(2), count: 2 }, [4]);
    const before = tf.memory().numTensors;
    const one = await predictOne(model, Array.from(x.subarray(4)), [4]);
    expect(tf.memory().numTensors).toBe(before);
    expect(one).toHaveLength(3);
    one.forEach((p, k) => expect(p).toBeCloseTo(batch[3 + k], 6));
    await expect(predictOne(model, [1, 2], [4])).rejects.toThrow('The input has 2 values; this model takes 4.');
    model.dispose();
  });

  it('answers for a kept regression session (a what-if on diabetes)', async () => {
    const table = await loadTable('diabetes', fetchAsset);
    const { data, splits } = prepareCustom(table, splitOptionsFor(defaultSettings(), 1));
    const model = buildModel({ ...defaultSettings(), hidden: [4] }, { shape: [10], numClasses: 1, task: 'regression' });
    const test = gatherRows(data, splits.test);
    const result = await analyse(
      { runId: 'r', model, test, shape: [10], seed: 1 },
      { kind: 'predict', inputs: Array.from(test.x.subarray(0, 10)) },
    );
    expect(result.kind).toBe('predict');
    if (result.kind === 'predict') {
      expect(result.outputs).toHaveLength(1);
      expect(result.outputs[0]).toBeCloseTo((await predictProbabilities(model, test, [10]))[0], 5);
    }
    model.dispose();
  });

  it('crosses the worker boundary only as finite numbers', () => {
    const ask = (inputs: unknown) => isToTrainer({ type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'predict', inputs } });
    expect(ask([0.5, -2, 3])).toBe(true);
    expect(ask([])).toBe(false);
    expect(ask([1, NaN])).toBe(false);
    expect(ask(['1'])).toBe(false);
    expect(ask('1,2')).toBe(false);
    const answer = (outputs: unknown) =>
      isFromTrainer({ type: 'analysis', runId: 'r', requestId: 1, result: { kind: 'predict', outputs } });
    expect(answer([0.2, 0.8])).toBe(true);
    expect(answer([Infinity])).toBe(false);
    expect(answer(null)).toBe(false);
  });

  it('splits the same rows as the registry (scaling uses those training rows)', async () => {
    const table = await loadTable('iris', fetchAsset);
    const o = splitOptionsFor(defaultSettings(), 3);
    expect(Array.from(prepareCustom(table, o).splits.train)).toEqual(Array.from(splitDataset(table.dataset, o).train));
  });
});
