import * as tf from '@tensorflow/tfjs';
import { loadDataset, type FetchAsset } from '../core/data/registry';
import { gatherRows, splitDataset, splitOptionsFor } from '../core/data/split';
import { buildModel } from '../core/model/build';
import { summarizeModel } from '../core/model/summary';
import { decodeSettings } from '../core/preset/codec';
import type { Settings } from '../core/preset/schema';
import { gatherTargets } from '../core/data/regression';
import { predictProbabilities, predictValues } from '../core/train/evaluate';
import { trainModel } from '../core/train/loop';
import { effectiveModelSettings, trainConfigFor } from '../core/train/run-config';
import { makeRegressionResult, makeTestResult } from '../core/train/test-result';
import type { BatchRecord, SplitArrays } from '../core/train/types';
import { featureSize, taskOf } from '../core/types';
import { startBackend, startCpuBackend } from './backend';
import type { FromTrainer } from './protocol';
import { boundaryFor, type TrainedSession } from './session';

/** What the runner needs from where it runs (a worker, or the main thread as a fallback). */
export interface TrainerHost {
  emit(event: FromTrainer): void;
  shouldStop(): boolean;
  fetchAsset: FetchAsset;
  yieldControl(): Promise<void>;
  /** In a worker: report a missing WebGL instead of silently dropping to cpu (the client decides). */
  inWorker: boolean;
  /** Takes ownership of the evaluated model for follow-up analyses; without it the model is disposed. */
  keepSession?: (session: TrainedSession) => void;
}

/** Batch records are posted at most this often, so messages never hold training back. */
const BATCH_FLUSH_MS = 100;
/**
 * The decision grid (2,304 predictions) costs about as much as a small epoch on a slow backend, so it is
 * redrawn at most this often while training, and once more for the final model.
 */
const BOUNDARY_MIN_MS = 400;

/** One run, start to end: data, split, model, training, held-out test. Always ends with an 'end' event. */
export async function runTraining(runId: string, query: string, host: TrainerHost, allowCpuFallback = true): Promise<void> {
  const emit = host.emit;
  const decoded = decodeSettings(query);
  if (decoded.notices.length) {
    emit({ type: 'end', runId, status: 'error', message: `Invalid settings: ${decoded.notices.join(' ')}` });
    return;
  }
  const s: Settings = decoded.settings;
  let model: tf.LayersModel | null = null;
  try {
    if (!(await startRunBackend(runId, s, host, allowCpuFallback))) return;
    emit({ type: 'phase', runId, phase: 'loading' });
    const { data, splits, task, rows } = await loadRunData(s, host);
    const train = rows(splits.train, splits.trainLabels);
    const val = rows(splits.val);
    const test = rows(splits.test);
    model = buildModel(effectiveModelSettings(s), { shape: data.shape, numClasses: data.classNames.length, task });
    emit({
      type: 'prepared',
      runId,
      summary: summarizeModel(model),
      inputShape: data.shape,
      counts: { train: train.count, val: val.count, test: test.count },
      noisyLabels: splits.noisyLabels,
    });

    emit({ type: 'phase', runId, phase: 'training' });
    const drawsBoundary = task === 'classification' && data.shape.length === 1 && data.shape[0] === 2;
    let boundaryEpoch = 0;
    let boundaryAt = -Infinity;
    const emitBoundary = async (trained: tf.LayersModel, epoch: number) => {
      const grid = await boundaryFor(trained, data.shape);
      if (grid) emit({ type: 'boundary', runId, epoch, grid });
      boundaryEpoch = epoch;
      boundaryAt = performance.now();
    };
    let buffered: BatchRecord[] = [];
    let lastFlush = performance.now();
    const flush = () => {
      if (buffered.length) emit({ type: 'batches', runId, records: buffered });
      buffered = [];
      lastFlush = performance.now();
    };
    const outcome = await trainModel(
      model,
      { train, val, shape: data.shape, numClasses: data.classNames.length, task },
      trainConfigFor(s),
      {
        onBatchEnd: (r) => {
          buffered.push(r);
          if (performance.now() - lastFlush >= BATCH_FLUSH_MS) flush();
        },
        onEpochEnd: async (record) => {
          flush();
          const { numTensors, numBytes } = tf.memory();
          emit({ type: 'epoch', runId, record, memory: { tensors: numTensors, bytes: numBytes } });
          if (model && drawsBoundary && performance.now() - boundaryAt >= BOUNDARY_MIN_MS) await emitBoundary(model, record.epoch);
        },
        shouldStop: host.shouldStop,
        yieldControl: host.yieldControl,
      },
    );
    flush();
    if (drawsBoundary && outcome.history.length > boundaryEpoch) await emitBoundary(model, outcome.history.length);

    // Stopped runs are evaluated too: the user wants to see where the model stands.
    emit({ type: 'phase', runId, phase: 'evaluating' });
    if (task === 'regression') {
      const predictions = await predictValues(model, test, data.shape);
      const result = makeRegressionResult(predictions, test.targets ?? [], test.x, featureSize(data.shape), s.regLoss, splits.test);
      emit({ type: 'test', runId, result });
    } else {
      const probs = await predictProbabilities(model, test, data.shape);
      emit({ type: 'test', runId, result: makeTestResult(probs, test.y, data.classNames, splits.test) });
    }
    // Follow-up analyses (robustness, explanations) score classes, so only classifiers are kept.
    if (host.keepSession && task === 'classification') {
      host.keepSession({ runId, model, test, shape: data.shape, seed: s.seed });
      model = null;
    }
    if (outcome.status === 'diverged') emit({ type: 'end', runId, status: 'error', message: outcome.message });
    else emit({ type: 'end', runId, status: outcome.status });
  } catch (err) {
    emit({ type: 'end', runId, status: 'error', message: describeError(err) });
  } finally {
    model?.dispose();
  }
}

/**
 * Starts the backend the settings ask for and reports it. False when a worker has no WebGL: the client then
 * retries on the main thread, so the caller just returns.
 */
export async function startRunBackend(runId: string, s: Settings, host: TrainerHost, allowCpuFallback: boolean): Promise<boolean> {
  host.emit({ type: 'phase', runId, phase: 'starting' });
  let backend = await startBackend(s.backend);
  let notice: string | undefined;
  if (!backend) {
    if (host.inWorker && s.backend !== 'cpu') {
      host.emit({ type: 'no-webgl', runId, reason: 'WebGL could not start in the training worker.' });
      return false;
    }
    if (!allowCpuFallback) throw new Error('WebGL could not start.');
    backend = await startCpuBackend();
    notice = 'WebGL is not available in this browser: training on the CPU backend, which is much slower.';
  }
  host.emit({ type: 'backend', runId, backend, notice });
  return true;
}

/** The dataset and split the settings describe, and a way to copy rows (with regression targets) out. */
export async function loadRunData(s: Settings, host: Pick<TrainerHost, 'fetchAsset'>) {
  const data = await loadDataset(s, host.fetchAsset);
  const splits = splitDataset(data, splitOptionsFor(s, data.classNames.length));
  const task = taskOf(data);
  // Regression splits carry their targets beside the (all-zero) labels.
  const rows = (indices: Int32Array, labels?: Int32Array): SplitArrays => ({
    ...gatherRows(data, indices, labels),
    ...(task === 'regression' ? { targets: gatherTargets(data, indices) } : {}),
  });
  return { data, splits, task, rows };
}

export function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/out of memory|OOM|allocate|texture size/i.test(text)) {
    return `The model or data is too big for this device (${text}). Try a smaller model, batch size or train size.`;
  }
  return text;
}
