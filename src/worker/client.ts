import type { AnalysisRequest, AnalysisResult } from '../core/analysis/types';
import type { BackendProbe, CalibrationCache } from '../core/backends/choice';
import type { CustomData } from '../core/data/custom';
import type { ExperimentSpec } from '../core/experiment/types';
import { isFromTrainer, type FromTrainer, type RunControl, type ToTrainer } from './protocol';
import { RunGate } from '../core/train/gate';
import type { SessionKeeper } from './session';
import { yieldToEventLoop } from './yield';
import { userMessage } from '../core/errors/user-message';
import { SILENT_MS, startWatchdog } from './watchdog';

/** What the user reads when the worker went silent mid-run (an endless loop, or a crash with no error event). */
export const SILENT_WORKER_MESSAGE = `The training worker stopped answering (nothing for ${SILENT_MS / 1000} s: it hung or crashed), so the run was ended. The curves so far are kept in the history; press Train to start a fresh worker.`;

/**
 * The UI's handle on training. Runs go to a Web Worker (kept warm between runs: its WebGL context and
 * decoded datasets are reused); when the worker cannot start, or cannot get WebGL, the same runner is
 * loaded on the main thread, which yields between batches, and the backend event carries a notice.
 */
export interface TrainerClient {
  /** A training run; with `experiment`, a cross-validation or search (same events, plus folds or trials). */
  start(runId: string, query: string, useWorker: boolean, extras?: RunExtras): void;
  stop(runId: string): void;
  /** Pause, resume, or one more epoch then pause (between batches; the run's numbers never change). */
  control(runId: string, action: RunControl): void;
  /** Epochs per second for the run in progress (0: as fast as possible). */
  setPace(runId: string, pace: number): void;
  /** Asks the model a finished run left behind (in the worker, or on the main thread after a fallback). */
  analyse(runId: string, request: AnalysisRequest): Promise<AnalysisResult>;
  /** What backends the trainer (the worker, else this page) can use. */
  probe(): Promise<BackendProbe>;
  /** The test example whose feature maps should follow each epoch of any run (null: the Inside view closed). */
  watchInside(testIndex: number | null): void;
  /** The network view opened or closed: the trainer computes its snapshots only while it is open. */
  watchNetwork(open: boolean): void;
}

/** What a run may bring besides its settings: an experiment to run instead, the user's own data. */
export interface RunExtras {
  experiment?: ExperimentSpec;
  custom?: CustomData;
  /** Evaluate this saved model (model.json and weights) instead of training. */
  savedModel?: File[];
  /** Train one epoch and hold paused (Step pressed before a run). */
  step?: boolean;
}

/**
 * `calibrations`: backend timings remembered on this device, sent with each run so that 'auto' does not
 * measure the same model twice.
 */
export function createTrainerClient(onEvent: (e: FromTrainer) => void, calibrations: () => CalibrationCache = () => ({})): TrainerClient {
  let worker: Worker | null = null;
  const mainThreadStops = new Set<string>();
  const mainThreadRuns = new Set<string>();
  /** Pause / step / pace of runs on the main thread (a worker keeps its own). */
  const mainThreadGates = new Map<string, RunGate>();
  const assetBase = document.baseURI;
  /**
   * The model of the latest run, when it trained on the main thread (a worker keeps its own). Created with
   * the first main-thread run: session.ts pulls in TF.js, which the main bundle otherwise loads lazily.
   */
  let mainSessions: SessionKeeper | null = null;
  const pending = new Map<number, { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void }>();
  const failPending = (why: string) => {
    for (const waiting of pending.values()) waiting.reject(new Error(why));
    pending.clear();
  };
  let nextRequest = 1;
  let insideWatch: number | null = null;
  /** Sent to every worker this client starts, and read by main-thread runs. */
  let networkOpen = false;
  const onAnalysis = (e: MessageEvent<unknown>) => {
    const event = e.data;
    // Every trainer message passes here: the type is looked at before the whole message is validated.
    if (!isAnalysisMessage(event) || !isFromTrainer(event) || event.type !== 'analysis') return;
    const waiting = pending.get(event.requestId);
    if (!waiting) return;
    pending.delete(event.requestId);
    if (event.result) waiting.resolve(event.result);
    else waiting.reject(new Error(event.error ?? 'The analysis failed.'));
  };

  const runOnMainThread = async (runId: string, query: string, why: string, { experiment, custom, savedModel, step }: RunExtras) => {
    mainThreadRuns.add(runId);
    const gate = new RunGate();
    if (step) gate.step();
    mainThreadGates.set(runId, gate);
    const [{ runTraining }, { runExperiment }, { createSessionKeeper }] = await Promise.all([
      import('./runner'),
      import('./experiment'),
      import('./session'),
    ]);
    mainSessions ??= createSessionKeeper();
    const keeper = mainSessions;
    const fetchAsset = async (path: string) => {
      const res = await fetch(new URL(path, assetBase));
      if (!res.ok) throw new Error(`Could not load ${path} (HTTP ${res.status}).`);
      return new Uint8Array(await res.arrayBuffer());
    };
    const host = {
      emit: (e: FromTrainer) => onEvent(e.type === 'backend' ? { ...e, notice: [why, e.notice].filter(Boolean).join(' ') } : e),
      shouldStop: () => mainThreadStops.has(runId),
      fetchAsset,
      yieldControl: yieldToEventLoop,
      inWorker: false,
      keepSession: keeper.replace,
      calibrations: calibrations(),
      custom,
      savedModel,
      gate,
      insideWatch: () => insideWatch,
      networkOpen: () => networkOpen,
    };
    if (experiment) await runExperiment(runId, query, experiment, host);
    else await runTraining(runId, query, host);
    mainThreadRuns.delete(runId);
    mainThreadGates.delete(runId);
  };

  /** Drops a worker for good (it crashed, or its backend broke): the next run or question starts a fresh one. */
  const retire = (w: Worker) => {
    if (worker === w) worker = null;
    w.terminate();
    failPending('The training worker stopped: train again to analyse the model.');
  };

  const getWorker = (): Worker | null => {
    if (worker) return worker;
    try {
      worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
      if (networkOpen) worker.postMessage({ type: 'watch', runId: '', network: true } satisfies ToTrainer);
      worker.addEventListener('message', onAnalysis);
      // A worker that dies between runs (lost context, out of memory) must not leave analyses waiting.
      worker.addEventListener('error', () => {
        failPending('The training worker stopped: train again to analyse the model.');
        worker = null;
      });
    } catch {
      return null;
    }
    if (insideWatch !== null) worker.postMessage({ type: 'inside-watch', runId: '', testIndex: insideWatch } satisfies ToTrainer);
    return worker;
  };

  return {
    start(runId, query, useWorker, extras = {}) {
      // Whichever way this run goes, the previous main-thread model is no longer wanted.
      mainSessions?.replace(null);
      const w = useWorker ? getWorker() : null;
      if (!w) {
        const why = useWorker ? 'Web Workers are unavailable: training on the main thread.' : 'Training on the main thread (worker off).';
        void runOnMainThread(runId, query, why, extras);
        return;
      }
      // Once the worker has answered, the run is under way: a crash then ends it (kept as interrupted), not a rerun.
      let underway = false;
      // Runs send heartbeats; experiments do not, so only runs are watched.
      const watchdog = extras.experiment ? null : startWatchdog(() => onSilent());
      const onMessage = (e: MessageEvent<unknown>) => {
        const event = e.data;
        if (!isFromTrainer(event) || event.runId !== runId) return;
        underway = true;
        watchdog?.beat();
        if (event.type === 'alive') return;
        if (event.type === 'no-webgl') {
          detach();
          void runOnMainThread(runId, query, `${event.reason} Training on the main thread instead.`, extras);
          return;
        }
        if (event.type === 'end') detach();
        // Interrupted from inside (a lost WebGL context): the worker's backend is broken, so the next Train gets a fresh one.
        if (event.type === 'end' && event.status === 'interrupted') retire(w);
        onEvent(event);
      };
      // A dead worker is dropped for good: the next Train starts a fresh one.
      const fail = (message: string) => {
        detach();
        retire(w);
        if (underway) onEvent({ type: 'end', runId, status: 'interrupted', message });
        else void runOnMainThread(runId, query, 'The training worker failed to start: training on the main thread.', extras);
      };
      const onError = (e: ErrorEvent) => {
        e.preventDefault();
        fail(userMessage(e.error ?? e.message, 'worker'));
      };
      const onSilent = () => fail(SILENT_WORKER_MESSAGE);
      const detach = () => {
        watchdog?.stop();
        w.removeEventListener('message', onMessage);
        w.removeEventListener('error', onError);
      };
      w.addEventListener('message', onMessage);
      w.addEventListener('error', onError);
      // The user's data is copied to the worker (structured clone), never sent anywhere else.
      w.postMessage({ type: 'start', runId, query, assetBase, calibrations: calibrations(), ...extras } satisfies ToTrainer);
    },
    stop(runId) {
      if (mainThreadRuns.has(runId)) mainThreadStops.add(runId);
      mainThreadGates.get(runId)?.stop();
      worker?.postMessage({ type: 'stop', runId } satisfies ToTrainer);
    },
    control(runId, action) {
      const gate = mainThreadGates.get(runId);
      if (gate) gate[action]();
      else worker?.postMessage({ type: 'control', runId, action } satisfies ToTrainer);
    },
    setPace(runId, pace) {
      const gate = mainThreadGates.get(runId);
      if (gate) gate.setPace(pace);
      else worker?.postMessage({ type: 'pace', runId, pace } satisfies ToTrainer);
    },
    watchNetwork(open) {
      networkOpen = open;
      worker?.postMessage({ type: 'watch', runId: '', network: open } satisfies ToTrainer);
    },
    async probe() {
      const w = getWorker();
      if (!w) return (await import('./probe')).probeBackends();
      const id = `probe-${nextRequest++}`;
      return new Promise<BackendProbe>((resolve, reject) => {
        const onMessage = (e: MessageEvent<unknown>) => {
          const event = e.data;
          if (!isFromTrainer(event) || event.type !== 'probe' || event.runId !== id) return;
          w.removeEventListener('message', onMessage);
          resolve(event.probe);
        };
        w.addEventListener('message', onMessage);
        w.addEventListener('error', () => reject(new Error('The training worker failed to start.')), { once: true });
        w.postMessage({ type: 'probe', runId: id } satisfies ToTrainer);
      });
    },
    watchInside(testIndex) {
      insideWatch = testIndex;
      worker?.postMessage({ type: 'inside-watch', runId: '', testIndex } satisfies ToTrainer);
    },
    async analyse(runId, request) {
      if (mainSessions?.holds(runId)) return mainSessions.analyse(runId, request, yieldToEventLoop);
      if (!worker) throw new Error('That run’s model is no longer in memory: train again to analyse it.');
      const requestId = nextRequest++;
      const answer = new Promise<AnalysisResult>((resolve, reject) => pending.set(requestId, { resolve, reject }));
      worker.postMessage({ type: 'analyse', runId, requestId, request } satisfies ToTrainer);
      return answer;
    },
  };
}

const isAnalysisMessage = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'analysis';
