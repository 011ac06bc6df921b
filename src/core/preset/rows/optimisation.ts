import type { SchemaRows } from '../setting-types';
import { onOff } from './format';

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

/** The optimisation section's settings: one field per row below. */
export interface OptimisationFields {
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
}

const OPTIMIZER_EFFECTS: Record<OptimizerName, string> = {
  adam: 'adapts a step size for every weight; a robust default',
  sgd: 'plain gradient descent: one step against the gradient, sized by the learning rate',
  rmsprop: 'scales steps by recent gradient size',
  momentum: 'gradient descent that keeps rolling in the direction it was going',
  nesterov: 'momentum that looks one step ahead; a little steadier',
  adamax: 'a variant of Adam using the largest recent gradient',
  nadam: 'Adam with Nesterov momentum',
  adagrad: 'shrinks the step for weights that have already moved a lot',
  adadelta: 'adapts its own step size; needs little tuning of the learning rate',
};

const SCHEDULE_EFFECTS: Record<LrSchedule, string> = {
  constant: 'the learning rate stays the same',
  step: 'the rate drops by a factor every few epochs',
  exp: 'the rate shrinks a little every epoch',
  cosine: 'the rate glides down to zero along a cosine curve',
  plateau: 'the rate drops when validation loss stops improving',
};

const scheduleIs =
  (...names: LrSchedule[]) =>
  (s: OptimisationFields) =>
    names.includes(s.schedule);
const earlyStopping = (s: OptimisationFields) => s.earlyStop;

/** How the weights are fitted: the optimiser, its schedule and when to stop (group 'training'). */
export const OPTIMISATION_ROWS = {
  optimizer: {
    key: 'opt',
    label: 'Optimiser',
    kind: 'enum',
    options: OPTIMIZERS,
    default: 'adam',
    group: 'training',
    section: 'optimisation',
    line: 'optimizer',
    optionLabels: {
      adam: 'Adam',
      sgd: 'SGD',
      rmsprop: 'RMSprop',
      momentum: 'SGD + momentum',
      nesterov: 'SGD + Nesterov',
      adamax: 'Adamax',
      nadam: 'Nadam',
      adagrad: 'Adagrad',
      adadelta: 'Adadelta',
    },
    help: (v, shown) => `Optimiser: ${shown}, the rule that updates the weights from the gradient: ${OPTIMIZER_EFFECTS[v]}.`,
  },
  momentum: {
    key: 'mom',
    label: 'Momentum',
    kind: 'float',
    min: 0,
    max: 0.999,
    default: 0.9,
    group: 'training',
    section: 'optimisation',
    line: 'optimizer',
    shownWhen: (s) => s.optimizer === 'momentum' || s.optimizer === 'nesterov',
    help: (_, shown) =>
      `Momentum: ${shown}. How much of the previous step carries into the next (momentum and Nesterov only). Higher is smoother but can overshoot.`,
  },
  regLoss: {
    key: 'rloss',
    label: 'Regression loss',
    kind: 'enum',
    options: REG_LOSSES,
    default: 'mse',
    group: 'training',
    section: 'optimisation',
    shownWhen: (_, data) => data.regression,
    optionLabels: { mse: 'Mean squared error', mae: 'Mean absolute error' },
    help: (v) =>
      v === 'mae'
        ? 'Regression loss: MAE, the mean absolute error. Every miss counts in proportion, so outliers matter less.'
        : 'Regression loss: MSE, the mean squared error. Big misses count much more than small ones.',
  },
  lr: {
    key: 'lr',
    label: 'Learning rate',
    kind: 'float',
    min: 1e-6,
    max: 10,
    default: 0.03,
    group: 'training',
    section: 'optimisation',
    line: 'step',
    help: (_, shown) =>
      `Learning rate: ${shown}, the size of each weight update. Too high and the loss jumps around or blows up; too low and learning crawls.`,
  },
  batchSize: {
    key: 'batch',
    label: 'Batch size',
    kind: 'int',
    min: 1,
    max: 2048,
    default: 32,
    group: 'training',
    section: 'optimisation',
    line: 'step',
    help: (_, shown) =>
      `Batch size: ${shown} samples per weight update. Small batches give many noisy steps per epoch; big ones give few smooth steps.`,
  },
  epochs: {
    key: 'epochs',
    label: 'Epochs',
    kind: 'int',
    min: 1,
    max: 1000,
    default: 40,
    group: 'training',
    section: 'optimisation',
    help: (_, shown) =>
      `Epochs: ${shown} passes over the training data. Too few and the model underfits; too many and it may start memorising (watch validation loss).`,
  },
  schedule: {
    key: 'sched',
    label: 'Learning-rate schedule',
    kind: 'enum',
    options: LR_SCHEDULES,
    default: 'constant',
    group: 'training',
    section: 'optimisation',
    optionLabels: {
      constant: 'Constant',
      step: 'Step decay',
      exp: 'Exponential decay',
      cosine: 'Cosine to zero',
      plateau: 'Reduce on plateau',
    },
    help: (v, shown) => `Schedule: ${shown}; ${SCHEDULE_EFFECTS[v]}. Big steps early, small steps late often ends in a better spot.`,
  },
  lrEvery: {
    key: 'lrEvery',
    label: 'Drop every (epochs)',
    kind: 'int',
    min: 1,
    max: 1000,
    default: 10,
    group: 'training',
    section: 'optimisation',
    line: 'schedule',
    shownWhen: scheduleIs('step'),
    help: (_, shown) =>
      `Drop every ${shown} epochs: with the step schedule, the learning rate is multiplied by the drop factor this often.`,
  },
  lrFactor: {
    key: 'lrFactor',
    label: 'Drop factor',
    kind: 'float',
    min: 0.01,
    max: 0.99,
    default: 0.5,
    group: 'training',
    section: 'optimisation',
    line: 'schedule',
    shownWhen: scheduleIs('step', 'plateau'),
    help: (_, shown) => `Drop factor: ${shown}. The step and plateau schedules multiply the learning rate by this when they drop it.`,
  },
  lrDecay: {
    key: 'lrDecay',
    label: 'Decay per epoch',
    kind: 'float',
    min: 0.5,
    max: 1,
    default: 0.95,
    group: 'training',
    section: 'optimisation',
    line: 'schedule',
    shownWhen: scheduleIs('exp'),
    help: (_, shown) => `Decay per epoch: ${shown}. The exponential schedule multiplies the learning rate by this every epoch.`,
  },
  lrPatience: {
    key: 'lrPat',
    label: 'Plateau patience (epochs)',
    kind: 'int',
    min: 1,
    max: 100,
    default: 5,
    group: 'training',
    section: 'optimisation',
    line: 'schedule',
    shownWhen: scheduleIs('plateau'),
    help: (_, shown) =>
      `Plateau patience: ${shown} epochs without a better validation loss before the plateau schedule lowers the learning rate.`,
  },
  minLr: {
    key: 'minLr',
    label: 'Minimum rate',
    kind: 'float',
    min: 0,
    max: 1,
    default: 0,
    group: 'training',
    section: 'optimisation',
    line: 'schedule',
    shownWhen: scheduleIs('plateau'),
    help: (_, shown) => `Minimum rate: ${shown}. The plateau schedule never lowers the learning rate below this.`,
  },
  earlyStop: {
    key: 'es',
    label: 'Early stopping',
    kind: 'bool',
    default: false,
    group: 'training',
    section: 'optimisation',
    help: (v) =>
      onOff(
        v,
        'Early stopping: on. Training stops once the monitored validation score has not improved for a few epochs, before the model overfits much.',
        'Early stopping: off. All epochs run. Switch it on to stop once validation stops improving.',
      ),
  },
  esMonitor: {
    key: 'esMon',
    label: 'Monitor',
    kind: 'enum',
    options: ES_MONITORS,
    default: 'val_loss',
    group: 'training',
    section: 'optimisation',
    line: 'early-stop',
    shownWhen: earlyStopping,
    optionLabels: { val_loss: 'Validation loss', val_acc: 'Validation accuracy' },
    help: (v) =>
      v === 'val_acc'
        ? 'Monitor: validation accuracy. Early stopping watches it and stops when it stops going up.'
        : 'Monitor: validation loss. Early stopping watches it and stops when it stops going down.',
  },
  esPatience: {
    key: 'esPat',
    label: 'Patience (epochs)',
    kind: 'int',
    min: 0,
    max: 100,
    default: 5,
    group: 'training',
    section: 'optimisation',
    line: 'early-stop',
    shownWhen: earlyStopping,
    help: (_, shown) =>
      `Patience: ${shown} epochs. Early stopping waits this long for an improvement before stopping, so one bad epoch does not end training.`,
  },
  esMinDelta: {
    key: 'esDelta',
    label: 'Min improvement',
    kind: 'float',
    min: 0,
    max: 1,
    default: 0,
    group: 'training',
    section: 'optimisation',
    line: 'early-stop',
    shownWhen: earlyStopping,
    help: (_, shown) => `Min improvement: ${shown}. A change smaller than this does not count as better for early stopping.`,
  },
  esRestore: {
    key: 'esBest',
    label: 'Restore best weights',
    kind: 'bool',
    default: true,
    group: 'training',
    section: 'optimisation',
    shownWhen: earlyStopping,
    help: (v) =>
      onOff(
        v,
        'Restore best weights: on. When early stopping ends the run, the model goes back to its best epoch.',
        'Restore best weights: off. When early stopping ends the run, the model keeps its last weights, not its best.',
      ),
  },
} satisfies SchemaRows<OptimisationFields>;
