import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelSummary } from '../../src/core/model/summary';
import { PRESETS } from '../../src/core/preset/presets';
import { defaultSettings, type Settings } from '../../src/core/preset/schema';
import { buildMetricsExport, type ClassificationExport } from '../../src/core/report/metrics-export';
import { makeTestResult, type TestResult } from '../../src/core/train/test-result';
import type { BatchRecord, EpochRecord } from '../../src/core/train/types';
import { applyPreset, dismissUrlNotices, handleTrainerEvent, loadQuery, setLiveUpdateInterval, setSettings } from '../../src/store/actions';
import { idleRun, initialLabState, useLab, type RunState } from '../../src/store/lab';
import { activePresetId, bestEpoch, isTraining, smoothedBatchLoss } from '../../src/store/selectors';
import { isFromTrainer, isToTrainer, type FromTrainer } from '../../src/worker/protocol';

// ---------------------------------------------------------------- fixtures

const epoch = (n: number, val_loss: number, patch: Partial<EpochRecord> = {}): EpochRecord => ({
  epoch: n,
  loss: 1 / n,
  acc: 0.5,
  val_loss,
  val_acc: 0.5,
  val_confusion: null,
  lr: 0.01,
  ms: 12,
  ...patch,
});

const batches = (losses: number[], firstStep = 1): BatchRecord[] =>
  losses.map((loss, i) => ({ epoch: 1, batch: i, step: firstStep + i, loss, acc: 0.5, size: 32 }));

const SUMMARY: ModelSummary = {
  layers: [{ name: 'dense_1', type: 'Dense', outputShape: [2], params: 6 }],
  totalParams: 6,
  trainableParams: 6,
};

/** Two classes, four samples: three right, one wrong. */
const TEST_RESULT: TestResult = makeTestResult(Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.3, 0.7, 0.6, 0.4]), [0, 1, 1, 1], ['a', 'b']);

/** One well-formed event of each type, for run `runId`. */
function eventsOf(runId: string): FromTrainer[] {
  return [
    { type: 'backend', runId, backend: 'cpu', notice: 'slow' },
    { type: 'no-webgl', runId, reason: 'no context' },
    { type: 'phase', runId, phase: 'training' },
    {
      type: 'prepared',
      runId,
      summary: SUMMARY,
      inputShape: [2],
      task: 'classification',
      counts: { train: 60, val: 20, test: 20 },
      noisyLabels: 3,
    },
    { type: 'batches', runId, records: batches([1, 0.9]) },
    { type: 'epoch', runId, record: epoch(1, 0.8), memory: { tensors: 12, bytes: 4096 } },
    { type: 'test', runId, result: TEST_RESULT },
    { type: 'end', runId, status: 'done' },
  ];
}

function startTrainingRun(id: string): RunState {
  const run: RunState = { ...idleRun(), id, status: 'training', phase: 'starting', settings: defaultSettings(), startedAt: 1000 };
  useLab.setState({ run });
  return run;
}

beforeEach(() => {
  useLab.setState(initialLabState(), true);
});

// ---------------------------------------------------------------- selectors

describe('bestEpoch', () => {
  it('is the epoch with the lowest validation loss', () => {
    expect(bestEpoch([epoch(1, 0.9), epoch(2, 0.4), epoch(3, 0.6)])).toBe(2);
    expect(bestEpoch([epoch(1, 0.9), epoch(2, 0.7), epoch(3, 0.3)])).toBe(3);
  });

  it('picks the first of tied epochs', () => {
    expect(bestEpoch([epoch(1, 0.9), epoch(2, 0.5), epoch(3, 0.5)])).toBe(2);
  });

  it('ignores NaN and infinite validation losses', () => {
    expect(bestEpoch([epoch(1, NaN), epoch(2, 0.7), epoch(3, NaN), epoch(4, 0.8)])).toBe(2);
    expect(bestEpoch([epoch(1, 0.7), epoch(2, -Infinity)])).toBe(1);
    expect(bestEpoch([epoch(1, NaN), epoch(2, NaN)])).toBeNull();
  });

  it('is null before the first epoch', () => {
    expect(bestEpoch([])).toBeNull();
  });

  it('reports the record epoch number, not the array position', () => {
    expect(bestEpoch([epoch(5, 0.9), epoch(6, 0.1)])).toBe(6);
  });
});

describe('smoothedBatchLoss', () => {
  it('starts at the first loss thanks to debiasing', () => {
    for (const weight of [0.5, 0.9, 0.99]) {
      const out = smoothedBatchLoss(batches([2.5, 1, 1]), weight);
      expect(out[0].smoothed).toBeCloseTo(2.5, 12);
      expect(out[0].loss).toBe(2.5);
    }
  });

  it('matches a debiased exponential moving average computed by hand', () => {
    // weight 0.5: ema 0.5, 1.25, 2.125; debiased by 1 − 0.5^i: 1, 1.6667, 2.428571…
    const out = smoothedBatchLoss(batches([1, 2, 3]), 0.5);
    expect(out.map((p) => p.smoothed)).toEqual([1, 1.25 / 0.75, 2.125 / 0.875].map((v) => expect.closeTo(v, 12)));
    expect(out.map((p) => p.loss)).toEqual([1, 2, 3]);
    expect(out.map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('turns a constant input into a constant output', () => {
    const out = smoothedBatchLoss(batches(new Array(300).fill(0.7)));
    expect(out).toHaveLength(300);
    for (const p of out) expect(p.smoothed).toBeCloseTo(0.7, 10);
  });

  it('lags behind a step change (smooths)', () => {
    const out = smoothedBatchLoss(batches([...new Array(50).fill(1), ...new Array(5).fill(0)]), 0.9);
    const last = out[out.length - 1];
    expect(last.loss).toBe(0);
    expect(last.smoothed).toBeGreaterThan(0.5);
    expect(last.smoothed).toBeLessThan(1);
  });

  it('thins to at most maxPoints, keeps the last point, and thinned points equal the full series', () => {
    for (const [n, maxPoints] of [
      [1000, 400],
      [401, 400],
      [800, 400],
      [57, 7],
      [5, 10],
      [1, 1],
    ]) {
      const input = batches(
        Array.from({ length: n }, (_, i) => 2 / (1 + i) + (i % 3) * 0.01),
        101,
      );
      const full = smoothedBatchLoss(input, 0.9, Number.MAX_SAFE_INTEGER);
      const thin = smoothedBatchLoss(input, 0.9, maxPoints);
      expect(full).toHaveLength(n);
      expect(thin.length).toBeLessThanOrEqual(maxPoints);
      expect(thin.length).toBeGreaterThanOrEqual(Math.min(n, Math.floor(maxPoints / 2)));
      expect(thin[thin.length - 1]).toEqual(full[n - 1]);
      const byStep = new Map(full.map((p) => [p.step, p]));
      for (const p of thin) expect(p).toEqual(byStep.get(p.step));
    }
  });

  it('is empty for no batches', () => {
    expect(smoothedBatchLoss([])).toEqual([]);
  });
});

describe('activePresetId', () => {
  it("is 'quick' for the defaults (its settings are empty)", () => {
    expect(PRESETS.find((p) => p.id === 'quick')!.settings).toEqual({});
    expect(activePresetId(defaultSettings())).toBe('quick');
  });

  it.each(PRESETS.map((p) => [p.id, p]))('recognises preset %s', (id, p) => {
    expect(activePresetId({ ...defaultSettings(), ...structuredClone(p.settings) })).toBe(id);
  });

  it('is null once a field is edited', () => {
    expect(activePresetId({ ...defaultSettings(), lr: 0.02 })).toBeNull();
    const cifar = PRESETS.find((p) => p.id === 'cifar-cnn')!;
    expect(activePresetId({ ...defaultSettings(), ...structuredClone(cifar.settings), epochs: 11 })).toBeNull();
  });

  it('ignores object identity (compares values)', () => {
    const s: Settings = JSON.parse(JSON.stringify({ ...defaultSettings(), ...PRESETS[1].settings }));
    expect(activePresetId(s)).toBe(PRESETS[1].id);
  });
});

describe('isTraining', () => {
  it('is true only while a run is training', () => {
    expect(isTraining(useLab.getState())).toBe(false);
    startTrainingRun('r');
    expect(isTraining(useLab.getState())).toBe(true);
  });
});

// ---------------------------------------------------------------- metrics export

describe('buildMetricsExport', () => {
  const history = [epoch(1, 0.8), epoch(2, 0.6)];
  const settings = { ...defaultSettings(), lr: 0.005 };
  const now = new Date('2024-05-06T07:08:09.000Z');

  it('has settings, backend, status, the history and the test summary', () => {
    const e = buildMetricsExport({ settings, backend: 'webgl', status: 'done', history, test: TEST_RESULT, now });
    expect(e.fitlab).toBe(1);
    expect(e.exportedAt).toBe('2024-05-06T07:08:09.000Z');
    expect(e.settings).toEqual(settings);
    expect(e.backend).toBe('webgl');
    expect(e.status).toBe('done');
    expect(e.history).toHaveLength(2);
    for (const r of e.history) {
      expect(Object.keys(r).sort()).toEqual(['acc', 'epoch', 'loss', 'lr', 'ms', 'val_acc', 'val_confusion', 'val_loss']);
    }
    expect(e.history).toEqual(history);
    // The curves (test.roc / test.pr) are checked in metrics-export-curves.test.ts.
    const { report, roc, pr, ...summary } = e.test as ClassificationExport;
    expect(roc).toHaveLength(2);
    expect(pr).toHaveLength(2);
    expect(summary).toEqual({
      task: 'classification',
      loss: TEST_RESULT.loss,
      accuracy: 0.75,
      confusionMatrix: [
        [1, 0],
        [1, 2],
      ],
      classNames: ['a', 'b'],
      count: 4,
    });
    // Labels [0, 1, 1, 1], predictions [0, 1, 1, 0]: class a precision 1/2, recall 1; class b precision 1, recall 2/3.
    expect(report.perClass.map((c) => [c.precision, c.recall, c.support])).toEqual([
      [0.5, 1, 1],
      [1, 2 / 3, 3],
    ]);
    expect(report.accuracy).toBe(0.75);
  });

  it('copies history records (later edits of the run do not change an export)', () => {
    const h = [epoch(1, 0.8)];
    const e = buildMetricsExport({ settings, backend: null, status: 'stopped', history: h, test: null, now });
    h[0].loss = 99;
    h.push(epoch(2, 0.1));
    expect(e.history).toEqual([epoch(1, 0.8)]);
    expect(e.test).toBeNull();
    expect(e.backend).toBeNull();
  });

  it('leaves out per-sample test data and survives a JSON round trip', () => {
    const e = buildMetricsExport({ settings, backend: 'cpu', status: 'done', history, test: TEST_RESULT, now });
    expect(e.test).not.toHaveProperty('labels');
    expect(e.test).not.toHaveProperty('predictions');
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('stamps the current time when no date is given', () => {
    const before = Date.now();
    const e = buildMetricsExport({ settings, backend: null, status: 'idle', history: [], test: null });
    const t = Date.parse(e.exportedAt);
    expect(t).toBeGreaterThanOrEqual(before - 1000);
    expect(t).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

// ---------------------------------------------------------------- protocol guards

describe('isFromTrainer', () => {
  it.each(eventsOf('run-1').map((e) => [e.type, e]))('accepts a well-formed %s event', (_type, e) => {
    expect(isFromTrainer(e)).toBe(true);
  });

  it('accepts every end status', () => {
    for (const status of ['done', 'stopped', 'error']) expect(isFromTrainer({ type: 'end', runId: 'r', status })).toBe(true);
  });

  const BAD: [string, unknown][] = [
    ['null', null],
    ['a string', 'end'],
    ['a number', 42],
    ['an array', [{ type: 'end', runId: 'r', status: 'done' }]],
    ['missing runId', { type: 'phase', phase: 'training' }],
    ['numeric runId', { type: 'phase', runId: 1, phase: 'training' }],
    ['missing type', { runId: 'r' }],
    ['unknown type', { type: 'progress', runId: 'r' }],
    ['numeric type', { type: 3, runId: 'r' }],
    ['batches without an array', { type: 'batches', runId: 'r', records: { length: 1 } }],
    ['epoch without a record', { type: 'epoch', runId: 'r' }],
    ['epoch with a null record', { type: 'epoch', runId: 'r', record: null }],
    ['epoch without memory', { type: 'epoch', runId: 'r', record: {} }],
    ['prepared without counts', { type: 'prepared', runId: 'r', summary: SUMMARY, noisyLabels: 0 }],
    ['prepared with a string summary', { type: 'prepared', runId: 'r', summary: 'x', counts: {}, noisyLabels: 0 }],
    ['test with a string result', { type: 'test', runId: 'r', result: 'good' }],
    ['end with an unknown status', { type: 'end', runId: 'r', status: 'finished' }],
    ['end without a status', { type: 'end', runId: 'r' }],
    ['prepared without an input shape', { type: 'prepared', runId: 'r', summary: SUMMARY, counts: {}, noisyLabels: 0 }],
    ['boundary without a grid', { type: 'boundary', runId: 'r', epoch: 1 }],
    ['analysis with neither result nor error', { type: 'analysis', runId: 'r', requestId: 1 }],
    ['analysis without a request id', { type: 'analysis', runId: 'r', error: 'x' }],
  ];

  it.each(BAD)('rejects %s', (_what, m) => {
    expect(isFromTrainer(m)).toBe(false);
  });

  it('only accepts trainer→UI messages (not commands)', () => {
    expect(isFromTrainer({ type: 'start', runId: 'r', query: '', assetBase: '/' })).toBe(false);
    expect(isFromTrainer({ type: 'stop', runId: 'r' })).toBe(false);
  });
});

describe('isToTrainer', () => {
  it('accepts start and stop', () => {
    expect(isToTrainer({ type: 'start', runId: 'r', query: 'lr=0.1', assetBase: 'http://x/' })).toBe(true);
    expect(isToTrainer({ type: 'start', runId: 'r', query: '', assetBase: '' })).toBe(true);
    expect(isToTrainer({ type: 'stop', runId: 'r' })).toBe(true);
  });

  it('accepts well-formed analysis requests', () => {
    const robustness = { kind: 'robustness', perturbation: 'rotation', strengths: [0, 10, 20] };
    expect(isToTrainer({ type: 'analyse', runId: 'r', requestId: 1, request: robustness })).toBe(true);
    expect(isToTrainer({ type: 'analyse', runId: 'r', requestId: 2, request: { kind: 'explain', testIndex: 4 } })).toBe(true);
    expect(isToTrainer({ type: 'analyse', runId: 'r', requestId: 3, request: { kind: 'explain', testIndex: 4, classIndex: 1 } })).toBe(
      true,
    );
  });

  const BAD: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'stop'],
    ['stop without runId', { type: 'stop' }],
    ['start without runId', { type: 'start', query: '', assetBase: '' }],
    ['numeric runId', { type: 'stop', runId: 7 }],
    ['start without query', { type: 'start', runId: 'r', assetBase: '' }],
    ['start with a numeric query', { type: 'start', runId: 'r', query: 1, assetBase: '' }],
    ['start without assetBase', { type: 'start', runId: 'r', query: '' }],
    ['unknown type', { type: 'pause', runId: 'r' }],
    ['missing type', { runId: 'r', query: '', assetBase: '' }],
    ['an event', { type: 'end', runId: 'r', status: 'done' }],
    ['analyse without a request id', { type: 'analyse', runId: 'r', request: { kind: 'explain', testIndex: 0 } }],
    ['analyse of an unknown kind', { type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'prune' } }],
    [
      'robustness of an unknown perturbation',
      { type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'robustness', perturbation: 'blur', strengths: [0] } },
    ],
    [
      'robustness with a NaN strength',
      { type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'robustness', perturbation: 'noise', strengths: [0, NaN] } },
    ],
    [
      'robustness with too many strengths',
      {
        type: 'analyse',
        runId: 'r',
        requestId: 1,
        request: { kind: 'robustness', perturbation: 'noise', strengths: new Array(33).fill(0) },
      },
    ],
    ['explain with a fractional index', { type: 'analyse', runId: 'r', requestId: 1, request: { kind: 'explain', testIndex: 1.5 } }],
  ];

  it.each(BAD)('rejects %s', (_what, m) => {
    expect(isToTrainer(m)).toBe(false);
  });
});

// ---------------------------------------------------------------- store actions

describe('handleTrainerEvent', () => {
  it('ignores events of another run, leaving the state untouched', () => {
    startTrainingRun('run-2');
    const before = useLab.getState();
    for (const e of eventsOf('run-1')) handleTrainerEvent(e);
    expect(useLab.getState()).toBe(before);
    expect(useLab.getState().run.status).toBe('training');
  });

  it('ignores events when no run is active', () => {
    const before = useLab.getState();
    for (const e of eventsOf('run-1')) handleTrainerEvent(e);
    expect(useLab.getState()).toBe(before);
  });

  it('with a live-update interval, coalesces streamed events into one update and keeps their order', () => {
    vi.useFakeTimers();
    setLiveUpdateInterval(200);
    try {
      startTrainingRun('run-8');
      const id = 'run-8';
      const updates: number[] = [];
      const unsubscribe = useLab.subscribe((s) => updates.push(s.run.history.length));
      handleTrainerEvent({ type: 'batches', runId: id, records: batches([1.0, 0.9]) });
      handleTrainerEvent({ type: 'epoch', runId: id, record: epoch(1, 0.7), memory: { tensors: 12, bytes: 4096 } });
      handleTrainerEvent({ type: 'epoch', runId: id, record: epoch(2, 0.6), memory: { tensors: 12, bytes: 4096 } });
      // Nothing drawn yet: the three events wait for the interval.
      expect(useLab.getState().run.history).toEqual([]);
      vi.advanceTimersByTime(200);
      expect(useLab.getState().run.history).toEqual([epoch(1, 0.7), epoch(2, 0.6)]);
      expect(useLab.getState().run.batches).toHaveLength(2);
      expect(updates).toEqual([2]);
      // Any other event first applies what is waiting, so the end never overtakes the last epoch.
      handleTrainerEvent({ type: 'epoch', runId: id, record: epoch(3, 0.5), memory: { tensors: 12, bytes: 4096 } });
      handleTrainerEvent({ type: 'end', runId: id, status: 'done' });
      expect(useLab.getState().run.history).toHaveLength(3);
      expect(useLab.getState().run.status).toBe('done');
      unsubscribe();
    } finally {
      setLiveUpdateInterval(0);
      vi.useRealTimers();
    }
  });

  it('folds backend → prepared → batches → epochs → test → end into the run', () => {
    const started = startTrainingRun('run-7');
    const id = 'run-7';
    handleTrainerEvent({ type: 'backend', runId: id, backend: 'cpu', notice: 'Training on the main thread.' });
    handleTrainerEvent({ type: 'phase', runId: id, phase: 'loading' });
    handleTrainerEvent({
      type: 'prepared',
      runId: id,
      summary: SUMMARY,
      inputShape: [2],
      task: 'classification',
      counts: { train: 60, val: 20, test: 20 },
      noisyLabels: 3,
    });
    handleTrainerEvent({ type: 'phase', runId: id, phase: 'training' });
    let run = useLab.getState().run;
    expect(run).toMatchObject({
      backend: 'cpu',
      backendNotice: 'Training on the main thread.',
      phase: 'training',
      summary: SUMMARY,
      noisyLabels: 3,
    });
    expect(run.counts).toEqual({ train: 60, val: 20, test: 20 });

    handleTrainerEvent({ type: 'batches', runId: id, records: batches([1.0, 0.9]) });
    handleTrainerEvent({ type: 'batches', runId: id, records: batches([0.8], 3) });
    handleTrainerEvent({ type: 'epoch', runId: id, record: epoch(1, 0.7), memory: { tensors: 12, bytes: 4096 } });
    handleTrainerEvent({ type: 'no-webgl', runId: id, reason: 'ignored here' });
    handleTrainerEvent({ type: 'epoch', runId: id, record: epoch(2, 0.6), memory: { tensors: 12, bytes: 4096 } });
    run = useLab.getState().run;
    expect(run.batches.map((b) => b.step)).toEqual([1, 2, 3]);
    expect(run.batches.map((b) => b.loss)).toEqual([1.0, 0.9, 0.8]);
    expect(run.history).toEqual([epoch(1, 0.7), epoch(2, 0.6)]);
    expect(run.memory).toEqual([
      { tensors: 12, bytes: 4096 },
      { tensors: 12, bytes: 4096 },
    ]);
    expect(run.status).toBe('training');

    handleTrainerEvent({ type: 'phase', runId: id, phase: 'evaluating' });
    handleTrainerEvent({ type: 'test', runId: id, result: TEST_RESULT });
    const t0 = Date.now();
    handleTrainerEvent({ type: 'end', runId: id, status: 'done' });
    run = useLab.getState().run;
    expect(run.test).toBe(TEST_RESULT);
    expect(run.status).toBe('done');
    expect(run.phase).toBeNull();
    expect(run.error).toBeNull();
    expect(run.endedAt).toBeGreaterThanOrEqual(t0);
    // Untouched fields are kept.
    expect(run.id).toBe(id);
    expect(run.settings).toEqual(defaultSettings());
    expect(run.startedAt).toBe(1000);
    // The state is replaced, never mutated: the first snapshot still shows the run as it started.
    expect(started.batches).toEqual([]);
    expect(started.history).toEqual([]);
    expect(started.status).toBe('training');
  });

  it('records the error message of a failed run', () => {
    startTrainingRun('run-9');
    handleTrainerEvent({ type: 'end', runId: 'run-9', status: 'error', message: 'Out of memory.' });
    expect(useLab.getState().run).toMatchObject({ status: 'error', error: 'Out of memory.', phase: null });
  });

  it('a backend event without a notice clears the notice', () => {
    startTrainingRun('run-3');
    handleTrainerEvent({ type: 'backend', runId: 'run-3', backend: 'webgl', notice: 'first' });
    handleTrainerEvent({ type: 'backend', runId: 'run-3', backend: 'webgl' });
    expect(useLab.getState().run.backendNotice).toBeNull();
  });
});

describe('settings actions', () => {
  it('setSettings patches the settings only', () => {
    setSettings({ lr: 0.5, hidden: [4] });
    expect(useLab.getState().settings).toEqual({ ...defaultSettings(), lr: 0.5, hidden: [4] });
    expect(useLab.getState().run).toEqual(idleRun());
  });

  it('applyPreset loads a preset over the defaults and ignores unknown ids', () => {
    setSettings({ epochs: 3 });
    applyPreset('overfit-cnn');
    const preset = PRESETS.find((p) => p.id === 'overfit-cnn')!;
    expect(useLab.getState().settings).toEqual({ ...defaultSettings(), ...preset.settings });
    const before = useLab.getState().settings;
    applyPreset('no-such-preset');
    expect(useLab.getState().settings).toBe(before);
  });

  it('loadQuery decodes settings and keeps notices until dismissed', () => {
    loadQuery('?lr=0.2&n=abc');
    expect(useLab.getState().settings.lr).toBe(0.2);
    expect(useLab.getState().urlNotices).toHaveLength(1);
    expect(useLab.getState().urlNotices[0]).toContain('"n"');
    dismissUrlNotices();
    expect(useLab.getState().urlNotices).toEqual([]);
  });
});
