import * as tf from '@tensorflow/tfjs';
import { loadDatasetSplit, type FetchAsset } from '../core/data/registry';
import type { CustomData } from '../core/data/custom';
import { gatherRows, type Splits } from '../core/data/split';
import { splitProblem } from '../core/data/split-check';
import { isContextLoss, userMessage } from '../core/errors/user-message';
import { buildModel } from '../core/model/build';
import { summarizeModel } from '../core/model/summary';
import { decodeSettings, type DecodeResult } from '../core/preset/codec';
import { groupValues, isUploadDataset, type Settings } from '../core/preset/schema';
import { gatherTargets } from '../core/data/regression';
import { predictProbabilities, predictValues } from '../core/train/evaluate';
import { trainModel } from '../core/train/loop';
import { gatedCallbacks, RunGate } from '../core/train/gate';
import { effectiveModelSettings, trainConfigFor } from '../core/train/run-config';
import { makeRegressionResult, makeTestResult, type AnyTestResult } from '../core/train/test-result';
import type { BatchRecord, SplitArrays } from '../core/train/types';
import { featureSize, taskOf } from '../core/types';
import type { CalibrationCache } from '../core/backends/choice';
import { backendLabel } from '../core/backends/choice';
import type { Dataset, Task } from '../core/types';
import { startBackend } from './backend';
import { resolveBackend } from './choose-backend';
import { loadSavedModel, savedModelMismatch } from './saved-model';
import type { FromTrainer } from './protocol';
import { browserTestLine } from './pytorch-export';
import { boundaryFor, type TrainedSession } from './session';
import { insideOfTest, showsInside } from './inside';
import { watchNetwork } from './network-watch';
import { watchWeights } from './weights-checkpoint';
import { watchContextLoss, type ContextLossWatch } from './context-loss';
import { HEARTBEAT_MS } from './watchdog';

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
  /** The test example the Inside view watches (null: the view is closed): its feature maps follow each epoch. */
  insideWatch?: () => number | null;
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
    emit({ type: 'end', runId, status: 'error', message: refusedSettingsMessage(decoded) });
    return;
  }
  const s: Settings = decoded.settings;
  let model: tf.LayersModel | null = null;
  let loss: ContextLossWatch | null = null;
  // In a worker, a heartbeat tells the page the thread is alive (its watchdog ends a run that goes silent).
  const heartbeat = host.inWorker ? setInterval(() => emit({ type: 'alive', runId }), HEARTBEAT_MS) : null;
  try {
    emit({ type: 'phase', runId, phase: 'loading' });
    const { data, splits, task, rows } = await loadRunData(s, host);
    const train = rows(splits.train, splits.trainLabels);
    if (!(await startRunBackend(runId, s, host, allowCpuFallback, { data, task, train }))) return;
    // A lost WebGL context would leave the run waiting on the GPU forever: it ends the run (interrupted) at once.
    loss = watchContextLoss();
    const guard = loss.guard;
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
    const network = watchNetwork(
      model,
      data.shape,
      test.count ? test : val,
      (snapshot, epoch) => emit({ type: 'network', runId, epoch, snapshot }),
      () => host.networkOpen?.() ?? false,
    );
    // The last good weights, so a run cut short keeps a model (a diverged epoch's are not good).
    const saveWeights = watchWeights(runId, model, emit);
    const gate = host.gate ?? new RunGate();
    gate.defaultPace(s.pace);
    // A paused chart shows every batch trained so far.
    gate.onHold = (paused) => {
      flush();
      emit({ type: 'paused', runId, paused });
      if (paused && host.networkOpen?.()) void network?.now(epochsDone);
    };
    const outcome = await guard(
      trainModel(
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
            if (Number.isFinite(record.loss)) await saveWeights(record.epoch);
            if (model && drawsBoundary && performance.now() - boundaryAt >= BOUNDARY_MIN_MS) await emitBoundary(model, record.epoch);
            const watched = host.insideWatch?.() ?? null;
            if (model && watched !== null && watched < test.count && showsInside(data.shape, task)) {
              emit({ type: 'inside', runId, epoch: record.epoch, snapshot: await insideOfTest(model, test, data.shape, watched) });
            }
          },
          shouldStop: host.shouldStop,
          yieldControl: network
            ? async () => {
                await host.yieldControl();
                await network.tick(epochsDone);
              }
            : host.yieldControl,
        }),
      ),
    );
    gate.onHold = null;
    flush();
    // The trained network, whether or not the view is open yet: opened after the run, it has this to show.
    if (network) await guard(network.now(outcome.history.length));
    if (drawsBoundary && outcome.history.length > boundaryEpoch) await guard(emitBoundary(model, outcome.history.length));

    // Stopped runs are evaluated too: the user wants to see where the model stands.
    emit({ type: 'phase', runId, phase: 'evaluating' });
    let result: AnyTestResult;
    if (task === 'regression') {
      const predictions = await guard(predictValues(model, test, data.shape));
      result = makeRegressionResult(predictions, test.targets ?? [], test.x, featureSize(data.shape), s.regLoss, splits.test);
    } else {
      const probs = await guard(predictProbabilities(model, test, data.shape));
      result = makeTestResult(probs, test.y, data.classNames, splits.test);
    }
    emit({ type: 'test', runId, result });
    // Kept for follow-up analyses (those that score classes, robustness and explanations, are asked of
    // classifiers only), the what-if prediction and the PyTorch export, which needs the run's splits and outcome.
    if (host.keepSession) {
      const diverged = outcome.status === 'diverged' ? { restoredEpoch: outcome.restoredEpoch, message: outcome.message } : null;
      const run = { settings: s, task, classNames: data.classNames, train, val, browserTest: browserTestLine(result), diverged };
      host.keepSession({ runId, model, test, shape: data.shape, seed: s.seed, run });
      model = null;
    }
    if (outcome.status === 'diverged') emit({ type: 'end', runId, status: 'error', message: outcome.message });
    else emit({ type: 'end', runId, status: outcome.status });
  } catch (err) {
    emit({ type: 'end', runId, status: isContextLoss(err) ? 'interrupted' : 'error', message: describeError(err) });
  } finally {
    if (heartbeat !== null) clearInterval(heartbeat);
    loss?.stop();
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
    // What the model costs to train, for the calibration cache: its input and 'model' settings, not the seed or rate.
    signature: { shape: input.shape, k: input.numClasses, task: run.task, ...groupValues(ms, 'model') },
  };
  const resolved = await resolveBackend(s.backend, model, run.train, host.calibrations ?? {});
  if (resolved) {
    host.emit({ type: 'backend', runId, backend: resolved.backend, choice: resolved.choice, calibrationKey: resolved.calibrationKey });
    return true;
  }
  if (host.inWorker && s.backend !== 'cpu') {
    host.emit({
      type: 'no-webgl',
      runId,
      reason: `${s.backend === 'auto' ? 'Neither WebGL nor WASM' : backendLabel(s.backend)} could start in the training worker.`,
    });
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
  // An empty split would reach TF.js as an empty tensor list ("Pass at least one tensor to concat"): say why first.
  const counts = { rows: data.count, train: splits.train.length, val: splits.val.length, test: splits.test.length };
  const tooSmall = splitProblem(
    counts,
    { valFraction: s.val, testFraction: s.test },
    isUploadDataset(s.dataset) ? 'Your data' : 'This dataset',
    data.kind === 'points' ? 'row' : 'image',
  );
  if (tooSmall) throw new Error(tooSmall);
  const task = taskOf(data);
  // Regression splits carry their targets beside the (all-zero) labels.
  const rows = (indices: Int32Array, labels?: Int32Array): SplitArrays => ({
    ...gatherRows(data, indices, labels),
    ...(task === 'regression' ? { targets: gatherTargets(data, indices) } : {}),
  });
  return { data, splits, task, rows };
}

function datasetAndSplits(s: Settings, host: Pick<TrainerHost, 'fetchAsset' | 'custom'>): Promise<{ data: Dataset; splits: Splits }> {
  return loadDatasetSplit(s, host.fetchAsset, isUploadDataset(s.dataset) ? host.custom : undefined);
}

/**
 * Why the trainer refuses a run's settings, in the settings gate's own words (the store checks the same gate
 * before it sends a run, so this is reached only by a hand-made message).
 */
export function refusedSettingsMessage(decoded: DecodeResult): string {
  const reasons = Object.values(decoded.fieldErrors);
  return `These settings cannot be trained: ${(reasons.length ? reasons : decoded.notices).join(' ')} Fix them in the settings panel and press Train again.`;
}

/** A failure during a run, in Fitlab's words (TF.js shape, concat, memory and WebGL errors mapped at this boundary). */
export function describeError(err: unknown): string {
  return userMessage(err, 'training');
}
