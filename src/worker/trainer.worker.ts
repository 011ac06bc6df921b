/// <reference lib="webworker" />
import type { AnalysisResult } from '../core/analysis/types';
import { isToTrainer, type FromTrainer, type ToTrainer } from './protocol';
import { runExperiment } from './experiment';
import { probeBackends } from './probe';
import { runTraining } from './runner';
import { createSessionKeeper } from './session';
import { RunGate } from '../core/train/gate';
import { yieldToEventLoop } from './yield';
import { userMessage } from '../core/errors/user-message';

/** The training worker: a thin shell that turns messages into runner calls and events into messages. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const stopped = new Set<string>();
/** Pause / step / pace of the runs in progress, by run id. */
const gates = new Map<string, RunGate>();
/** Whether the page's network view is open: snapshots cost training time, so they are made only then. */
let networkOpen = false;
/** The latest evaluated run's model, kept for follow-up analyses until the next run starts. */
const sessions = createSessionKeeper();
/** The test example the Inside view watches, for whichever run trains (null: the view is closed). */
let insideWatch: number | null = null;

scope.onmessage = (e: MessageEvent<unknown>) => {
  const msg = e.data;
  if (!isToTrainer(msg)) return;
  if (msg.type === 'stop') {
    stopped.add(msg.runId);
    gates.get(msg.runId)?.stop();
    return;
  }
  if (msg.type === 'control') {
    gates.get(msg.runId)?.[msg.action]();
    return;
  }
  if (msg.type === 'pace') {
    gates.get(msg.runId)?.setPace(msg.pace);
    return;
  }
  if (msg.type === 'inside-watch') {
    insideWatch = msg.testIndex;
    return;
  }
  if (msg.type === 'watch') {
    networkOpen = msg.network;
    return;
  }
  if (msg.type === 'analyse') {
    void answer(msg);
    return;
  }
  if (msg.type === 'probe') {
    void probeBackends().then((probe) => scope.postMessage({ type: 'probe', runId: msg.runId, probe } satisfies FromTrainer));
    return;
  }
  sessions.replace(null);
  const gate = new RunGate();
  if (msg.step) gate.step();
  gates.set(msg.runId, gate);
  const fetchAsset = async (path: string) => {
    const res = await fetch(new URL(path, msg.assetBase));
    if (!res.ok) throw new Error(`Could not load ${path} (HTTP ${res.status}).`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const host = {
    emit: (event: FromTrainer) => scope.postMessage(event),
    shouldStop: () => stopped.has(msg.runId),
    fetchAsset,
    yieldControl: yieldToEventLoop,
    inWorker: true,
    keepSession: sessions.replace,
    calibrations: msg.calibrations,
    custom: msg.custom,
    savedModel: msg.savedModel,
    gate,
    insideWatch: () => insideWatch,
    networkOpen: () => networkOpen,
  };
  const finished = () => gates.delete(msg.runId);
  if (msg.experiment) void runExperiment(msg.runId, msg.query, msg.experiment, host).finally(finished);
  else void runTraining(msg.runId, msg.query, host).finally(finished);
};

async function answer(msg: Extract<ToTrainer, { type: 'analyse' }>): Promise<void> {
  const { runId, requestId } = msg;
  // A PyTorch export's zip is handed over, not copied: it can be hundreds of MB.
  const reply = (body: { result?: AnalysisResult; error?: string }) =>
    scope.postMessage(
      { type: 'analysis', runId, requestId, ...body } satisfies FromTrainer,
      body.result?.kind === 'pytorch' ? [body.result.bytes.buffer] : [],
    );
  try {
    reply({ result: await sessions.analyse(runId, msg.request, yieldToEventLoop) });
  } catch (err) {
    reply({ error: userMessage(err, 'analysis') });
  }
}
