import { describe, expect, it } from 'vitest';
import { compareMetrics, diffSettings, overlayCurves } from '../../src/core/history/compare';
import { RUNS_FILE_KIND, RUNS_FILE_VERSION, parseRunsFile, serializeRuns } from '../../src/core/history/file';
import { assignIds, buildRunRecord, headlineScore, type FinishedRunInput, type RunRecord } from '../../src/core/history/record';
import { decodeSettings, encodeSettings } from '../../src/core/preset/codec';
import { defaultSettings, type Settings } from '../../src/core/preset/schema';
import type { RegressionTestResult, TestResult } from '../../src/core/train/test-result';
import type { EpochRecord } from '../../src/core/train/types';

// ---------------------------------------------------------------- fixtures

const epoch = (n: number, loss: number, valLoss = loss + 0.1): EpochRecord => ({
  epoch: n,
  loss,
  acc: 1 - loss / 2,
  val_loss: valLoss,
  val_acc: 1 - valLoss / 2,
  lr: 0.03,
  val_confusion: [
    [5, 1],
    [2, 4],
  ],
  ms: 12,
});

/** 4 test samples, 3 right: accuracy 0.75. */
const classification: TestResult = {
  task: 'classification',
  count: 4,
  loss: 0.5,
  accuracy: 0.75,
  confusionMatrix: [
    [2, 0],
    [1, 1],
  ],
  classNames: ['a', 'b'],
  labels: [0, 0, 1, 1],
  predictions: [0, 0, 0, 1],
  probabilities: [0.9, 0.1, 0.8, 0.2, 0.6, 0.4, 0.3, 0.7],
  indices: [0, 1, 2, 3],
};

const regression: RegressionTestResult = {
  task: 'regression',
  count: 2,
  loss: 0.02,
  lossKind: 'mse',
  metrics: { mae: 0.1, mse: 0.02, rmse: Math.sqrt(0.02), r2: 0.9 },
  targets: [1, 2],
  predictions: [1.1, 1.9],
  indices: [0, 1],
  inputs: [[0], [1]],
};

function runLike(patch: Partial<FinishedRunInput> = {}): FinishedRunInput {
  return {
    id: 'run-abc-1',
    status: 'done',
    settings: { ...defaultSettings(), epochs: 3, seed: 7 },
    backend: 'webgl',
    history: [epoch(1, 0.7), epoch(2, 0.5), epoch(3, 0.4)],
    test: classification,
    error: null,
    startedAt: 1_000,
    endedAt: 4_500,
    ...patch,
  };
}

const NOW = new Date('2025-03-04T05:06:07.000Z');
const record = (patch: Partial<FinishedRunInput> = {}): RunRecord => buildRunRecord(runLike(patch), { now: NOW })!;

// ---------------------------------------------------------------- record

describe('buildRunRecord', () => {
  it('keeps settings, history, test summary, duration, backend, status, share query and a readable name', () => {
    const r = record();
    expect(r.id).toBe('run-abc-1');
    expect(r.status).toBe('done');
    expect(r.backend).toBe('webgl');
    expect(r.durationMs).toBe(3_500);
    expect(r.createdAt).toBe(NOW.toISOString());
    expect(r.settings.seed).toBe(7);
    expect(r.query).toBe(encodeSettings(r.settings));
    expect(decodeSettings(r.query).settings).toEqual(r.settings);
    expect(r.name).toContain('spiral');
    expect(r.name).toContain('seed 7');
    expect(r.history).toHaveLength(3);
    expect(r.history[2].val_loss).toBeCloseTo(0.5, 12);
    // The test summary is the metrics export's: no per-sample arrays, with a classification report.
    expect(r.test).toMatchObject({ task: 'classification', accuracy: 0.75, count: 4, loss: 0.5 });
    expect(r.test && 'probabilities' in r.test).toBe(false);
    expect(r.test?.task === 'classification' && r.test.report.accuracy).toBe(0.75);
    expect(headlineScore(r)).toEqual({ label: 'accuracy', value: 0.75 });
  });

  it('copies rather than shares the run’s settings and history', () => {
    const input = runLike();
    const r = buildRunRecord(input, { now: NOW })!;
    input.settings!.hidden.push(99);
    input.history[0].loss = 42;
    expect(r.settings.hidden).toEqual(defaultSettings().hidden);
    expect(r.history[0].loss).toBeCloseTo(0.7, 12);
  });

  it('records regression runs with R² as their headline', () => {
    const r = record({ settings: { ...defaultSettings(), dataset: 'sine' }, test: regression });
    expect(r.test).toEqual({ task: 'regression', loss: 0.02, count: 2, mae: 0.1, mse: 0.02, rmse: Math.sqrt(0.02), r2: 0.9 });
    expect(headlineScore(r)).toEqual({ label: 'R²', value: 0.9 });
  });

  it('records stopped and failed runs, and refuses idle or training ones', () => {
    expect(record({ status: 'stopped', test: null }).status).toBe('stopped');
    const failed = record({ status: 'error', error: 'diverged', history: [], test: null, endedAt: null });
    expect(failed).toMatchObject({ status: 'error', error: 'diverged', durationMs: null, test: null });
    expect(headlineScore(failed)).toBeNull();
    expect(buildRunRecord(runLike({ status: 'training' }))).toBeNull();
    expect(buildRunRecord(runLike({ status: 'idle' }))).toBeNull();
    expect(buildRunRecord(runLike({ settings: null }))).toBeNull();
  });

  it('gives a run without an id a fresh one', () => {
    const a = buildRunRecord(runLike({ id: null }))!;
    const b = buildRunRecord(runLike({ id: null }))!;
    expect(a.id).toMatch(/^run-/);
    expect(a.id).not.toBe(b.id);
  });
});

// ---------------------------------------------------------------- files

describe('runs files', () => {
  it('round-trips runs, NaN included (JSON writes it as null)', () => {
    const noVal = record({ id: 'r2', history: [{ ...epoch(1, 0.6), val_loss: NaN, val_acc: NaN, val_confusion: null }] });
    const runs = [record(), noVal, record({ id: 'r3', settings: { ...defaultSettings(), dataset: 'sine' }, test: regression })];
    const text = serializeRuns(runs, NOW);
    expect(JSON.parse(text)).toMatchObject({ kind: RUNS_FILE_KIND, version: RUNS_FILE_VERSION, exportedAt: NOW.toISOString() });
    const parsed = parseRunsFile(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.runs).toHaveLength(3);
    expect(parsed.runs[0]).toEqual(runs[0]);
    expect(parsed.runs[2]).toEqual(runs[2]);
    expect(parsed.runs[1].history[0].val_loss).toBeNaN();
    expect(parsed.runs[1].history[0].val_confusion).toBeNull();
  });

  it('keeps an early-stop marker on the epoch that has one', () => {
    const stopped = record({ history: [epoch(1, 0.6), { ...epoch(2, 0.5), earlyStop: { restoredEpoch: 1 } }] });
    const parsed = parseRunsFile(serializeRuns([stopped]));
    expect(parsed.ok && parsed.runs[0].history).toEqual(stopped.history);
    expect(parsed.ok && 'earlyStop' in parsed.runs[0].history[0]).toBe(false);
  });

  it('refuses text that is not JSON, with a message', () => {
    const r = parseRunsFile('{"kind": "fitlab-runs", ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not valid JSON/);
    for (const text of ['', 'hello', '\u0000\u0001']) expect(parseRunsFile(text).ok).toBe(false);
  });

  it('refuses JSON that is not a runs file', () => {
    for (const text of ['null', '42', '"x"', '[]', '{}', '{"kind": "something-else", "version": 1, "runs": []}']) {
      const r = parseRunsFile(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/not a Fitlab runs file/);
    }
  });

  it('refuses other versions, saying which', () => {
    const file = JSON.parse(serializeRuns([record()]));
    const newer = parseRunsFile(JSON.stringify({ ...file, version: 2 }));
    expect(newer).toEqual({ ok: false, error: expect.stringMatching(/version 2, from a newer Fitlab/) });
    const odd = parseRunsFile(JSON.stringify({ ...file, version: 'one' }));
    expect(odd).toEqual({ ok: false, error: expect.stringMatching(/Unsupported runs file version "one"/) });
    expect(parseRunsFile(JSON.stringify({ ...file, runs: [] }))).toEqual({ ok: false, error: expect.stringMatching(/no runs/) });
    expect(parseRunsFile(JSON.stringify({ ...file, runs: 'x' }))).toEqual({ ok: false, error: expect.stringMatching(/no "runs" list/) });
  });

  /** A valid file with one field of its second run changed. */
  function withBadRun(mutate: (run: Record<string, any>) => void): string {
    const file = JSON.parse(serializeRuns([record({ id: 'good' }), record({ id: 'bad' })]));
    mutate(file.runs[1]);
    return JSON.stringify(file);
  }

  it.each([
    ['settings missing', (r: any) => delete r.settings, /Run 2 .*"settings" is missing/],
    ['history missing', (r: any) => delete r.history, /Run 2 .*"history" is missing/],
    ['id missing', (r: any) => delete r.id, /"id" is missing/],
    ['status missing', (r: any) => delete r.status, /"status" is missing/],
    ['createdAt missing', (r: any) => delete r.createdAt, /"createdAt" is missing/],
    ['epoch loss missing', (r: any) => delete r.history[1].loss, /"history\[1\].loss" is missing/],
    ['epoch loss as text', (r: any) => (r.history[0].loss = '0.5'), /"history\[0\].loss" is not a number/],
    ['status unknown', (r: any) => (r.status = 'training'), /"status" must be done, stopped, error or interrupted/],
    ['bad date', (r: any) => (r.createdAt = 'yesterday'), /"createdAt" is not a date/],
    ['setting out of range', (r: any) => (r.settings.epochs = 100000), /setting "epochs": Epochs: 100000 is outside/],
    [
      'setting of the wrong type',
      (r: any) => (r.settings.hidden = '32,32'),
      /setting "hidden": Hidden layers: "32,32" is not a list of sizes/,
    ],
    ['unknown dataset', (r: any) => (r.settings.dataset = 'imagenet'), /setting "dataset"/],
    ['test accuracy missing', (r: any) => delete r.test.accuracy, /"test.accuracy" is missing/],
    ['unknown test task', (r: any) => (r.test.task = 'ranking'), /"test.task"/],
    ['run not an object', (r: any) => Object.assign(r, { settings: 5 }), /"settings" is not an object/],
  ])('refuses a run with %s, naming the run and the field', (_, mutate, message) => {
    const r = parseRunsFile(withBadRun(mutate));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.error).toMatch(/^Run 2/);
    }
  });

  it('fills settings a file lacks with their defaults, drops unknown ones, and re-derives the share query', () => {
    const text = withBadRun((r) => {
      delete r.settings.noise;
      r.settings.fromTheFuture = true;
      r.query = 'seed=999';
    });
    const parsed = parseRunsFile(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const s = parsed.runs[1].settings as Settings & { fromTheFuture?: boolean };
    expect(s.noise).toBe(defaultSettings().noise);
    expect(s.fromTheFuture).toBeUndefined();
    expect(parsed.runs[1].query).toBe(encodeSettings(s));
  });

  it('reads a metrics export (Export metrics) as one run', () => {
    const metricsFile = {
      fitlab: 1,
      exportedAt: NOW.toISOString(),
      settings: { ...defaultSettings(), seed: 3 },
      backend: 'cpu',
      status: 'done',
      history: [epoch(1, 0.6)],
      test: { task: 'regression', loss: 0.1, count: 5, mae: 0.2, mse: 0.1, rmse: 0.3, r2: null },
    };
    const parsed = parseRunsFile(JSON.stringify(metricsFile));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.runs[0]).toMatchObject({ backend: 'cpu', status: 'done', createdAt: NOW.toISOString() });
    expect(parsed.runs[0].settings.seed).toBe(3);
    expect(parsed.runs[0].test?.task === 'regression' && parsed.runs[0].test.r2).toBeNaN();
  });
});

// ---------------------------------------------------------------- ids

describe('assignIds', () => {
  const ids = () => {
    let n = 0;
    return () => `new-${++n}`;
  };

  it('keeps free ids and replaces ids already stored', () => {
    const incoming = [record({ id: 'a' }), record({ id: 'b' }), record({ id: 'c' })];
    const { runs, changed } = assignIds(incoming, ['b', 'x'], ids());
    expect(runs.map((r) => r.id)).toEqual(['a', 'new-1', 'c']);
    expect(changed).toBe(1);
    expect(incoming[1].id).toBe('b'); // inputs untouched
    expect(runs[1].name).toBe(incoming[1].name);
  });

  it('replaces ids repeated within the file, and skips generated ids that are taken too', () => {
    const { runs, changed } = assignIds([record({ id: 'a' }), record({ id: 'a' }), record({ id: 'new-1' })], ['new-2'], ids());
    expect(runs.map((r) => r.id)).toEqual(['a', 'new-1', 'new-3']);
    expect(changed).toBe(2);
    expect(new Set(runs.map((r) => r.id)).size).toBe(3);
  });

  it('importing the same file twice adds copies with new ids', () => {
    const first = parseRunsFile(serializeRuns([record({ id: 'a' }), record({ id: 'b' })]));
    if (!first.ok) throw new Error(first.error);
    const again = assignIds(
      first.runs,
      first.runs.map((r) => r.id),
    );
    expect(again.changed).toBe(2);
    expect(again.runs.every((r) => r.id !== 'a' && r.id !== 'b')).toBe(true);
  });
});

// ---------------------------------------------------------------- comparison

describe('diffSettings', () => {
  it('lists only the settings that differ, with the schema labels, in schema order', () => {
    const a = { ...defaultSettings(), seed: 1, epochs: 3 };
    const b = { ...defaultSettings(), seed: 2, epochs: 3, hidden: [64], dropout: true };
    const d = diffSettings([a, b]);
    expect(d.map((x) => x.name)).toEqual(['seed', 'hidden', 'dropout']);
    expect(d[0]).toEqual({ name: 'seed', label: 'Seed', values: ['1', '2'] });
    expect(d[1].values).toEqual(['32,32', '64']);
    expect(d[2].values).toEqual(['off', 'on']);
  });

  it('finds nothing between equal settings (arrays compared by value) and keeps a key if any one of 3 runs differs', () => {
    expect(diffSettings([defaultSettings(), defaultSettings()])).toEqual([]);
    expect(diffSettings([defaultSettings()])).toEqual([]);
    const c = { ...defaultSettings(), lr: 0.001 };
    const d = diffSettings([defaultSettings(), defaultSettings(), c]);
    expect(d).toEqual([{ name: 'lr', label: 'Learning rate', values: ['0.03', '0.03', '0.001'] }]);
  });

  it('shows an empty list as none', () => {
    const d = diffSettings([defaultSettings(), { ...defaultSettings(), hidden: [] }]);
    expect(d[0].values).toEqual(['32,32', 'none']);
  });
});

describe('overlayCurves and compareMetrics', () => {
  it('merges runs of different lengths on the epoch, with null where a run has no value', () => {
    const rows = overlayCurves(
      [
        [epoch(1, 0.7), epoch(2, 0.5)],
        [epoch(1, 0.9), epoch(2, 0.6), { ...epoch(3, 0.4), val_loss: NaN }],
      ],
      'loss',
    );
    expect(rows.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(rows[0]).toEqual({ epoch: 1, t0: 0.7, v0: 0.7 + 0.1, t1: 0.9, v1: 0.9 + 0.1 });
    expect(rows[2]).toEqual({ epoch: 3, t0: null, v0: null, t1: 0.4, v1: null });
    expect(overlayCurves([[epoch(1, 0.4)]], 'acc')[0]).toEqual({ epoch: 1, t0: 0.8, v0: 1 - 0.5 / 2 });
  });

  it('puts test metrics side by side with the difference from the first run', () => {
    const a = record();
    const b = record({ test: { ...classification, accuracy: 0.5, loss: 0.7 } });
    const rows = compareMetrics([a, b]);
    const acc = rows.find((r) => r.key === 'accuracy')!;
    expect(acc.values).toEqual([0.75, 0.5]);
    expect(acc.deltas[0]).toBeNull();
    expect(acc.deltas[1]).toBeCloseTo(-0.25, 12);
    expect(rows.find((r) => r.key === 'loss')!.deltas[1]).toBeCloseTo(0.2, 12);
    expect(rows.some((r) => r.key === 'r2')).toBe(false);
  });

  it('leaves a blank (no delta) where a run lacks the metric', () => {
    const reg = record({ settings: { ...defaultSettings(), dataset: 'sine' }, test: regression });
    const rows = compareMetrics([record(), reg, record({ status: 'error', test: null })]);
    const r2 = rows.find((r) => r.key === 'r2')!;
    expect(r2.values).toEqual([null, 0.9, null]);
    expect(r2.deltas).toEqual([null, null, null]);
    const loss = rows.find((r) => r.key === 'loss')!;
    expect(loss.values).toEqual([0.5, 0.02, null]);
    expect(loss.deltas[1]).toBeCloseTo(-0.48, 12);
  });
});
