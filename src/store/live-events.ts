import type { FromTrainer } from '../worker/protocol';
import { useLab, type LabState } from './lab';

/**
 * How often streamed events (batches, epochs, decision boundaries) reach the store. 0 applies each at once
 * (the default, which tests rely on); the app sets a few hundred milliseconds (main.tsx), because on a fast
 * backend epochs arrive every few dozen ms and re-drawing the charts for each one would keep the main thread
 * busy. Other events (test result, end…) flush what is waiting first, so order is kept.
 */
let liveUpdateMs = 0;
const live: FromTrainer[] = [];
let liveTimer: ReturnType<typeof setTimeout> | null = null;

export function setLiveUpdateInterval(ms: number): void {
  liveUpdateMs = ms;
}

function flushLive(): void {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = null;
  const events = live.splice(0);
  if (events.length) useLab.setState((state) => events.reduce<LabState>((s, e) => ({ ...s, ...applyRunEvent(s, e) }), state));
}

/** A run's event into the lab store: streamed ones batched when live updates are throttled, others at once. */
export function receiveRunEvent(e: FromTrainer): void {
  if (liveUpdateMs > 0 && (e.type === 'batches' || e.type === 'epoch' || e.type === 'boundary')) {
    live.push(e);
    liveTimer ??= setTimeout(flushLive, liveUpdateMs);
    return;
  }
  flushLive();
  useLab.setState((state) => applyRunEvent(state, e));
}

/** Folds one trainer event into the run it belongs to; events of older runs are ignored. */
function applyRunEvent(state: LabState, e: FromTrainer): Partial<LabState> {
  const run = state.run;
  if (e.runId !== run.id) return state;
  switch (e.type) {
    case 'backend':
      return { run: { ...run, backend: e.backend, backendNotice: e.notice ?? null, backendChoice: e.choice ?? null } };
    case 'phase':
      return { run: { ...run, phase: e.phase } };
    case 'paused':
      return { run: { ...run, paused: e.paused } };
    case 'prepared':
      return { run: { ...run, summary: e.summary, inputShape: e.inputShape, task: e.task, counts: e.counts, noisyLabels: e.noisyLabels } };
    case 'batches':
      return { run: { ...run, batches: [...run.batches, ...e.records] } };
    case 'epoch':
      return { run: { ...run, history: [...run.history, e.record], memory: [...run.memory, e.memory] } };
    case 'test':
      return { run: { ...run, test: e.result } };
    case 'boundary':
      return { run: { ...run, boundary: { epoch: e.epoch, grid: e.grid } } };
    case 'end':
      return {
        run: { ...run, status: e.status, phase: null, error: e.message ?? null, endedAt: Date.now(), paused: false, pauseRequested: false },
      };
    case 'no-webgl':
    case 'weights':
    case 'alive':
    case 'network':
    case 'probe':
    case 'analysis':
    case 'inside':
    case 'fold':
    case 'trial':
      return state;
  }
}
