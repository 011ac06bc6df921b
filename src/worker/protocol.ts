import {
  PERTURBATION_KINDS,
  WEIGHT_PRECISIONS,
  type AnalysisRequest,
  type AnalysisResult,
  type DecisionGrid,
  type PerturbationKind,
} from '../core/analysis/types';
import { customDataProblem, type CustomData } from '../core/data/custom';
import type { ExperimentSpec, FoldResult, TrialResult } from '../core/experiment/types';
import type { NetworkSnapshot } from '../core/network/types';
import { isNetworkSnapshot } from '../core/network/validate';
import type { ModelSummary } from '../core/model/summary';
import { validateSpace, type ParamRange } from '../core/search/space';
import type { BatchRecord, EpochRecord } from '../core/train/types';
import {
  TRAINING_BACKENDS,
  parseCalibrationCache,
  type BackendChoice,
  type BackendProbe,
  type CalibrationCache,
} from '../core/backends/choice';
import type { AnyTestResult } from '../core/train/test-result';
import type { Task } from '../core/types';
import type { InsideSnapshot } from '../core/inside/types';
import { isInsideSnapshot, isUserInput } from '../core/inside/validate';

/**
 * Messages across the training boundary (worker or main-thread fallback). Settings travel as the same
 * query string the share link uses, so the receiving side validates them with the URL codec.
 */
export type ToTrainer =
  /** A training run, or with `experiment` a cross-validation or search over the training pool. */
  | {
      type: 'start';
      runId: string;
      query: string;
      assetBase: string;
      experiment?: ExperimentSpec;
      calibrations?: CalibrationCache;
      /** The user's own data, for runs on 'table' or 'images' (it never goes into the query). */
      custom?: CustomData;
      /** A saved model's files (model.json, weights) to evaluate on the test split instead of training. */
      savedModel?: File[];
      /** Train one epoch, then hold paused (Step pressed before any run). */
      step?: boolean;
    }
  | { type: 'stop'; runId: string }
  /** Pause between batches, resume, or train one more epoch and pause (src/core/train/gate.ts). */
  | { type: 'control'; runId: string; action: RunControl }
  /** A new pace (epochs per second, 0 = as fast as possible) for the run in progress; numbers do not change. */
  | { type: 'pace'; runId: string; pace: number }
  /** What backends this trainer can use (answered with a 'probe' event; `runId` is the request's id). */
  | { type: 'probe'; runId: string }
  /** Questions about the model a finished run left behind (the trainer keeps the latest run's model). */
  | { type: 'analyse'; runId: string; requestId: number; request: AnalysisRequest }
  /**
   * The Inside view is open on this test example (null: closed): each epoch of the run in progress then ends
   * with an 'inside' event. Not tied to one run (`runId` may be empty): it holds until changed.
   */
  | { type: 'inside-watch'; runId: string; testIndex: number | null }
  /**
   * Whether the network view is open: only then does the trainer compute its snapshots. It holds for the run
   * in progress and every later one (`runId` is the run in progress, or any id before the first).
   */
  | { type: 'watch'; runId: string; network: boolean };

export interface TensorMemory {
  tensors: number;
  bytes: number;
}

export const RUN_CONTROLS = ['pause', 'resume', 'step'] as const;
export type RunControl = (typeof RUN_CONTROLS)[number];

export type RunPhase = 'starting' | 'loading' | 'training' | 'evaluating';
/** 'interrupted': cut short by a failure outside the run (the worker died, the WebGL context was lost). */
export type RunEndStatus = 'done' | 'stopped' | 'error' | 'interrupted';

export type FromTrainer =
  /**
   * The backend the run trains on, why (`choice`), and the key its calibration is remembered under. `notice`
   * is set for fallbacks the user should know about.
   */
  | { type: 'backend'; runId: string; backend: string; notice?: string; choice?: BackendChoice; calibrationKey?: string }
  | { type: 'probe'; runId: string; probe: BackendProbe }
  /** The worker could not start WebGL; the client retries on the main thread. */
  | { type: 'no-webgl'; runId: string; reason: string }
  | { type: 'phase'; runId: string; phase: RunPhase }
  /** The run has started (true) or stopped (false) holding between batches: sent once it really holds. */
  | { type: 'paused'; runId: string; paused: boolean }
  | {
      type: 'prepared';
      runId: string;
      summary: ModelSummary;
      /** Per-sample input shape: [2] for points, [h, w, c] for images. */
      inputShape: number[];
      /** What the model learns: classes, or a value (a table's task is the user's choice). */
      task: Task;
      counts: { train: number; val: number; test: number };
      noisyLabels: number;
    }
  | { type: 'batches'; runId: string; records: BatchRecord[] }
  /** `memory`: the backend's live tensors and bytes after the epoch; flat across epochs unless something leaks. */
  | { type: 'epoch'; runId: string; record: EpochRecord; memory: TensorMemory }
  | { type: 'test'; runId: string; result: AnyTestResult }
  /**
   * The model's weights after `epoch` (throttled, src/worker/weights-checkpoint.ts), so a run cut short keeps
   * its last good model: the TF.js layers files the model download writes. `ms`: what reading them cost.
   */
  | { type: 'weights'; runId: string; epoch: number; modelJson: string; weights: Uint8Array; ms: number }
  /** 2-D datasets: the model's predictions over the input plane after an epoch. */
  | { type: 'boundary'; runId: string; epoch: number; grid: DecisionGrid }
  /** MLPs, while the network view is open: units, weights and heatmaps from the live weights (`epoch`: epochs done). */
  | { type: 'network'; runId: string; epoch: number; snapshot: NetworkSnapshot }
  | { type: 'analysis'; runId: string; requestId: number; result?: AnalysisResult; error?: string }
  /** The watched test example through every layer after an epoch (only while the Inside view is open). */
  | { type: 'inside'; runId: string; epoch: number; snapshot: InsideSnapshot }
  | { type: 'fold'; runId: string; fold: FoldResult }
  | { type: 'trial'; runId: string; trial: TrialResult }
  | { type: 'end'; runId: string; status: RunEndStatus; message?: string }
  /** A worker run's heartbeat (src/worker/watchdog.ts): the worker's thread is alive, whatever the run does. */
  | { type: 'alive'; runId: string };

const FROM_TYPES = new Set([
  'backend',
  'probe',
  'no-webgl',
  'phase',
  'paused',
  'prepared',
  'batches',
  'epoch',
  'test',
  'weights',
  'boundary',
  'network',
  'inside',
  'analysis',
  'fold',
  'trial',
  'end',
  'alive',
]);

/** Shape check of an incoming trainer event: its tag and run id, plus the field each tag relies on. */
export function isFromTrainer(m: unknown): m is FromTrainer {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.type !== 'string' || !FROM_TYPES.has(r.type) || typeof r.runId !== 'string') return false;
  switch (r.type) {
    case 'backend':
      return typeof r.backend === 'string' && (r.choice === undefined || isChoice(r.choice));
    case 'probe':
      return isObject(r.probe) && ['webgl', 'wasm', 'webgpu'].every((k) => isObject((r.probe as Record<string, unknown>)[k]));
    case 'paused':
      return typeof r.paused === 'boolean';
    case 'batches':
      return Array.isArray(r.records);
    case 'epoch':
      return isObject(r.record) && isObject(r.memory);
    case 'prepared':
      return (
        isObject(r.summary) && isObject(r.counts) && Array.isArray(r.inputShape) && (r.task === 'classification' || r.task === 'regression')
      );
    case 'test':
      return isObject(r.result);
    case 'weights':
      return isWeightsEvent(r);
    case 'boundary':
      return typeof r.epoch === 'number' && isDecisionGrid(r.grid);
    case 'inside':
      return typeof r.epoch === 'number' && isInsideSnapshot(r.snapshot);
    case 'network':
      return typeof r.epoch === 'number' && isNetworkSnapshot(r.snapshot);
    case 'analysis':
      return typeof r.requestId === 'number' && (isAnalysisResult(r.result) || typeof r.error === 'string');
    case 'fold':
      return isObject(r.fold) && Array.isArray((r.fold as Record<string, unknown>).history);
    case 'trial':
      return isObject(r.trial) && isObject((r.trial as Record<string, unknown>).params);
    case 'end':
      return r.status === 'done' || r.status === 'stopped' || r.status === 'error' || r.status === 'interrupted';
    default:
      return true;
  }
}

/** A model.json far bigger than any topology Fitlab builds, or weights beyond the saved-model limit, are refused. */
const MAX_MODEL_JSON = 4 * 2 ** 20;
const MAX_WEIGHT_BYTES = 200 * 2 ** 20;

function isWeightsEvent(r: Record<string, unknown>): boolean {
  return (
    Number.isInteger(r.epoch) &&
    (r.epoch as number) >= 1 &&
    typeof r.modelJson === 'string' &&
    r.modelJson.length <= MAX_MODEL_JSON &&
    r.weights instanceof Uint8Array &&
    r.weights.byteLength <= MAX_WEIGHT_BYTES &&
    typeof r.ms === 'number'
  );
}

function isChoice(v: unknown): v is BackendChoice {
  if (!isObject(v)) return false;
  const c = v as Record<string, unknown>;
  return (TRAINING_BACKENDS as readonly unknown[]).includes(c.backend) && typeof c.reason === 'string' && Array.isArray(c.timings);
}

/** A grid's arrays must hold one entry per cell, or the heatmap would draw garbage. */
function isDecisionGrid(v: unknown): boolean {
  if (!isObject(v)) return false;
  const g = v as Record<string, unknown>;
  const cells = typeof g.resolution === 'number' ? g.resolution * g.resolution : NaN;
  const probabilities =
    g.probabilities === undefined ||
    (Array.isArray(g.probabilities) && g.probabilities.length >= cells && g.probabilities.length % cells === 0);
  return (
    Array.isArray(g.classes) && Array.isArray(g.confidence) && g.classes.length === cells && g.confidence.length === cells && probabilities
  );
}

function isAnalysisResult(v: unknown): boolean {
  if (!isObject(v)) return false;
  const r = v as Record<string, unknown>;
  return (
    (r.kind === 'robustness' && isObject(r.curve)) ||
    (r.kind === 'explain' && isObject(r.explanation)) ||
    (r.kind === 'efficiency' && isObject(r.report)) ||
    (r.kind === 'export' && isObject(r.artifacts)) ||
    (r.kind === 'predict' && isFiniteList(r.outputs)) ||
    (r.kind === 'pytorch' && r.bytes instanceof Uint8Array && typeof r.params === 'number') ||
    (r.kind === 'inside' && isInsideSnapshot(r.snapshot)) ||
    (r.kind === 'classify' && isObject(r.explanation))
  );
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

export function isToTrainer(m: unknown): m is ToTrainer {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.runId !== 'string') return false;
  if (r.type === 'stop' || r.type === 'probe') return true;
  if (r.type === 'control') return (RUN_CONTROLS as readonly unknown[]).includes(r.action);
  if (r.type === 'pace') return typeof r.pace === 'number' && Number.isFinite(r.pace) && r.pace >= 0 && r.pace <= 1000;
  if (r.type === 'inside-watch') return r.testIndex === null || (Number.isInteger(r.testIndex) && (r.testIndex as number) >= 0);
  if (r.type === 'watch') return typeof r.network === 'boolean';
  if (r.type === 'analyse') return typeof r.requestId === 'number' && isAnalysisRequest(r.request);
  return (
    r.type === 'start' &&
    typeof r.query === 'string' &&
    typeof r.assetBase === 'string' &&
    (r.experiment === undefined || isExperimentSpec(r.experiment)) &&
    (r.step === undefined || typeof r.step === 'boolean') &&
    (r.custom === undefined || customDataProblem(r.custom) === null) &&
    (r.savedModel === undefined ||
      (Array.isArray(r.savedModel) && r.savedModel.length <= 20 && r.savedModel.every((f) => f instanceof File))) &&
    // Malformed entries are dropped by the parser, but the field itself must be a plain object.
    (r.calibrations === undefined ||
      (isObject(r.calibrations) &&
        Object.keys(parseCalibrationCache(r.calibrations)).length === Object.keys(r.calibrations as object).length))
  );
}

/** run.json of a PyTorch export: the metrics file of one run, far below this even at 1,000 epochs. */
const MAX_RUN_JSON = 64 * 2 ** 20;

const SEARCH_METHODS: readonly unknown[] = ['grid', 'random', 'bayes'];

/** Bounds an experiment before it starts many trainings: fold counts, trial budgets, a sane search space. */
function isExperimentSpec(v: unknown): v is ExperimentSpec {
  if (!isObject(v)) return false;
  const r = v as Record<string, unknown>;
  if (r.kind === 'cv') {
    return (
      Number.isInteger(r.k) &&
      (r.k as number) >= 2 &&
      (r.k as number) <= 10 &&
      typeof r.stratified === 'boolean' &&
      typeof r.leaveOneOut === 'boolean'
    );
  }
  if (r.kind === 'search') {
    return (
      SEARCH_METHODS.includes(r.method) &&
      Array.isArray(r.space) &&
      r.space.length > 0 &&
      validateSpace(r.space as ParamRange[]).length === 0 &&
      Number.isInteger(r.budget) &&
      (r.budget as number) >= 1 &&
      (r.budget as number) <= 500 &&
      Number.isInteger(r.seed) &&
      Array.isArray(r.done)
    );
  }
  return false;
}

function isAnalysisRequest(v: unknown): v is AnalysisRequest {
  if (!isObject(v)) return false;
  const r = v as Record<string, unknown>;
  if (r.kind === 'robustness') {
    return (
      PERTURBATION_KINDS.includes(r.perturbation as PerturbationKind) &&
      Array.isArray(r.strengths) &&
      r.strengths.length <= 32 &&
      r.strengths.every((x) => typeof x === 'number' && Number.isFinite(x))
    );
  }
  if (r.kind === 'explain') {
    return Number.isInteger(r.testIndex) && (r.classIndex === undefined || Number.isInteger(r.classIndex));
  }
  if (r.kind === 'efficiency') return true;
  if (r.kind === 'export') return (WEIGHT_PRECISIONS as readonly unknown[]).includes(r.precision);
  if (r.kind === 'predict') return isFiniteList(r.inputs) && (r.inputs as number[]).length <= MAX_PREDICT_INPUTS;
  if (r.kind === 'pytorch')
    return (
      typeof r.runJson === 'string' &&
      r.runJson.length <= MAX_RUN_JSON &&
      (r.includeData === undefined || typeof r.includeData === 'boolean')
    );
  if (r.kind === 'inside') return Number.isInteger(r.testIndex) && (r.testIndex as number) >= 0;
  if (r.kind === 'classify') return isUserInput(r.input);
  return false;
}

/** One row of a table (a what-if question) is at most the import's column limit after one-hot encoding. */
const MAX_PREDICT_INPUTS = 100_000;

function isFiniteList(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}
