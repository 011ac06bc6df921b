import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildRunRecord, type RunRecord } from '../../src/core/history/record';
import { defaultSettings } from '../../src/core/preset/schema';
import type { EpochRecord } from '../../src/core/train/types';
import { handleTrainerEvent, pauseRun, resumeRun, setPace, stepRun, togglePause } from '../../src/store/actions';
import { initialHistoryState, useHistory } from '../../src/store/history';
import { idleRun, initialLabState, useLab } from '../../src/store/lab';
import { REPLAY_PACE, closeReplay, seekReplay, startHistoryReplay, startReplay, toggleReplayPlaying } from '../../src/store/replay';
import { visibleEpochs } from '../../src/store/selectors';
import { isFromTrainer, isToTrainer } from '../../src/worker/protocol';

// The history list holds summaries; a replay reads the full record from storage, here a map.
const storedRuns = new Map<string, RunRecord>();
vi.mock('../../src/store/history-db', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getRuns: async (ids: string[]) => ids.flatMap((id) => storedRuns.get(id) ?? []),
}));

const epoch = (n: number): EpochRecord => ({
  epoch: n,
  loss: 1 / n,
  acc: n / 20,
  val_loss: 0.5 + Math.abs(n - 7) / 20,
  val_acc: 0.5,
  val_confusion: [
    [n, 1],
    [2, 3],
  ],
  lr: 0.01,
  ms: 5,
});
const HISTORY = Array.from({ length: 12 }, (_, i) => epoch(i + 1));

function finishedRun(history = HISTORY): void {
  useLab.setState({ run: { ...idleRun(), id: 'run-a', status: 'done', settings: defaultSettings(), history } });
}

beforeEach(() => {
  vi.useFakeTimers();
  useLab.setState(initialLabState(), true);
  useHistory.setState(initialHistoryState(), true);
});
afterEach(() => {
  closeReplay();
  vi.useRealTimers();
});

describe('visibleEpochs', () => {
  it('is the history itself outside a replay, and the same prefix array for the same position', () => {
    expect(visibleEpochs(HISTORY, null)).toBe(HISTORY);
    expect(visibleEpochs(HISTORY, 12)).toBe(HISTORY);
    const five = visibleEpochs(HISTORY, 5);
    expect(five.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(visibleEpochs(HISTORY, 5)).toBe(five);
    expect(five[4]).toBe(HISTORY[4]); // the records themselves, not copies
  });
});

describe('replay', () => {
  it('plays the current run from epoch 1 at the pace and ends on the full, same history', () => {
    finishedRun();
    useLab.setState((s) => ({ settings: { ...s.settings, pace: 2 } }));
    startReplay();
    expect(useLab.getState().view.replay).toEqual({ source: 'current', shown: 1, playing: true });
    vi.advanceTimersByTime(499);
    expect(useLab.getState().view.replay?.shown).toBe(1);
    vi.advanceTimersByTime(1);
    expect(useLab.getState().view.replay?.shown).toBe(2);
    vi.advanceTimersByTime(500 * 10);
    const replay = useLab.getState().view.replay!;
    expect(replay).toEqual({ source: 'current', shown: 12, playing: false });
    expect(visibleEpochs(useLab.getState().run.history, replay.shown)).toBe(HISTORY);
    vi.advanceTimersByTime(5000);
    expect(useLab.getState().view.replay?.shown).toBe(12);
  });

  it('uses REPLAY_PACE when the pace is "as fast as possible"; the scrubber jumps and pauses', () => {
    finishedRun();
    startReplay();
    vi.advanceTimersByTime(1000);
    expect(useLab.getState().view.replay?.shown).toBe(1 + REPLAY_PACE);
    seekReplay(9);
    expect(useLab.getState().view.replay).toMatchObject({ shown: 9, playing: false });
    vi.advanceTimersByTime(2000);
    expect(useLab.getState().view.replay?.shown).toBe(9);
    seekReplay(99);
    expect(useLab.getState().view.replay?.shown).toBe(12);
    seekReplay(-3);
    expect(useLab.getState().view.replay?.shown).toBe(1);
    // Play at the end starts over from epoch 1.
    seekReplay(12);
    toggleReplayPlaying();
    expect(useLab.getState().view.replay).toMatchObject({ shown: 1, playing: true });
    closeReplay();
    expect(useLab.getState().view.replay).toBeNull();
  });

  it('replays a history run by id, read from storage, and nothing while a run trains or without epochs', async () => {
    const record = buildRunRecord({
      id: 'old',
      status: 'done',
      settings: defaultSettings(),
      backend: 'cpu',
      history: HISTORY.slice(0, 8),
      test: null,
      error: null,
      startedAt: 0,
      endedAt: 1,
    })!;
    storedRuns.set('old', record);
    expect(await startHistoryReplay('missing')).toBe(false);
    expect(useLab.getState().view.replay).toBeNull();
    startReplay('current'); // the lab has no run yet
    expect(useLab.getState().view.replay).toBeNull();
    useLab.setState({ run: { ...idleRun(), id: 'live', status: 'training' } });
    expect(await startHistoryReplay('old')).toBe(false);
    expect(useLab.getState().view.replay).toBeNull();
    useLab.setState({ run: idleRun() });
    expect(await startHistoryReplay('old')).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(useLab.getState().view.replay).toMatchObject({ source: 'old', shown: 8, playing: false });
    expect(useLab.getState().view.replay?.record?.id).toBe('old');
  });
});

describe('pause, step and pace actions', () => {
  it('Pause and Resume mark the request; the trainer’s "paused" event is what says it holds', () => {
    pauseRun();
    expect(useLab.getState().run.pauseRequested).toBe(false); // nothing trains
    useLab.setState({ run: { ...idleRun(), id: 'r1', status: 'training' } });
    togglePause();
    expect(useLab.getState().run).toMatchObject({ pauseRequested: true, paused: false });
    handleTrainerEvent({ type: 'paused', runId: 'r1', paused: true });
    expect(useLab.getState().run.paused).toBe(true);
    handleTrainerEvent({ type: 'paused', runId: 'other', paused: false });
    expect(useLab.getState().run.paused).toBe(true);
    togglePause();
    expect(useLab.getState().run.pauseRequested).toBe(false);
    stepRun();
    expect(useLab.getState().run.pauseRequested).toBe(true);
    resumeRun();
    handleTrainerEvent({ type: 'paused', runId: 'r1', paused: false });
    handleTrainerEvent({ type: 'end', runId: 'r1', status: 'done' });
    expect(useLab.getState().run).toMatchObject({ paused: false, pauseRequested: false, status: 'done' });
  });

  it('the pace is a setting (it goes into the link)', () => {
    setPace(2);
    expect(useLab.getState().settings.pace).toBe(2);
  });

  it('the protocol carries control and pace messages and the paused event, validated', () => {
    expect(isToTrainer({ type: 'control', runId: 'r', action: 'pause' })).toBe(true);
    expect(isToTrainer({ type: 'control', runId: 'r', action: 'rewind' })).toBe(false);
    expect(isToTrainer({ type: 'pace', runId: 'r', pace: 2 })).toBe(true);
    expect(isToTrainer({ type: 'pace', runId: 'r', pace: -1 })).toBe(false);
    expect(isToTrainer({ type: 'pace', runId: 'r', pace: Infinity })).toBe(false);
    expect(isToTrainer({ type: 'start', runId: 'r', query: '', assetBase: '/', step: 'yes' })).toBe(false);
    expect(isToTrainer({ type: 'start', runId: 'r', query: '', assetBase: '/', step: true })).toBe(true);
    expect(isFromTrainer({ type: 'paused', runId: 'r', paused: true })).toBe(true);
    expect(isFromTrainer({ type: 'paused', runId: 'r', paused: 'yes' })).toBe(false);
  });
});
