import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTrainerClient, SILENT_WORKER_MESSAGE } from '../../src/worker/client';
import type { FromTrainer } from '../../src/worker/protocol';
import { HEARTBEAT_MS, SILENT_MS, startWatchdog } from '../../src/worker/watchdog';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the watchdog', () => {
  it('fires once after SILENT_MS of silence; each beat starts the wait again; stop ends it', () => {
    const silent = vi.fn();
    const dog = startWatchdog(silent);
    vi.advanceTimersByTime(SILENT_MS - 1);
    dog.beat();
    vi.advanceTimersByTime(SILENT_MS - 1);
    expect(silent).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(silent).toHaveBeenCalledTimes(1);
    dog.beat(); // too late: it has fired, and does not fire again
    vi.advanceTimersByTime(3 * SILENT_MS);
    expect(silent).toHaveBeenCalledTimes(1);

    const stopped = vi.fn();
    startWatchdog(stopped).stop();
    vi.advanceTimersByTime(3 * SILENT_MS);
    expect(stopped).not.toHaveBeenCalled();
  });
});

/** A stand-in for the training worker: records what it is sent, and speaks when the test says. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  sent: unknown[] = [];
  terminated = false;
  constructor() {
    super();
    FakeWorker.made.push(this);
  }
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  say(event: FromTrainer) {
    this.dispatchEvent(new MessageEvent('message', { data: event }));
  }
}

function client() {
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: 'http://localhost/' });
  const events: FromTrainer[] = [];
  return { events, trainer: createTrainerClient((e) => events.push(e)) };
}

describe('a worker that goes silent mid-run', () => {
  it('ends the run as interrupted with Fitlab’s message, and the next Train starts a fresh worker', () => {
    const { events, trainer } = client();
    trainer.start('r1', 'epochs=5', true);
    const w = FakeWorker.made[0];
    w.say({ type: 'phase', runId: 'r1', phase: 'training' });
    // Heartbeats keep it alive however long the run holds (a paused run, a slow epoch)…
    for (let t = 0; t < 4 * SILENT_MS; t += HEARTBEAT_MS) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      w.say({ type: 'alive', runId: 'r1' });
    }
    expect(events.some((e) => e.type === 'end')).toBe(false);
    // …and they are not passed on to the store.
    expect(events.some((e) => e.type === 'alive')).toBe(false);
    // Then nothing: an endless loop, or a crash that fired no error event.
    vi.advanceTimersByTime(SILENT_MS);
    expect(events.at(-1)).toEqual({ type: 'end', runId: 'r1', status: 'interrupted', message: SILENT_WORKER_MESSAGE });
    expect(w.terminated).toBe(true);
    // A late word from the dead worker changes nothing.
    w.say({ type: 'end', runId: 'r1', status: 'done' });
    expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
    trainer.start('r2', 'epochs=5', true);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1].sent.at(-1)).toMatchObject({ type: 'start', runId: 'r2' });
  });

  it('a run that ends stops its watchdog', () => {
    const { events, trainer } = client();
    trainer.start('r1', 'epochs=5', true);
    const w = FakeWorker.made[0];
    w.say({ type: 'end', runId: 'r1', status: 'done' });
    vi.advanceTimersByTime(3 * SILENT_MS);
    expect(events).toEqual([{ type: 'end', runId: 'r1', status: 'done' }]);
    expect(w.terminated).toBe(false);
  });
});
