import type { RunRecord } from '../core/history/record';
import { create } from 'zustand';
import type { DecisionGrid, Explanation, PerturbationKind, RobustnessCurve } from '../core/analysis/types';
import type { EfficiencyReport, WeightPrecision } from '../core/efficiency/types';
import type { BackendChoice, BackendProbe } from '../core/backends/choice';
import type { ExperimentSpec, FoldResult, TrialResult } from '../core/experiment/types';
import type { ModelSummary } from '../core/model/summary';
import { defaultSettings, type Settings } from '../core/preset/schema';
import type { AnyTestResult } from '../core/train/test-result';
import type { BatchRecord, EpochRecord } from '../core/train/types';
import type { Task } from '../core/types';
import type { RunPhase, TensorMemory } from '../worker/protocol';

export type RunStatus = 'idle' | 'training' | 'done' | 'stopped' | 'error' | 'interrupted';

export interface RunState {
  id: string | null;
  status: RunStatus;
  phase: RunPhase | null;
  /** The settings the run was started with (the UI may change meanwhile). */
  settings: Settings | null;
  backend: string | null;
  backendNotice: string | null;
  /** How the backend was picked ('auto' measures; see src/core/backends/choice.ts). */
  backendChoice: BackendChoice | null;
  summary: ModelSummary | null;
  inputShape: number[] | null;
  /** Known once the trainer has the data ('prepared'). */
  task: Task | null;
  counts: { train: number; val: number; test: number } | null;
  noisyLabels: number;
  history: EpochRecord[];
  /** Backend memory after each epoch, beside `history`. */
  memory: TensorMemory[];
  batches: BatchRecord[];
  test: AnyTestResult | null;
  /** 2-D datasets: the latest decision-boundary grid and the epoch it was taken after. */
  boundary: { epoch: number; grid: DecisionGrid } | null;
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
  /** The trainer holds between batches (it said so: a 'paused' event), until resumed, stepped or stopped. */
  paused: boolean;
  /** Pause or Step was pressed and not undone by Resume: the run holds, or will at its next batch / epoch end. */
  pauseRequested: boolean;
}

/**
 * Playing a recorded run back: the current run's or a history run's epochs, shown up to `shown`. Only the
 * position is kept; the epochs themselves are read from where they are recorded (selectors.visibleEpochs).
 */
export interface ReplayState {
  /** 'current' for the lab's run, else a run history id. */
  source: 'current' | string;
  /** The history run being replayed, read from IndexedDB when its replay started (the list holds summaries). */
  record?: RunRecord;
  /** Epochs visible (1 … the recorded count). */
  shown: number;
  playing: boolean;
}

/** Follow-up questions asked of the current run's trained model; cleared when a new run starts. */
export interface AnalysisState {
  robustness: Partial<Record<PerturbationKind, RobustnessCurve>>;
  robustnessRunning: PerturbationKind | null;
  robustnessError: string | null;
  /** The test example being explained (its position in the test split); loading while neither field is set. */
  explain: { testIndex: number; explanation: Explanation | null; error: string | null } | null;
  efficiency: EfficiencyReport | null;
  efficiencyRunning: boolean;
  /** The precision whose model files are being prepared for download. */
  exporting: WeightPrecision | null;
  efficiencyError: string | null;
}

export type EvalTab = 'classes' | 'examples' | 'robustness' | 'timeline' | 'efficiency';

/** What the evaluation views show; not part of a run, not in the URL. */
export interface ViewState {
  evalTab: EvalTab;
  /** The confusion-matrix cell whose test examples the gallery shows. */
  selectedCell: { row: number; col: number } | null;
  /** A replay in progress (or left open at a scrubbed epoch); null shows the run as it is. */
  replay: ReplayState | null;
}

/** A cross-validation or hyperparameter search: it occupies the trainer like a run, and has its own results. */
export interface ExperimentState {
  id: string | null;
  status: RunStatus;
  /** What ran (settings as the URL encodes them, and the spec); null before the first experiment. */
  query: string | null;
  spec: ExperimentSpec | null;
  backend: string | null;
  folds: FoldResult[];
  trials: TrialResult[];
  error: string | null;
}

export const idleExperiment = (): ExperimentState => ({
  id: null,
  status: 'idle',
  query: null,
  spec: null,
  backend: null,
  folds: [],
  trials: [],
  error: null,
});

export interface LabState {
  settings: Settings;
  /** Problems found in the URL the page was opened with. */
  urlNotices: string[];
  /** What the settings gate changed in the last settings change, and why (empty when it took the change as is). */
  settingNotices: string[];
  run: RunState;
  analysis: AnalysisState;
  view: ViewState;
  experiment: ExperimentState;
  /** What this device's trainer can run on; probed once, shortly after start-up. */
  device: { probe: BackendProbe | null };
}

export const idleAnalysis = (): AnalysisState => ({
  robustness: {},
  robustnessRunning: null,
  robustnessError: null,
  explain: null,
  efficiency: null,
  efficiencyRunning: false,
  exporting: null,
  efficiencyError: null,
});

export const idleRun = (): RunState => ({
  id: null,
  status: 'idle',
  phase: null,
  settings: null,
  backend: null,
  backendNotice: null,
  backendChoice: null,
  summary: null,
  inputShape: null,
  task: null,
  counts: null,
  noisyLabels: 0,
  history: [],
  memory: [],
  batches: [],
  test: null,
  boundary: null,
  error: null,
  startedAt: null,
  endedAt: null,
  paused: false,
  pauseRequested: false,
});

export const initialLabState = (): LabState => ({
  settings: defaultSettings(),
  urlNotices: [],
  settingNotices: [],
  run: idleRun(),
  analysis: idleAnalysis(),
  view: { evalTab: 'classes', selectedCell: null, replay: null },
  experiment: idleExperiment(),
  device: { probe: null },
});

/** The one store. Actions live in ./actions and can be called from anywhere, React or not. */
export const useLab = create<LabState>()(() => initialLabState());
