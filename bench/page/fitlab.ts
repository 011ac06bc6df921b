import * as tf from '@tensorflow/tfjs';
import { createTrainerClient, type TrainerClient } from '../../src/worker/client';
import type { FromTrainer } from '../../src/worker/protocol';
import type { BackendChoice } from '../../src/core/backends/choice';
import { flushIntervalRate, trainingRate, type RunMark } from './training-rate';

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
  /** Training samples/s of epochs 2…N, validation excluded (trainingRate in training-rate.ts). */
  trainSamplesPerS: number;
  trainOnlySamples: number;
  trainOnlyMs: number;
  /** The training-only rate by the rule before issue 18 (see summarise): the `gap` diagnosis shows both. */
  trainSamplesPerSOldRule: number;
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
  const marks: RunMark[] = [];
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
    trainSamplesPerSOldRule: NaN,
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
 * Epoch rate: epochs 2…N between epoch events (epoch 1 compiles the shaders). Training-only rate: trainingRate
 * (training-rate.ts), or for runs whose epochs are too short for it the rule before issue 18.
 */
function summarise(run: FitlabRun, marks: RunMark[]): void {
  const first = run.epochs[0];
  const last = run.epochs[run.epochs.length - 1];
  if (first && last && last !== first) {
    run.epochSamplesPerS = (run.trainCount * (last.epoch - first.epoch)) / ((last.t - first.t) / 1000);
  }
  const old = flushIntervalRate(marks);
  if (old) run.trainSamplesPerSOldRule = old.samples / (old.ms / 1000);
  const rate = trainingRate(marks) ?? old;
  if (!rate) return;
  run.trainOnlySamples = rate.samples;
  run.trainOnlyMs = rate.ms;
  run.trainSamplesPerS = rate.samples / (rate.ms / 1000);
}
