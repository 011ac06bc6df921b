import * as tf from '@tensorflow/tfjs';
import { createTrainerClient, type TrainerClient } from '../../src/worker/client';
import type { FromTrainer } from '../../src/worker/protocol';
import type { BackendChoice } from '../../src/core/backends/choice';

/** One 'epoch' event as the page received it. */
export interface EpochMark {
  epoch: number;
  /** Arrival time in the page (performance.now()). */
  t: number;
  /** The runner's own wall time of the epoch (training and validation). */
  ms: number;
  /** Main-thread runs only: tf.memory() while the runner is inside onEpochEnd. */
  numTensors?: number;
  numBytes?: number;
}

export interface FitlabRun {
  query: string;
  inWorker: boolean;
  status: string;
  message?: string;
  backend: string;
  notice?: string;
  /** How 'auto' chose the backend (timings of the calibration), when it did. */
  choice?: BackendChoice;
  trainCount: number;
  valCount: number;
  epochs: EpochMark[];
  /** Training samples of epochs 2…N over the time between the 'epoch' events of epoch 1 and N (validation included). */
  epochSamplesPerS: number;
  /** Training samples over time between batch flushes within epochs 2…N: training only, validation excluded. */
  trainSamplesPerS: number;
  trainOnlySamples: number;
  trainOnlyMs: number;
  /**
   * The training-only rule before issue 18 (every flush interval in epochs 2…N, the first from the epoch event;
   * see summarise): kept for the `gap` diagnosis, which shows the two side by side.
   */
  trainSamplesPerSFromEpochEvent: number;
  /** From start() to the 'end' event, data loading and the test evaluation included. */
  wallMs: number;
  /** Whether the network view was open (the trainer computes its snapshots only then). */
  networkOpen: boolean;
  /** Network-view snapshots that arrived, the one every MLP run sends after training included. */
  networkSnapshots: number;
}

let client: TrainerClient | null = null;
let listener: ((e: FromTrainer) => void) | null = null;
let nextRun = 1;

/**
 * Trains `query` through the app's own client (src/worker/client.ts): in its Web Worker, or on the main
 * thread with `inWorker` false. The events stream exactly as in the app: batch records flushed every
 * 100 ms, an event per epoch. Times are taken when the page receives them.
 */
export function fitlabRun(query: string, inWorker: boolean, networkOpen = false): Promise<FitlabRun> {
  client ??= createTrainerClient((e) => listener?.(e));
  // As the app's network card does: the trainer computes snapshots only while the view is open.
  client.watchNetwork(networkOpen);
  const runId = `bench-${nextRun++}`;
  const marks: ({ kind: 'epoch'; t: number; epoch: number } | { kind: 'batches'; t: number; epoch: number; samples: number })[] = [];
  const run: FitlabRun = {
    query,
    inWorker,
    status: 'running',
    backend: '',
    trainCount: 0,
    valCount: 0,
    epochs: [],
    epochSamplesPerS: NaN,
    trainSamplesPerS: NaN,
    trainOnlySamples: 0,
    trainOnlyMs: 0,
    trainSamplesPerSFromEpochEvent: NaN,
    wallMs: 0,
    networkOpen,
    networkSnapshots: 0,
  };
  const t0 = performance.now();
  return new Promise((resolve) => {
    listener = (e) => {
      if (e.runId !== runId) return;
      const t = performance.now();
      switch (e.type) {
        case 'backend':
          run.backend = e.backend;
          run.notice = e.notice;
          run.choice = e.choice;
          break;
        case 'prepared':
          run.trainCount = e.counts.train;
          run.valCount = e.counts.val;
          break;
        case 'batches': {
          const last = e.records[e.records.length - 1];
          if (last) marks.push({ kind: 'batches', t, epoch: last.epoch, samples: e.records.reduce((s, r) => s + r.size, 0) });
          break;
        }
        case 'epoch': {
          const mark: EpochMark = { epoch: e.record.epoch, t, ms: e.record.ms };
          if (!inWorker) {
            const m = tf.memory();
            mark.numTensors = m.numTensors;
            mark.numBytes = m.numBytes;
          }
          run.epochs.push(mark);
          marks.push({ kind: 'epoch', t, epoch: e.record.epoch });
          break;
        }
        case 'network':
          run.networkSnapshots++;
          break;
        case 'end':
          run.status = e.status;
          run.message = e.message;
          run.wallMs = t - t0;
          listener = null;
          summarise(run, marks);
          resolve(run);
          break;
        default:
          break;
      }
    };
    client!.start(runId, query, inWorker);
  });
}

/**
 * Epoch rate: epochs 2…N between epoch events (epoch 1 compiles the shaders). Training-only rate: every
 * interval between two timer flushes of batch records within one epoch ≥ 2, less the last one before the
 * epoch's end. Such an interval holds only training batches, and its samples are the records of the flush
 * that ends it. Why both ends must be timer flushes (issue 18, bench/README.md "The CNN near the limit"):
 * the runner flushes inside a group read-back (src/core/train/read-back.ts), at the group's first record, so
 * when a flush goes out the worker has trained about one group more than the flush reports. Between two such
 * flushes that lag cancels; an interval that starts at the epoch event (lag 0) or ends in the epoch's last
 * read-back (which reads every batch) does not, and counting those undercounted the CNN's rate by about a
 * group a epoch: 20–30 % for overfit-cnn (20 batches an epoch, ~6 a group).
 */
function summarise(run: FitlabRun, marks: { kind: 'epoch' | 'batches'; t: number; epoch: number; samples?: number }[]): void {
  const first = run.epochs[0];
  const last = run.epochs[run.epochs.length - 1];
  if (first && last && last !== first) {
    run.epochSamplesPerS = (run.trainCount * (last.epoch - first.epoch)) / ((last.t - first.t) / 1000);
  }
  let [oldSamples, oldMs] = [0, 0];
  for (let i = 1; i < marks.length; i++) {
    const [before, b] = [marks[i - 1], marks[i]];
    // The flush that ends the epoch (followed by its event) and the one before it (possibly the last read-back's).
    const nearEnd = marks[i + 1]?.kind === 'epoch' || marks[i + 2]?.kind === 'epoch';
    if (b.kind === 'batches' && marks[i + 1]?.kind !== 'epoch' && b.epoch >= 2) {
      oldSamples += b.samples ?? 0;
      oldMs += b.t - before.t;
    }
    if (b.kind !== 'batches' || before.kind !== 'batches' || before.epoch !== b.epoch || nearEnd || b.epoch < 2) continue;
    run.trainOnlySamples += b.samples ?? 0;
    run.trainOnlyMs += b.t - before.t;
  }
  if (run.trainOnlyMs > 0) run.trainSamplesPerS = run.trainOnlySamples / (run.trainOnlyMs / 1000);
  if (oldMs > 0) run.trainSamplesPerSFromEpochEvent = oldSamples / (oldMs / 1000);
}
