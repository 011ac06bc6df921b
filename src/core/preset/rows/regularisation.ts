import type { SchemaRows } from '../setting-types';
import { onOff, pct } from './format';

/** The regularisation section's settings: one field per row below. */
export interface RegularisationFields {
  dropout: boolean;
  dropoutRate: number;
  l2: boolean;
  l2Lambda: number;
  l1: boolean;
  l1Lambda: number;
  /** Batch normalisation after every hidden dense / conv layer, before its activation. */
  batchNorm: boolean;
}

/** Cures for overfitting that change the model's layers or loss terms: a change rebuilds the model. */
export const REGULARISATION_ROWS = {
  dropout: {
    key: 'drop',
    label: 'Dropout',
    kind: 'bool',
    default: false,
    group: 'model',
    section: 'regularisation',
    line: 'dropout',
    help: (v) =>
      onOff(
        v,
        'Dropout: on. In training each hidden neuron is switched off at random, so the network cannot lean on any one of them. Fights overfitting.',
        'Dropout: off. Switch it on to drop random neurons during training, a simple cure for overfitting.',
      ),
  },
  dropoutRate: {
    key: 'dropRate',
    label: 'Dropout rate',
    kind: 'float',
    min: 0,
    max: 0.9,
    default: 0.5,
    group: 'model',
    section: 'regularisation',
    line: 'dropout',
    enabledWhen: (s) => s.dropout,
    help: (v) => `Dropout rate: ${pct(v)} of hidden neurons are dropped at each training step. Too high and the model underfits.`,
  },
  l2: {
    key: 'l2',
    label: 'L2',
    kind: 'bool',
    default: false,
    group: 'model',
    section: 'regularisation',
    line: 'l2',
    help: (v) =>
      onOff(
        v,
        'L2: on. Large weights are penalised in the loss, so the model prefers simpler, smoother fits. Fights overfitting.',
        'L2: off. Switch it on to penalise large weights (weight decay), a cure for overfitting.',
      ),
  },
  l2Lambda: {
    key: 'l2Lambda',
    label: 'L2 λ',
    kind: 'float',
    min: 0,
    max: 1,
    default: 0.001,
    group: 'model',
    section: 'regularisation',
    line: 'l2',
    enabledWhen: (s) => s.l2,
    help: (_, shown) =>
      `L2 λ: ${shown}. How strongly large weights are penalised. Too big and the model cannot fit even the training data.`,
  },
  l1: {
    key: 'l1',
    label: 'L1',
    kind: 'bool',
    default: false,
    group: 'model',
    section: 'regularisation',
    line: 'l1',
    help: (v) =>
      onOff(
        v,
        'L1: on. The sum of absolute weights is penalised, pushing many weights to exactly zero (a sparser model).',
        'L1: off. Switch it on to penalise absolute weights, which drives unneeded weights to zero.',
      ),
  },
  l1Lambda: {
    key: 'l1Lambda',
    label: 'L1 λ',
    kind: 'float',
    min: 0,
    max: 1,
    default: 0.001,
    group: 'model',
    section: 'regularisation',
    line: 'l1',
    enabledWhen: (s) => s.l1,
    help: (_, shown) => `L1 λ: ${shown}. How strongly the absolute weights are penalised. Too big and most weights become zero.`,
  },
  batchNorm: {
    key: 'bn',
    label: 'Batch normalisation',
    kind: 'bool',
    default: false,
    group: 'model',
    section: 'regularisation',
    note: {
      testId: 'batchnorm-note',
      when: (s) => s.batchNorm,
      text: "After each hidden dense / conv layer, before its activation, so the activation sees normalised inputs; that layer's bias is dropped (BN's shift replaces it).",
    },
    help: (v) =>
      onOff(
        v,
        "Batch normalisation: on. Each layer's inputs are rescaled per batch, which keeps deep networks trainable and often allows larger learning rates.",
        "Batch normalisation: off. Switch it on to rescale each layer's inputs per batch; it helps deep networks train.",
      ),
  },
} satisfies SchemaRows<RegularisationFields>;
