/**
 * Every setting of a run, in one table. The same table gives the defaults, validates URL values and drives
 * both encoding and decoding, as TensorFlow Playground's `PROPS` does, so a setting cannot exist in the
 * UI without also living in the share link.
 */

/**
 * 'table' and 'images' are the user's own data (a CSV/TSV; an image folder, zip or CIFAR-10 batches). The
 * data never enters the URL (it stays in this browser's IndexedDB): a link with them asks for the file.
 */
export const DATASET_IDS = ['spiral', 'circles', 'xor', 'gaussian', 'sine', 'plane', 'bumps', 'digits', 'fashion', 'shapes', 'cancer', 'wine', 'iris', 'diabetes', 'table', 'images'] as const;
export const UPLOAD_DATASETS = ['table', 'images'] as const;
export type UploadDatasetId = (typeof UPLOAD_DATASETS)[number];
export type DatasetId = (typeof DATASET_IDS)[number];
/** Hidden-layer activations: 'leaky' (slope α below 0), 'prelu' (α learnt per unit / per channel, starting at α). */
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'leaky', 'prelu', 'selu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** Kernel initialisers, TF.js names; every one but 'zeros' is seeded from the run's seed. */
export const INITIALIZERS = ['glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'lecunNormal', 'zeros'] as const;
export type Initializer = (typeof INITIALIZERS)[number];
/** 'momentum' and 'nesterov' are SGD with (Nesterov) momentum; 'nadam' is src/core/train/nadam.ts. */
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'momentum', 'nesterov', 'adamax', 'nadam', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
/** Learning-rate schedules, applied per epoch (src/core/train/schedule.ts). */
export const LR_SCHEDULES = ['constant', 'step', 'exp', 'cosine', 'plateau'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];
export const ES_MONITORS = ['val_loss', 'val_acc'] as const;
export type EsMonitor = (typeof ES_MONITORS)[number];
/** Loss minimised on regression datasets: mean squared or mean absolute error. */
export const REG_LOSSES = ['mse', 'mae'] as const;
export type RegLoss = (typeof REG_LOSSES)[number];
export const MODEL_KINDS = ['mlp', 'cnn'] as const;
/** 'auto': WebGL on a GPU, else the fastest by a short measurement (src/core/backends/choice.ts). */
export const BACKENDS = ['auto', 'webgl', 'webgpu', 'wasm', 'cpu'] as const;

export interface ConvBlock {
  filters: number;
  /** 2×2 max pooling after the convolution. */
  pool: boolean;
}

export interface Settings {
  dataset: DatasetId;
  samples: number;
  noise: number;
  classes: number;
  seed: number;
  val: number;
  test: number;
  trainSize: number;
  labelNoise: number;
  /** Share of the minority class's samples kept (1 = all: balanced as the dataset comes). */
  minorityShare: number;
  minorityClass: number;
  /** Weight each training sample's loss by n / (K · n_class), as scikit-learn's class_weight='balanced'. */
  classWeights: boolean;
  model: (typeof MODEL_KINDS)[number];
  hidden: number[];
  activation: Activation;
  /** Negative slope of leaky ReLU, and PReLU's starting slope. */
  alpha: number;
  init: Initializer;
  conv: ConvBlock[];
  kernel: number;
  dense: number[];
  dropout: boolean;
  dropoutRate: number;
  l2: boolean;
  l2Lambda: number;
  l1: boolean;
  l1Lambda: number;
  /** Batch normalisation after every hidden dense / conv layer, before its activation. */
  batchNorm: boolean;
  flip: boolean;
  rotate: boolean;
  rotateDeg: number;
  shift: boolean;
  shiftPx: number;
  brightness: boolean;
  brightnessAmt: number;
  gaussNoise: boolean;
  gaussNoiseSd: number;
  optimizer: OptimizerName;
  /** Momentum coefficient of 'momentum' and 'nesterov'. */
  momentum: number;
  /** Ignored by classification datasets. */
  regLoss: RegLoss;
  lr: number;
  batchSize: number;
  epochs: number;
  schedule: LrSchedule;
  /** 'step': multiply the rate by lrFactor every lrEvery epochs. */
  lrEvery: number;
  /** 'step' and 'plateau': the factor the rate is multiplied by. */
  lrFactor: number;
  /** 'exp': the rate is multiplied by this every epoch. */
  lrDecay: number;
  /** 'plateau': epochs without a val_loss improvement before the rate drops. */
  lrPatience: number;
  /** 'plateau': the rate never drops below this. */
  minLr: number;
  earlyStop: boolean;
  esMonitor: EsMonitor;
  esPatience: number;
  esMinDelta: number;
  /** Put back the weights of the best monitored epoch when early stopping ends the run. */
  esRestore: boolean;
  backend: (typeof BACKENDS)[number];
  worker: boolean;
  /**
   * Epochs per second the curves advance at (0: as fast as the backend trains). Training waits between
   * epochs; the numbers never change with it, so a link gives the same results at any pace.
   */
  pace: number;
}

type Base<T> = { key: string; label: string; default: T };
export type FieldSpec =
  | (Base<number> & { kind: 'int' | 'float'; min: number; max: number })
  | (Base<boolean> & { kind: 'bool' })
  | (Base<string> & { kind: 'enum'; options: readonly string[] })
  | (Base<number[]> & { kind: 'intlist'; min: number; max: number; maxItems: number; minItems: number })
  | (Base<ConvBlock[]> & { kind: 'blocks'; min: number; max: number; maxItems: number });

// Wrapped in [] so unions such as `boolean` or an enum's options are not distributed over.
type SpecFor<T> = [T] extends [number]
  ? Extract<FieldSpec, { kind: 'int' | 'float' }>
  : [T] extends [boolean]
    ? Extract<FieldSpec, { kind: 'bool' }>
    : [T] extends [string]
      ? Extract<FieldSpec, { kind: 'enum' }> & { default: T; options: readonly T[] }
      : [T] extends [number[]]
        ? Extract<FieldSpec, { kind: 'intlist' }>
        : Extract<FieldSpec, { kind: 'blocks' }>;

/** Keyed by setting name; `key` is the (short, stable) URL key. */
export const SCHEMA: { [K in keyof Settings]: SpecFor<Settings[K]> } = {
  dataset: { key: 'data', label: 'Dataset', kind: 'enum', options: DATASET_IDS, default: 'spiral' },
  samples: { key: 'n', label: 'Samples (generated data)', kind: 'int', min: 20, max: 60000, default: 600 },
  noise: { key: 'noise', label: 'Noise', kind: 'float', min: 0, max: 1, default: 0.15 },
  classes: { key: 'classes', label: 'Classes', kind: 'int', min: 2, max: 5, default: 2 },
  seed: { key: 'seed', label: 'Seed', kind: 'int', min: 0, max: 2147483647, default: 1 },
  val: { key: 'val', label: 'Validation fraction', kind: 'float', min: 0.05, max: 0.5, default: 0.2 },
  test: { key: 'test', label: 'Test fraction', kind: 'float', min: 0.05, max: 0.5, default: 0.2 },
  trainSize: { key: 'train', label: 'Train size (0 = all)', kind: 'int', min: 0, max: 100000, default: 0 },
  labelNoise: { key: 'lnoise', label: 'Label noise (share of train labels)', kind: 'float', min: 0, max: 0.9, default: 0 },
  minorityShare: { key: 'minority', label: 'Minority class kept (share)', kind: 'float', min: 0.01, max: 1, default: 1 },
  minorityClass: { key: 'minorityClass', label: 'Minority class (index)', kind: 'int', min: 0, max: 9, default: 1 },
  classWeights: { key: 'cw', label: 'Class weights (balanced)', kind: 'bool', default: false },
  model: { key: 'model', label: 'Model', kind: 'enum', options: MODEL_KINDS, default: 'mlp' },
  hidden: { key: 'hidden', label: 'Hidden layers', kind: 'intlist', min: 1, max: 1024, minItems: 0, maxItems: 8, default: [32, 32] },
  activation: { key: 'act', label: 'Activation', kind: 'enum', options: ACTIVATIONS, default: 'relu' },
  alpha: { key: 'alpha', label: 'α (leaky slope / PReLU start)', kind: 'float', min: 0, max: 1, default: 0.2 },
  init: { key: 'init', label: 'Weight initialiser', kind: 'enum', options: INITIALIZERS, default: 'glorotUniform' },
  conv: {
    key: 'conv', label: 'Conv blocks', kind: 'blocks', min: 1, max: 256, maxItems: 6,
    default: [{ filters: 16, pool: true }, { filters: 32, pool: true }],
  },
  kernel: { key: 'kernel', label: 'Kernel size', kind: 'int', min: 1, max: 7, default: 3 },
  dense: { key: 'dense', label: 'Dense head', kind: 'intlist', min: 1, max: 1024, minItems: 0, maxItems: 4, default: [64] },
  dropout: { key: 'drop', label: 'Dropout', kind: 'bool', default: false },
  dropoutRate: { key: 'dropRate', label: 'Dropout rate', kind: 'float', min: 0, max: 0.9, default: 0.5 },
  l2: { key: 'l2', label: 'L2', kind: 'bool', default: false },
  l2Lambda: { key: 'l2Lambda', label: 'L2 λ', kind: 'float', min: 0, max: 1, default: 0.001 },
  l1: { key: 'l1', label: 'L1', kind: 'bool', default: false },
  l1Lambda: { key: 'l1Lambda', label: 'L1 λ', kind: 'float', min: 0, max: 1, default: 0.001 },
  batchNorm: { key: 'bn', label: 'Batch normalisation', kind: 'bool', default: false },
  flip: { key: 'flip', label: 'Horizontal flip', kind: 'bool', default: false },
  rotate: { key: 'rot', label: 'Rotation', kind: 'bool', default: false },
  rotateDeg: { key: 'rotDeg', label: 'Rotation ± degrees', kind: 'float', min: 0, max: 180, default: 15 },
  shift: { key: 'shift', label: 'Shift', kind: 'bool', default: false },
  shiftPx: { key: 'shiftPx', label: 'Shift ± pixels', kind: 'float', min: 0, max: 16, default: 2 },
  brightness: { key: 'bright', label: 'Brightness/contrast', kind: 'bool', default: false },
  brightnessAmt: { key: 'brightAmt', label: 'Brightness/contrast ±', kind: 'float', min: 0, max: 0.5, default: 0.2 },
  gaussNoise: { key: 'gnoise', label: 'Gaussian noise', kind: 'bool', default: false },
  gaussNoiseSd: { key: 'gnoiseSd', label: 'Noise σ', kind: 'float', min: 0, max: 0.5, default: 0.05 },
  optimizer: { key: 'opt', label: 'Optimiser', kind: 'enum', options: OPTIMIZERS, default: 'adam' },
  momentum: { key: 'mom', label: 'Momentum', kind: 'float', min: 0, max: 0.999, default: 0.9 },
  regLoss: { key: 'rloss', label: 'Regression loss', kind: 'enum', options: REG_LOSSES, default: 'mse' },
  lr: { key: 'lr', label: 'Learning rate', kind: 'float', min: 1e-6, max: 10, default: 0.03 },
  batchSize: { key: 'batch', label: 'Batch size', kind: 'int', min: 1, max: 2048, default: 32 },
  epochs: { key: 'epochs', label: 'Epochs', kind: 'int', min: 1, max: 1000, default: 40 },
  schedule: { key: 'sched', label: 'Learning-rate schedule', kind: 'enum', options: LR_SCHEDULES, default: 'constant' },
  lrEvery: { key: 'lrEvery', label: 'Drop every (epochs)', kind: 'int', min: 1, max: 1000, default: 10 },
  lrFactor: { key: 'lrFactor', label: 'Drop factor', kind: 'float', min: 0.01, max: 0.99, default: 0.5 },
  lrDecay: { key: 'lrDecay', label: 'Decay per epoch', kind: 'float', min: 0.5, max: 1, default: 0.95 },
  lrPatience: { key: 'lrPat', label: 'Plateau patience (epochs)', kind: 'int', min: 1, max: 100, default: 5 },
  minLr: { key: 'minLr', label: 'Minimum rate', kind: 'float', min: 0, max: 1, default: 0 },
  earlyStop: { key: 'es', label: 'Early stopping', kind: 'bool', default: false },
  esMonitor: { key: 'esMon', label: 'Monitor', kind: 'enum', options: ES_MONITORS, default: 'val_loss' },
  esPatience: { key: 'esPat', label: 'Patience (epochs)', kind: 'int', min: 0, max: 100, default: 5 },
  esMinDelta: { key: 'esDelta', label: 'Min improvement', kind: 'float', min: 0, max: 1, default: 0 },
  esRestore: { key: 'esBest', label: 'Restore best weights', kind: 'bool', default: true },
  backend: { key: 'backend', label: 'Backend', kind: 'enum', options: BACKENDS, default: 'auto' },
  worker: { key: 'worker', label: 'Train in a worker', kind: 'bool', default: true },
  pace: { key: 'pace', label: 'Pace (epochs per second)', kind: 'float', min: 0, max: 60, default: 0 },
};

export const SETTING_NAMES = Object.keys(SCHEMA) as (keyof Settings)[];

export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const d: unknown = SCHEMA[name].default;
    // Only lists need a copy; structuredClone on every number made a 50,000-run import spend seconds here.
    out[name] = typeof d === 'object' && d !== null ? structuredClone(d) : d;
  }
  return out as unknown as Settings;
}

/** True when the dataset is made of images (so CNNs and augmentation apply). */
export function isImageDataset(id: DatasetId): boolean {
  return id === 'digits' || id === 'fashion' || id === 'shapes' || id === 'images';
}

/** True for the user's own data, which comes from the upload store instead of the registry. */
export function isUploadDataset(id: DatasetId): id is UploadDatasetId {
  return id === 'table' || id === 'images';
}

/** True when the dataset has a real-valued target (see src/core/data/regression.ts) instead of classes. */
export function isRegressionDataset(id: DatasetId): boolean {
  return id === 'sine' || id === 'plane' || id === 'bumps' || id === 'diabetes';
}

/** True for the tables Fitlab ships (src/core/data/tables.ts): fixed rows, no generator knobs. */
export function isShippedTable(id: DatasetId): boolean {
  return id === 'cancer' || id === 'wine' || id === 'iris' || id === 'diabetes';
}
