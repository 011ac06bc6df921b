import type * as tf from '@tensorflow/tfjs';
import { leaveOneOut, kFold, stratifiedKFold, type Fold } from '../core/cv/folds';
import type { ExperimentSpec, FoldResult, TrialResult } from '../core/experiment/types';
import { buildModel } from '../core/model/build';
import { decodeSettings } from '../core/preset/codec';
import type { Settings } from '../core/preset/schema';
import { createSampler } from '../core/search/samplers';
import { trainModel } from '../core/train/loop';
import { effectiveModelSettings, trainConfigFor } from '../core/train/run-config';
import type { EpochRecord, SplitArrays } from '../core/train/types';
import type { Dataset, Task } from '../core/types';
import { deriveSeed } from '../core/rng';
import { withParams } from '../core/experiment/params';
import { describeError, loadRunData, refusedSettingsMessage, startRunBackend, type TrainerHost } from './runner';

type Rows = (indices: Int32Array, labels?: Int32Array) => SplitArrays;

/**
 * Cross-validation and hyperparameter search, in the trainer (worker or main-thread fallback) like a run.
 * Both work on the training pool only — the train and validation splits — so the test split stays unseen
 * by every choice they inform. Always ends with an 'end' event; Stop ends it within one batch.
 */
export async function runExperiment(
  runId: string,
  query: string,
  spec: ExperimentSpec,
  host: TrainerHost,
  allowCpuFallback = true,
): Promise<void> {
  const decoded = decodeSettings(query);
  if (decoded.notices.length) {
    host.emit({ type: 'end', runId, status: 'error', message: refusedSettingsMessage(decoded) });
    return;
  }
  const s = decoded.settings;
  try {
    host.emit({ type: 'phase', runId, phase: 'loading' });
    const { data, splits, task, rows } = await loadRunData(s, host);
    if (!(await startRunBackend(runId, s, host, allowCpuFallback, { data, task, train: rows(splits.train, splits.trainLabels) }))) return;
    host.emit({ type: 'phase', runId, phase: 'training' });
    const stopped =
      spec.kind === 'cv'
        ? await crossValidate(runId, s, spec, data, task, rows, Int32Array.from([...splits.train, ...splits.val]), host)
        : await search(runId, s, spec, data, task, rows(splits.train, splits.trainLabels), rows(splits.val), host);
    host.emit({ type: 'end', runId, status: stopped ? 'stopped' : 'done' });
  } catch (err) {
    host.emit({ type: 'end', runId, status: 'error', message: describeError(err) });
  }
}

/** Folds of the pool: stratified by class when asked (and when there are classes), seeded by the run's seed. */
function foldsFor(spec: Extract<ExperimentSpec, { kind: 'cv' }>, data: Dataset, task: Task, pool: Int32Array, seed: number): Fold[] {
  if (spec.leaveOneOut) return leaveOneOut(pool.length);
  const foldSeed = deriveSeed(seed, 'cv-folds');
  if (spec.stratified && task === 'classification') {
    return stratifiedKFold(
      Array.from(pool, (i) => data.y[i]),
      spec.k,
      foldSeed,
    );
  }
  return kFold(pool.length, spec.k, foldSeed);
}

async function crossValidate(
  runId: string,
  s: Settings,
  spec: Extract<ExperimentSpec, { kind: 'cv' }>,
  data: Dataset,
  task: Task,
  rows: Rows,
  pool: Int32Array,
  host: TrainerHost,
): Promise<boolean> {
  const folds = foldsFor(spec, data, task, pool, s.seed);
  for (let f = 0; f < folds.length; f++) {
    // Fold indices point into the pool; the pool points into the dataset.
    const train = rows(folds[f].train.map((i) => pool[i]));
    const val = rows(folds[f].val.map((i) => pool[i]));
    const outcome = await fit(s, data, task, train, val, host);
    const fold: FoldResult = {
      fold: f + 1,
      trainCount: train.count,
      valCount: val.count,
      history: outcome.history,
      ...finalScores(outcome.history),
    };
    host.emit({ type: 'fold', runId, fold });
    if (outcome.status === 'stopped') return true;
  }
  return false;
}

async function search(
  runId: string,
  s: Settings,
  spec: Extract<ExperimentSpec, { kind: 'search' }>,
  data: Dataset,
  task: Task,
  // The very training data a run of these settings gets (label noise included), so "apply best" and
  // train reproduces the trial exactly.
  train: SplitArrays,
  val: SplitArrays,
  host: TrainerHost,
): Promise<boolean> {
  const sampler = createSampler(spec.method, spec.space, spec.seed);
  const done: TrialResult[] = [...spec.done];
  while (done.length < spec.budget) {
    const params = sampler.next(done.map((t) => ({ params: t.params, score: t.score })));
    if (!params) break; // a grid ran out of points
    const t0 = performance.now();
    const trialSettings = withParams(s, params);
    let trial: TrialResult;
    try {
      const outcome = await fit(trialSettings, data, task, train, val, host);
      if (outcome.status === 'stopped') return true;
      const scores = finalScores(outcome.history);
      trial = {
        trial: done.length + 1,
        params,
        // The best validation score over the epochs: what early stopping would have kept.
        score: bestScore(outcome.history),
        bestValLoss: scores.bestValLoss,
        epochs: outcome.history.length,
        ms: performance.now() - t0,
        ...(outcome.status === 'diverged' ? { error: outcome.message } : {}),
      };
    } catch (err) {
      // One bad combination (e.g. a model too big) must not end the search: it scores NaN and says why.
      trial = {
        trial: done.length + 1,
        params,
        score: NaN,
        bestValLoss: NaN,
        epochs: 0,
        ms: performance.now() - t0,
        error: describeError(err),
      };
    }
    done.push(trial);
    host.emit({ type: 'trial', runId, trial });
  }
  return false;
}

/** Builds the settings' model and trains it on train, validating on val; the model is always freed. */
async function fit(s: Settings, data: Dataset, task: Task, train: SplitArrays, val: SplitArrays, host: TrainerHost) {
  let model: tf.LayersModel | null = null;
  try {
    model = buildModel(effectiveModelSettings(s), { shape: data.shape, numClasses: data.classNames.length, task });
    return await trainModel(model, { train, val, shape: data.shape, numClasses: data.classNames.length, task }, trainConfigFor(s), {
      shouldStop: host.shouldStop,
      yieldControl: host.yieldControl,
    });
  } finally {
    model?.dispose();
  }
}

function finalScores(history: EpochRecord[]): Pick<FoldResult, 'valLoss' | 'valAcc' | 'bestValLoss'> {
  const last = history.at(-1);
  const bestValLoss = history.reduce((b, r) => (r.val_loss < b ? r.val_loss : b), Infinity);
  return { valLoss: last?.val_loss ?? NaN, valAcc: last?.val_acc ?? NaN, bestValLoss: Number.isFinite(bestValLoss) ? bestValLoss : NaN };
}

/** The best validation accuracy (or R²) of any epoch; NaN when none is finite. */
function bestScore(history: EpochRecord[]): number {
  const finite = history.map((r) => r.val_acc).filter(Number.isFinite);
  return finite.length ? Math.max(...finite) : NaN;
}
