import type { ParamRange } from '../../core/search/space';

/**
 * The settings a search can vary, with ranges a student would try first. Data settings are left out on
 * purpose: every trial must see the same split, or the scores would not compare.
 */
export const SEARCHABLE: { label: string; range: ParamRange }[] = [
  { label: 'Learning rate (log 1e-4 … 0.1)', range: { name: 'lr', kind: 'float', min: 1e-4, max: 0.1, log: true, steps: 4 } },
  { label: 'Batch size (16, 32, 64, 128)', range: { name: 'batchSize', kind: 'enum', options: [16, 32, 64, 128] } },
  { label: 'Dropout rate (0 … 0.6, dropout on)', range: { name: 'dropoutRate', kind: 'float', min: 0, max: 0.6, steps: 3 } },
  { label: 'L2 λ (log 1e-5 … 0.1, L2 on)', range: { name: 'l2Lambda', kind: 'float', min: 1e-5, max: 0.1, log: true, steps: 3 } },
  { label: 'Optimiser (Adam, SGD, RMSprop)', range: { name: 'optimizer', kind: 'enum', options: ['adam', 'sgd', 'rmsprop'] } },
  { label: 'Activation (ReLU, tanh, ELU)', range: { name: 'activation', kind: 'enum', options: ['relu', 'tanh', 'elu'] } },
  { label: 'Epochs (5 … 40)', range: { name: 'epochs', kind: 'int', min: 5, max: 40, steps: 3 } },
];
