import * as tf from '@tensorflow/tfjs';
import { loadDataset, type FetchAsset } from '../core/data/registry';
import { prepareCustom, type CustomData } from '../core/data/custom';
import { gatherRows, splitDataset, splitOptionsFor, type Splits } from '../core/data/split';
import { buildModel } from '../core/model/build';
import { summarizeModel } from '../core/model/summary';
import { decodeSettings } from '../core/preset/codec';
import { isUploadDataset, type Settings } from '../core/preset/schema';
import { gatherTargets } from '../core/data/regression';
import { predictProbabilities, predictValues } from '../core/train/evaluate';
import { trainModel } from '../core/train/loop';
import { gatedCallbacks, RunGate } from '../core/train/gate';
import { effectiveModelSettings, trainConfigFor } from '../core/train/run-config';
import { makeRegressionResult, makeTestResult } from '../core/train/test-result';
import type { BatchRecord, SplitArrays } from '../core/train/types';
import { featureSize, taskOf } from '../core/types';
import type { CalibrationCache } from '../core/backends/choice';
import { backendLabel } from '../core/backends/choice';
import type { Dataset, Task } from '../core/types';
import { startBackend } from './backend';
import { resolveBackend } from './choose-backend';
import { loadSavedModel, savedModelMismatch } from './saved-model';
import type { FromTrainer } from './protocol';
import { boundaryFor, type TrainedSession } from './session';
import { watchNetwork } from './network-watch';

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
  /** Backend timings measured earlier on this device (kept by the page), so 'auto' need not measure again. */
  calibrations?: CalibrationCache;
  /** The user's own dataset, for runs on 'table' or 'images'. */
  custom?: CustomData;
  /** A saved model (model.json and weights) to evaluate instead of training one. */
  savedModel?: File[];
  /** Pause, step and pace for this run, driven by the host's messages; without it the run just goes. */
  gate?: RunGate;
  /** Whether the page's network view is open (MLPs): snapshots are computed only then. */
  networkOpen?: () => boolean;
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
    emit({ type: 'phase', runId, phase: 'loading' });
    const { data, splits, task, rows } = await loadRunData(s, host);
    const train = rows(splits.train, splits.trainLabels);
    if (!(await startRunBackend(runId, s, host, allowCpuFallback, { data, task, train }))) return;
    const val = rows(splits.val);
    const test = rows(splits.test);
    if (host.savedModel) {
      model = await loadSavedModel(host.savedModel);
      const problem = savedModelMismatch(model, data.shape, task === 'regression' ? 1 : data.classNames.length);
      if (problem) throw new Error(problem);
    } else {
      model = buildModel(effectiveModelSettings(s), { shape: data.shape, numClasses: data.classNames.length, task });
    }
    emit({
      type: 'prepared',
      runId,
      summary: summarizeModel(model),
      inputShape: data.shape,
      task,
      counts: { train: train.count, val: val.count, test: test.count },
      noisyLabels: splits.noisyLabels,
    });

    // A saved model is evaluated as it is: no training, so no curves (outcome: done after zero epochs).
    const trainFor = host.savedModel ? { ...trainConfigFor(s), epochs: 0 } : trainConfigFor(s);
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
    // The network view (MLPs): throttled snapshots while it is open, one when a run holds, one at the end.
    let epochsDone = 0;
    const network = watchNetwork(model, data.shape, test.count ? test : val, (snapshot, epoch) => emit({ type: 'network', runId, epoch, snapshot }), () => host.networkOpen?.() ?? false);
    const gate = host.gate ?? new RunGate();
    gate.defaultPace(s.pace);
    // A paused chart shows every batch trained so far.
    gate.onHold = (paused) => {
      flush();
      emit({ type: 'paused', runId, paused });
      if (paused && host.networkOpen?.()) void network?.now(epochsDone);
    };
    const outcome = await trainModel(
      model,
      { train, val, shape: data.shape, numClasses: data.classNames.length, task },
      trainFor,
      gatedCallbacks(gate, trainFor.epochs, {
        onBatchEnd: (r) => {
          buffered.push(r);
          if (performance.now() - lastFlush >= BATCH_FLUSH_MS) flush();
        },
        onEpochEnd: async (record) => {
          flush();
          epochsDone = record.epoch;
          await network?.tick(epochsDone);
          const { numTensors, numBytes } = tf.memory();
          emit({ type: 'epoch', runId, record, memory: { tensors: numTensors, bytes: numBytes } });
          if (model && drawsBoundary && performance.now() - boundaryAt >= BOUNDARY_MIN_MS) await emitBoundary(model, record.epoch);
        },
        shouldStop: host.shouldStop,
        yieldControl: network
          ? async () => {
              await host.yieldControl();
              await network.tick(epochsDone);
            }
          : host.yieldControl,
      }),
    );
    gate.onHold = null;
    flush();
    // The trained network, whether or not the view is open yet: opened after the run, it has this to show.
    if (network) await network.now(outcome.history.length);
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
 * Starts the backend the run trains on (for 'auto': WebGL on a GPU, else the fastest by a short measurement
 * of this model) and reports it. False when a worker has neither WebGL nor WASM: the client then retries on
 * the main thread, so the caller just returns.
 */
export async function startRunBackend(
  runId: string,
  s: Settings,
  host: TrainerHost,
  allowCpuFallback: boolean,
  run: { data: Dataset; task: Task; train: SplitArrays },
): Promise<boolean> {
  host.emit({ type: 'phase', runId, phase: 'starting' });
  const ms = effectiveModelSettings(s);
  const input = { shape: run.data.shape, numClasses: run.data.classNames.length, task: run.task };
  const model = {
    ...input,
    batchSize: s.batchSize,
    build: () => buildModel(ms, input),
    // What the model costs to train, for the calibration cache: the architecture, not the seed or rate.
    signature: { shape: input.shape, k: input.numClasses, task: run.task, model: ms.model, hidden: ms.hidden, conv: ms.conv, kernel: ms.kernel, dense: ms.dense, act: ms.activation, bn: ms.batchNorm },
  };
  const resolved = await resolveBackend(s.backend, model, run.train, host.calibrations ?? {});
  if (resolved) {
    host.emit({ type: 'backend', runId, backend: resolved.backend, choice: resolved.choice, calibrationKey: resolved.calibrationKey });
    return true;
  }
  if (host.inWorker && s.backend !== 'cpu') {
    host.emit({ type: 'no-webgl', runId, reason: `${s.backend === 'auto' ? 'Neither WebGL nor WASM' : backendLabel(s.backend)} could start in the training worker.` });
    return false;
  }
  if (!allowCpuFallback || !(await startBackend('cpu'))) throw new Error(`${backendLabel(s.backend)} could not start.`);
  const notice = `${s.backend === 'auto' ? 'Neither WebGL nor WASM' : backendLabel(s.backend)} is available in this browser: training on the CPU backend, which is much slower.`;
  host.emit({ type: 'backend', runId, backend: 'cpu', notice, choice: { backend: 'cpu', reason: 'only', timings: [] } });
  return true;
}

/**
 * The dataset and split the settings describe (the user's own data when the run brought it), and a way to
 * copy rows (with regression targets) out.
 */
export async function loadRunData(s: Settings, host: Pick<TrainerHost, 'fetchAsset' | 'custom'>) {
  const { data, splits } = await datasetAndSplits(s, host);
  const task = taskOf(data);
  // Regression splits carry their targets beside the (all-zero) labels.
  const rows = (indices: Int32Array, labels?: Int32Array): SplitArrays => ({
    ...gatherRows(data, indices, labels),
    ...(task === 'regression' ? { targets: gatherTargets(data, indices) } : {}),
  });
  return { data, splits, task, rows };
}

async function datasetAndSplits(s: Settings, host: Pick<TrainerHost, 'fetchAsset' | 'custom'>): Promise<{ data: Dataset; splits: Splits }> {
  if (isUploadDataset(s.dataset) && host.custom) {
    return prepareCustom(host.custom, splitOptionsFor(s, host.custom.dataset.classNames.length));
  }
  const data = await loadDataset(s, host.fetchAsset);
  return { data, splits: splitDataset(data, splitOptionsFor(s, data.classNames.length)) };
}

export function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/out of memory|OOM|allocate|texture size/i.test(text)) {
    return `The model or data is too big for this device (${text}). Try a smaller model, batch size or train size.`;
  }
  return text;
}
