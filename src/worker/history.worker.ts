/// <reference lib="webworker" />
import { isToHistoryWorker, type FromHistoryWorker } from './history-protocol';
import { exportJob, importJob } from './history-import';
import { userMessage } from '../core/errors/user-message';

/**
 * The history worker: imports and exports of runs files run here, so parsing, checking and storing tens of
 * thousands of runs never blocks the page. Every job ends with 'done', 'cancelled', 'error' or 'exported'.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromHistoryWorker) => scope.postMessage(m);
const cancelled = new Set<number>();
const answers = new Map<number, (drop: boolean) => void>();

scope.onmessage = async (e: MessageEvent<unknown>) => {
  const msg = e.data;
  if (!isToHistoryWorker(msg)) return;
  if (msg.type === 'cancel') {
    cancelled.add(msg.id);
    answers.get(msg.id)?.(false);
    return;
  }
  if (msg.type === 'answer') return answers.get(msg.id)?.(msg.drop);
  try {
    if (msg.type === 'export') await exportJob(msg.id, msg.ids, post);
    else
      await importJob(msg.id, msg.file, msg.limit, {
        post,
        cancelled: () => cancelled.has(msg.id),
        answer: () => new Promise<boolean>((resolve) => answers.set(msg.id, resolve)),
      });
  } catch (err) {
    const why = userMessage(err, 'history');
    post({ type: 'error', id: msg.id, message: `The runs could not be ${msg.type === 'export' ? 'exported' : 'stored'}: ${why}` });
  } finally {
    cancelled.delete(msg.id);
    answers.delete(msg.id);
  }
};
