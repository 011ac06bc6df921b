import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { networkPlan, networkSnapshot, type NetworkProbe } from '../../src/core/network/network';
import { planeCell, planePoints } from '../../src/core/network/plane';
import { isNetworkSnapshot } from '../../src/core/network/validate';
import { MAX_DRAWN_UNITS } from '../../src/core/network/types';
import { buildModel, type ModelSettings } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';
import { decisionGrid } from '../../src/core/analysis/boundary';
import { isFromTrainer, isToTrainer } from '../../src/worker/protocol';
import { watchNetwork } from '../../src/worker/network-watch';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

function mlp(patch: Partial<ModelSettings>, shape = [2], numClasses = 3): tf.Sequential {
  const m = buildModel({ ...defaultSettings(), model: 'mlp', ...patch }, { shape, numClasses });
  models.push(m);
  return m;
}

/** Random examples in [−1.5, 1.5], seeded. */
function examples(count: number, size: number, seed = 7): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * size }, () => 3 * rng.next() - 1.5);
}

/** What the model itself gives at a layer for `x`: a tf.model sub-model ending at that layer, as Keras would. */
function layerOutput(model: tf.LayersModel, layer: tf.layers.Layer, x: Float32Array, shape: number[]): number[][] {
  const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  return tf.tidy(() => (sub.predict(tf.tensor(x, [x.length / shape.reduce((a, b) => a * b, 1), ...shape])) as tf.Tensor2D).arraySync());
}

/** The layers whose outputs are the unit values, named by what the builder puts after each Dense layer. */
function valueLayers(model: tf.LayersModel, finishing: string): tf.layers.Layer[] {
  const out: tf.layers.Layer[] = [];
  model.layers.forEach((layer, i) => {
    const next = model.layers[i + 1];
    if (layer.getClassName() === finishing || (layer.getClassName() === 'Dense' && (finishing === 'Dense' || !next))) out.push(layer);
  });
  return out;
}

const PLANE = { resolution: 9, extent: 1.2 };
const probeFor = (count: number, shape = [2], plane: NetworkProbe['plane'] | null = PLANE): NetworkProbe => ({
  shape,
  examples: examples(
    count,
    shape.reduce((a, b) => a * b, 1),
  ),
  count,
  ...(plane ? { plane } : {}),
});

describe('network view: unit heatmaps and statistics', () => {
  const cases: { label: string; patch: Partial<ModelSettings>; finishing: string }[] = [
    {
      label: 'relu, 12 units (capped), dropout',
      patch: { hidden: [12, 4], activation: 'relu', dropout: true, dropoutRate: 0.5 },
      finishing: 'Dense',
    },
    { label: 'batch norm + leaky ReLU layers', patch: { hidden: [6, 5], activation: 'leaky', batchNorm: true }, finishing: 'LeakyReLU' },
    { label: 'tanh', patch: { hidden: [3], activation: 'tanh' }, finishing: 'Dense' },
  ];
  for (const { label, patch, finishing } of cases) {
    it(`each unit heatmap equals the unit's value from a sub-model at the grid points (${label})`, async () => {
      const model = mlp(patch);
      const plan = networkPlan(model)!;
      const probe = probeFor(40);
      const snap = await networkSnapshot(model, plan, probe);
      const points = planePoints(PLANE.resolution, PLANE.extent);
      const targets = valueLayers(model, finishing);
      expect(snap.layers.map((l) => l.units)).toEqual([...patch.hidden!, 3]);
      expect(targets).toHaveLength(snap.layers.length);
      const cells = PLANE.resolution ** 2;
      snap.layers.forEach((layer, li) => {
        const onPlane = layerOutput(model, targets[li], points, [2]);
        const onExamples = layerOutput(model, targets[li], probe.examples, [2]);
        expect(layer.shown).toBe(Math.min(layer.units, MAX_DRAWN_UNITS));
        for (let u = 0; u < layer.shown; u++) {
          for (let c = 0; c < cells; c++) expect(layer.heatmaps![u * cells + c]).toBeCloseTo(onPlane[c][u], 5);
          const mean = onExamples.reduce((s, row) => s + row[u], 0) / probe.count;
          expect(layer.mean[u]).toBeCloseTo(mean, 5);
        }
      });
      expect(snap.layers.at(-1)!.role).toBe('output');
      expect(isNetworkSnapshot(snap)).toBe(true);
    });
  }

  it('draws the weights between drawn units: the kernel entries, row = source unit', async () => {
    const model = mlp({ hidden: [12, 4] });
    const snap = await networkSnapshot(model, networkPlan(model)!, probeFor(8));
    const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
    const kernels = dense.map((d) => d.getWeights()[0].arraySync() as number[][]);
    expect(snap.inputs).toEqual({ count: 2, shown: 2 });
    // Layer 1: 2 inputs → 10 drawn of 12; layer 2: 10 drawn of 12 → 4.
    expect(snap.layers[0].weights).toHaveLength(2 * 10);
    expect(snap.layers[1].weights).toHaveLength(10 * 4);
    expect(snap.layers[1].weights![3 * 4 + 2]).toBeCloseTo(kernels[1][3][2], 6);
    expect(snap.layers[0].weights![1 * 10 + 9]).toBeCloseTo(kernels[0][1][9], 6);
  });

  it('counts dead ReLU units over the whole layer, drawn or not, and their share per example', async () => {
    const model = mlp({ hidden: [12] });
    const dense = model.layers[0];
    const [kernel, bias] = dense.getWeights();
    // Units 0, 5 and 11 (11 is not drawn) get a bias no input in [−1.5, 1.5]² can overcome: dead everywhere.
    const b = bias.arraySync() as number[];
    for (const u of [0, 5, 11]) b[u] = -100;
    // Unit 1 is x₁ itself: dead on the examples with x₁ ≤ 0.
    const k = kernel.arraySync() as number[][];
    k[0][1] = 1;
    k[1][1] = 0;
    b[1] = 0;
    const fresh = [tf.tensor2d(k), tf.tensor1d(b)];
    dense.setWeights(fresh);
    tf.dispose(fresh);
    const probe = probeFor(50);
    const snap = await networkSnapshot(model, networkPlan(model)!, probe);
    const hidden = snap.layers[0];
    expect(hidden.inactive).toBe('dead');
    expect(hidden.inactiveUnits).toBe(3);
    expect(hidden.inactiveShare![0]).toBe(1);
    expect(hidden.inactiveShare![5]).toBe(1);
    const negative = Array.from({ length: probe.count }, (_, i) => probe.examples[2 * i]).filter((x) => x <= 0).length;
    expect(hidden.inactiveShare![1]).toBeCloseTo(negative / probe.count, 6);
    // Softmax outputs have no dead state; neither have leaky units.
    expect(snap.layers[1].inactive).toBeNull();
    expect(snap.layers[1].inactiveUnits).toBeNull();
  });

  it('on non-2-D data: means and inactive shares only, inputs too many to draw one by one', async () => {
    const model = mlp({ hidden: [16], activation: 'sigmoid' }, [8, 8, 1], 10);
    const snap = await networkSnapshot(model, networkPlan(model)!, probeFor(30, [8, 8, 1], null));
    expect(snap.plane).toBeNull();
    expect(snap.inputs).toEqual({ count: 64, shown: 0 });
    expect(snap.layers[0].weights).toBeNull();
    expect(snap.layers[0].heatmaps).toBeNull();
    expect(snap.layers[0].inactive).toBe('saturated');
    expect(snap.layers[0].mean).toHaveLength(10);
    expect(snap.layers[1].weights).toHaveLength(10 * 10);
    expect(isNetworkSnapshot(snap)).toBe(true);
  });

  it('leaves no tensors behind: the count is flat across repeated snapshots', async () => {
    const model = mlp({ hidden: [12, 6], batchNorm: true, activation: 'prelu' });
    const plan = networkPlan(model)!;
    const probe = probeFor(64);
    await networkSnapshot(model, plan, probe);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await networkSnapshot(model, plan, probe);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is not drawn for a CNN', () => {
    const cnn = buildModel(
      { ...defaultSettings(), model: 'cnn', conv: [{ filters: 2, pool: false }], kernel: 3, dense: [] },
      { shape: [8, 8, 1], numClasses: 2 },
    );
    models.push(cnn);
    expect(networkPlan(cnn)).toBeNull();
  });
});

describe('network snapshot validation and plane cells', () => {
  it('rejects snapshots whose arrays do not match their drawn units', async () => {
    const model = mlp({ hidden: [4] });
    const snap = await networkSnapshot(model, networkPlan(model)!, probeFor(5));
    expect(isNetworkSnapshot(snap)).toBe(true);
    expect(isNetworkSnapshot({ ...snap, layers: [{ ...snap.layers[0], mean: new Float32Array(3) }, snap.layers[1]] })).toBe(false);
    expect(isNetworkSnapshot({ ...snap, layers: [{ ...snap.layers[0], heatmaps: new Float32Array(4) }, snap.layers[1]] })).toBe(false);
    expect(isNetworkSnapshot({ ...snap, layers: [{ ...snap.layers[0], shown: 11 }, snap.layers[1]] })).toBe(false);
    expect(isNetworkSnapshot({ ...snap, inputs: { count: 2, shown: 1 } })).toBe(false);
    expect(isNetworkSnapshot(null)).toBe(false);
  });

  it('maps a point to the grid cell whose centre the model was asked at', () => {
    const points = planePoints(4, 1);
    // Cell (row 1, col 2) is centred at x = 0.25, y = 0.25.
    const cell = planeCell(0.4, 0.1, 4, 1);
    expect(cell).toEqual({ row: 1, col: 2, x: 0.25, y: 0.25 });
    expect([points[2 * (cell.row * 4 + cell.col)], points[2 * (cell.row * 4 + cell.col) + 1]]).toEqual([0.25, 0.25]);
    // Outside the plane: the nearest edge cell.
    expect(planeCell(5, -5, 4, 1)).toMatchObject({ row: 3, col: 3 });
  });
});

describe('network snapshots across the trainer boundary', () => {
  it('are validated as messages, and the view toggle is a message of its own', async () => {
    const model = mlp({ hidden: [4] });
    const snapshot = await networkSnapshot(model, networkPlan(model)!, probeFor(5));
    expect(isFromTrainer({ type: 'network', runId: 'r', epoch: 3, snapshot })).toBe(true);
    expect(isFromTrainer({ type: 'network', runId: 'r', epoch: 3, snapshot: { ...snapshot, layers: [snapshot.layers[1]] } })).toBe(false);
    expect(isFromTrainer({ type: 'network', runId: 'r', snapshot })).toBe(false);
    expect(isToTrainer({ type: 'watch', runId: '', network: true })).toBe(true);
    expect(isToTrainer({ type: 'watch', runId: '', network: 'yes' })).toBe(false);
  });

  it('are computed only while the view is open, at most every 300 ms (longer after a slow one), and on demand', async () => {
    const model = mlp({ hidden: [4] });
    const x = examples(20, 2);
    const sent: number[] = [];
    let open = false;
    // A clock the test moves; `cost` is how far one snapshot moves it.
    let now = 0;
    let cost = 0;
    const watch = watchNetwork(
      model,
      [2],
      { x, y: new Int32Array(20), count: 20 },
      (_, epoch) => {
        sent.push(epoch);
        now += cost;
      },
      () => open,
      () => now,
    )!;
    await watch.tick(1);
    expect(sent).toEqual([]);
    open = true;
    await watch.tick(2);
    now += 299;
    await watch.tick(2);
    expect(sent).toEqual([2]);
    now += 1;
    await watch.tick(3);
    expect(sent).toEqual([2, 3]);
    // A snapshot that took 40 ms is followed by a wait of 40 / 5 % = 800 ms from its end, not 300.
    cost = 40;
    await watch.now(4);
    cost = 0;
    now += 799;
    await watch.tick(5);
    expect(sent).toEqual([2, 3, 4]);
    now += 1;
    await watch.tick(5);
    expect(sent).toEqual([2, 3, 4, 5]);
  });

  it('the decision grid carries every class probability per cell, for the plane probe', async () => {
    const model = mlp({ hidden: [6] });
    const grid = await decisionGrid(model, 6);
    expect(grid.probabilities).toHaveLength(36 * 3);
    for (let i = 0; i < 36; i++) {
      const p = grid.probabilities!.slice(3 * i, 3 * i + 3);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p[grid.classes[i]]).toBeCloseTo(grid.confidence[i], 6);
    }
    expect(isFromTrainer({ type: 'boundary', runId: 'r', epoch: 1, grid })).toBe(true);
    expect(isFromTrainer({ type: 'boundary', runId: 'r', epoch: 1, grid: { ...grid, probabilities: [0.5] } })).toBe(false);
  });
});
