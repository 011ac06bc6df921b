import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_FILES } from '../../src/core/export/pytorch';
import { parseCsv } from '../../src/core/import/csv';
import { buildTabularDataset } from '../../src/core/import/tabular';
import { PRESETS } from '../../src/core/preset/presets';
import { OPTIMIZERS, type Settings } from '../../src/core/preset/schema';
import type { CustomData } from '../../src/core/data/custom';
import { cleanUp, last, python, pythonCode, replayAndEvaluate, runAndExport, type BrowserRun } from './pytorch/harness';

// Every check runs Debian's python3-torch (.ci/run installs it): no skip when it is missing.
const runs: BrowserRun[] = [];
afterAll(() => runs.forEach(cleanUp));

async function exported(patch: Partial<Settings>, custom?: CustomData, includeData = true): Promise<BrowserRun> {
  const run = await runAndExport(patch, custom, includeData);
  runs.push(run);
  return run;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** train.py's test line matches the browser's test numbers: the same accuracy, the loss to 1e-4 relative. */
function expectSameTest(run: BrowserRun, line: Record<string, unknown>): void {
  const t = run.test;
  expect(relative(line.test_loss as number, t.loss)).toBeLessThan(1e-4);
  if (t.task === 'classification') {
    expect(line.test_accuracy).toBe(t.accuracy);
  } else {
    expect(relative(line.test_mse as number, t.metrics.mse)).toBeLessThan(1e-4);
    expect(relative(line.test_mae as number, t.metrics.mae)).toBeLessThan(1e-4);
    expect(line.test_r2 as number).toBeCloseTo(t.metrics.r2, 4);
  }
}

const evaluate = async (run: BrowserRun) => expectSameTest(run, last(await python(run.dir, ['--evaluate'])));

/** PyTorch's parameter count of the exported model, counted as Fitlab counts (BN's moving statistics included). */
const torchParams = async (dir: string) =>
  last(await pythonCode(dir, 'import json, train; print(json.dumps({"n": train.count_parameters(train.build_model())}))')).n;

/**
 * Full-batch steps replayed in PyTorch land on the browser's weights (REPLAY in the harness), and
 * `--evaluate` gives the browser's test numbers.
 */
async function expectSameStepsAndTest(...runs: BrowserRun[]): Promise<void> {
  const results = await replayAndEvaluate(runs);
  results.forEach(([replay, test], i) => {
    expect(replay.max_diff as number, runs[i].settings.optimizer).toBeLessThan(1e-4);
    expectSameTest(runs[i], test);
  });
}

/** Easy, well-separated blobs: 3 classes, 150 points (90 train). */
const BLOBS: Partial<Settings> = { dataset: 'gaussian', samples: 150, classes: 3, noise: 0.2, hidden: [8] };

const MLP_DROPOUT_L2: Partial<Settings> = {
  ...BLOBS,
  hidden: [16, 16],
  dropout: true,
  dropoutRate: 0.2,
  l2: true,
  l2Lambda: 0.001,
  epochs: 4,
  lr: 0.02,
};

describe('PyTorch export of a browser run', () => {
  it('an MLP with dropout and L2: every file, the same test numbers and parameter count; a retrain learns', async () => {
    const run = await exported(MLP_DROPOUT_L2);
    expect([...run.files].sort()).toEqual([...EXPORT_FILES].sort());
    await evaluate(run);
    expect(await torchParams(run.dir)).toBe(run.params);
    expect(run.exportParams).toBe(run.params);
    const lines = await python(run.dir, ['--epochs', '3', '--seed', '3']);
    const epochs = lines.filter((l) => 'epoch' in l);
    expect(epochs.map((l) => l.epoch)).toEqual([1, 2, 3]);
    for (const key of ['loss', 'acc', 'val_loss', 'val_acc', 'lr']) expect(typeof epochs[0][key]).toBe('number');
    expect(epochs[2].loss as number).toBeLessThan(epochs[0].loss as number);
    expect(typeof last(lines).test_accuracy).toBe('number');
  });

  it('a CNN with batch norm, PReLU, L1 and every augmentation: the same test numbers and parameter count', async () => {
    const run = await exported({
      dataset: 'shapes',
      samples: 60,
      model: 'cnn',
      conv: [{ filters: 4, pool: true }],
      dense: [8],
      batchNorm: true,
      activation: 'prelu',
      l1: true,
      l1Lambda: 0.0005,
      flip: true,
      rotate: true,
      shift: true,
      brightness: true,
      gaussNoise: true,
      epochs: 1,
      lr: 0.01,
      batchSize: 16,
    });
    await evaluate(run);
    expect(await torchParams(run.dir)).toBe(run.params);
    const lines = await python(run.dir, ['--epochs', '1']);
    expect(lines.filter((l) => 'epoch' in l)).toHaveLength(1);
    expect(typeof last(lines).test_accuracy).toBe('number');
  });

  it('the CIFAR-style network (preset cifar-cnn, fewer images): the same test numbers and parameter count', async () => {
    const cifar = PRESETS.find((p) => p.id === 'cifar-cnn')!.settings;
    // Four training images: TF.js's cpu backend takes seconds per image through this network's gradients.
    const run = await exported({ ...cifar, samples: 40, trainSize: 4, epochs: 1 });
    await evaluate(run);
    expect(await torchParams(run.dir)).toBe(run.params);
  });

  it("the notebook runs the same code: its cells evaluate to the browser's numbers", async () => {
    const run = runs[0];
    const code = [
      'import json',
      'nb = json.load(open("train.ipynb"))',
      'cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]',
      'assert cells[-2] == \'main(["--evaluate"])\', cells[-2]',
      'g = {"__name__": "notebook"}',
      'for c in cells[:-1]: exec(c, g)',
    ].join('\n');
    expectSameTest(run, last(await pythonCode(run.dir, code)));
  });

  it('batch norm, L1, L2, PReLU and convolutions train step for step as in TF.js (full-batch replay)', async () => {
    const mlp = await exported({
      ...BLOBS,
      hidden: [8, 8],
      batchNorm: true,
      activation: 'leaky',
      alpha: 0.1,
      l1: true,
      l1Lambda: 0.001,
      l2: true,
      l2Lambda: 0.002,
      batchSize: 2048,
      epochs: 3,
      lr: 0.05,
      init: 'heNormal',
    });
    const cnn = await exported({
      dataset: 'shapes',
      samples: 30,
      trainSize: 6,
      model: 'cnn',
      conv: [
        { filters: 3, pool: true },
        { filters: 4, pool: false },
      ],
      dense: [6],
      batchNorm: true,
      activation: 'prelu',
      alpha: 0.25,
      l2: true,
      l2Lambda: 0.001,
      batchSize: 2048,
      epochs: 2,
      lr: 0.01,
    });
    await expectSameStepsAndTest(mlp, cnn);
  });

  it('a regression: the same test loss, MSE, MAE and R² (and the same full-batch steps)', async () => {
    const run = await exported({
      dataset: 'sine',
      samples: 200,
      hidden: [16],
      activation: 'elu',
      epochs: 3,
      lr: 0.02,
      regLoss: 'mae',
      init: 'lecunNormal',
      batchSize: 2048,
    });
    await expectSameStepsAndTest(run);
  });

  it('a regression trained in PyTorch prints the regression test line', async () => {
    const run = await exported({ dataset: 'plane', samples: 150, hidden: [8], epochs: 2, lr: 0.02 });
    await evaluate(run);
    await evaluate(run);
    const lines = await python(run.dir, ['--epochs', '1']);
    expect(Object.keys(last(lines)).sort()).toEqual(['test_loss', 'test_mae', 'test_mse', 'test_r2']);
  });

  it('an imported table with balanced class weights: standardised features, the same numbers, the same steps', async () => {
    const parsed = parseCsv(readFileSync('test/fixtures/import/iris-like.csv'));
    const built = buildTabularDataset(parsed, { target: 'species', task: 'classification', exclude: ['note'], missing: 'impute' });
    const custom: CustomData = { dataset: built.dataset, standardize: built.numericColumns };
    const run = await exported(
      { dataset: 'table', hidden: [8], classWeights: true, minorityShare: 0.4, batchSize: 2048, epochs: 3, lr: 0.05, activation: 'selu' },
      custom,
    );
    await expectSameStepsAndTest(run);
  });

  it('without its data (a very large export), train.py reads data.npz from --data and the README says how', async () => {
    // The same settings train the same model: the first run's data.npz is this one's.
    const run = await exported(MLP_DROPOUT_L2, undefined, false);
    expect(run.files).not.toContain('data.npz');
    expect(readFileSync(`${run.dir}/README.md`, 'utf8')).toMatch(/data\.npz is not in this zip/);
    expectSameTest(run, last(await python(run.dir, ['--evaluate', '--data', `${runs[0].dir}/data.npz`])));
  });

  it('a diverged run exports its last good weights and its README says so', async () => {
    const run = await exported({ ...BLOBS, hidden: [32, 32], optimizer: 'sgd', lr: 10, epochs: 5 });
    expect(run.status).toBe('error');
    expect(run.message).toMatch(/diverged/);
    expect(readFileSync(`${run.dir}/README.md`, 'utf8')).toMatch(/This run diverged/);
    await evaluate(run);
  });

  it('early stopping with restore-best stops and restores as in the browser', async () => {
    // A minimum improvement of 1 (in loss) fails every epoch after the first: both stop at epoch 2, back at epoch 1.
    const run = await exported({ ...BLOBS, earlyStop: true, esPatience: 1, esMinDelta: 1, esRestore: true, epochs: 6, lr: 0.05 });
    expect(run.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(run.history[1].earlyStop).toEqual({ restoredEpoch: 1 });
    const epochs = (await python(run.dir, [])).filter((l) => 'epoch' in l);
    expect(epochs.map((l) => l.epoch)).toEqual([1, 2]);
    expect(epochs[1].early_stop).toEqual({ restored_epoch: 1 });
  });

  it("every optimiser steps as TF.js (and Fitlab's Nadam and Adadelta) does, and evaluates to the browser's numbers", async () => {
    const each: BrowserRun[] = [];
    for (const optimizer of OPTIMIZERS) {
      each.push(
        await exported({ ...BLOBS, optimizer, lr: optimizer === 'adadelta' ? 1 : 0.05, momentum: 0.8, batchSize: 2048, epochs: 3 }),
      );
    }
    await expectSameStepsAndTest(...each);
  });

  it('runs data-parallel under torch.distributed.run with 2 CPU processes (gloo) and prints the test line', async () => {
    const run = runs[0];
    // "3:3" names a local rank that does not exist, leaving every rank's output as it is: Debian 12's torch 1.13
    // cannot parse the defaults ("0") under Python 3.11 (its Std flag enum has no member 0 when iterated).
    const lines = await python(
      run.dir,
      ['--epochs', '1'],
      ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '--redirects', '3:3', '--tee', '3:3'],
    );
    expect(lines.filter((l) => 'epoch' in l)).toHaveLength(1);
    expect(typeof last(lines).test_accuracy).toBe('number');
  });
});
