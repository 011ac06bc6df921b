/// <reference lib="webworker" />
import { isToTrainer, type FromTrainer } from './protocol';
import { runTraining } from './runner';
import { yieldToEventLoop } from './yield';

/** The training worker: a thin shell that turns messages into runner calls and events into messages. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const stopped = new Set<string>();

scope.onmessage = (e: MessageEvent<unknown>) => {
  const msg = e.data;
  if (!isToTrainer(msg)) return;
  if (msg.type === 'stop') {
    stopped.add(msg.runId);
    return;
  }
  const fetchAsset = async (path: string) => {
    const res = await fetch(new URL(path, msg.assetBase));
    if (!res.ok) throw new Error(`Could not load ${path} (HTTP ${res.status}).`);
    return new Uint8Array(await res.arrayBuffer());
  };
  void runTraining(msg.runId, msg.query, {
    emit: (event: FromTrainer) => scope.postMessage(event),
    shouldStop: () => stopped.has(msg.runId),
    fetchAsset,
    yieldControl: yieldToEventLoop,
    inWorker: true,
  });
};
