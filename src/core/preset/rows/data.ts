import type { SchemaRows } from '../setting-types';
import { onOff, pct } from './format';

/**
 * 'table' and 'images' are the user's own data (a CSV/TSV; an image folder, zip or CIFAR-10 batches). The
 * data never enters the URL (it stays in this browser's IndexedDB): a link with them asks for the file.
 */
export const DATASET_IDS = [
  'spiral',
  'circles',
  'xor',
  'gaussian',
  'sine',
  'plane',
  'bumps',
  'digits',
  'fashion',
  'shapes',
  'cancer',
  'wine',
  'iris',
  'diabetes',
  'table',
  'images',
] as const;
export const UPLOAD_DATASETS = ['table', 'images'] as const;
export type UploadDatasetId = (typeof UPLOAD_DATASETS)[number];
export type DatasetId = (typeof DATASET_IDS)[number];

/** The data section's settings: one field per row below. */
export interface DataFields {
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
}

/** The data a run trains on and how it is split: a change rebuilds the dataset (group 'data'). */
export const DATA_ROWS = {
  dataset: {
    key: 'data',
    label: 'Dataset',
    kind: 'enum',
    options: DATASET_IDS,
    default: 'spiral',
    group: 'data',
    section: 'data',
    optionLabels: {
      spiral: 'Spiral (2-D)',
      circles: 'Circles (2-D)',
      xor: 'XOR (2-D)',
      gaussian: 'Gaussian blobs (2-D)',
      sine: 'Noisy sine (1-D regression)',
      plane: 'Plane (2-D regression)',
      bumps: 'Gaussian bumps (2-D regression)',
      digits: 'Digits 8×8 (1,797)',
      fashion: 'Fashion-MNIST 28×28 (12,000)',
      shapes: 'RGB shapes 32×32',
      cancer: 'Breast cancer (table, 569 × 30)',
      wine: 'Wine (table, 178 × 13)',
      iris: 'Iris (table, 150 × 4)',
      diabetes: 'Diabetes (table regression, 442 × 10)',
      table: 'Your table (CSV / TSV)',
      images: 'Your images (folder, zip, CIFAR-10)',
    },
    help: (_, shown) =>
      `Dataset: ${shown}. Toy 2-D sets (spiral, circles, xor, gaussian) train in seconds; digits, fashion and shapes are images; sine, plane and bumps are regression.`,
  },
  samples: {
    key: 'n',
    label: 'Samples (generated data)',
    kind: 'int',
    min: 20,
    max: 60000,
    default: 600,
    group: 'data',
    section: 'data',
    shownWhen: (_, data) => data.generated,
    help: (_, shown) =>
      `Samples: ${shown} points are generated for the toy and shapes datasets (digits and fashion have fixed sizes). More data makes overfitting harder.`,
  },
  noise: {
    key: 'noise',
    label: 'Noise',
    kind: 'float',
    min: 0,
    max: 1,
    default: 0.15,
    group: 'data',
    section: 'data',
    shownWhen: (_, data) => data.generated,
    help: (_, shown) =>
      `Noise: ${shown}. How much generated points scatter: more noise blurs the boundary between classes, so even a perfect model makes mistakes.`,
  },
  classes: {
    key: 'classes',
    label: 'Classes',
    kind: 'int',
    min: 2,
    max: 5,
    default: 2,
    group: 'data',
    section: 'data',
    shownWhen: (_, data) => data.generated && !data.images && !data.regression,
    // XOR has two classes by construction.
    enabledWhen: (s) => s.dataset !== 'xor',
    help: (_, shown) => `Classes: ${shown}. How many categories the toy datasets have. More classes make the task harder.`,
  },
  seed: {
    key: 'seed',
    label: 'Seed',
    kind: 'int',
    min: 0,
    max: 2147483647,
    default: 1,
    group: 'data',
    section: 'data',
    help: (_, shown) =>
      `Seed: ${shown}. Fixes every random choice (data, split, initial weights, batches), so the same link reproduces the same run. Change it to see run-to-run variation.`,
  },
  val: {
    key: 'val',
    label: 'Validation fraction',
    kind: 'float',
    min: 0.05,
    max: 0.5,
    default: 0.2,
    group: 'data',
    section: 'data',
    line: 'held-out',
    help: (v) =>
      `Validation fraction: ${pct(v)} of the data is held out to watch generalisation during training (validation loss) without touching the test set.`,
  },
  test: {
    key: 'test',
    label: 'Test fraction',
    kind: 'float',
    min: 0.05,
    max: 0.5,
    default: 0.2,
    group: 'data',
    section: 'data',
    line: 'held-out',
    help: (v) => `Test fraction: ${pct(v)} of the data is kept aside and only used for the final score, so that score is honest.`,
  },
  trainSize: {
    key: 'train',
    label: 'Train size (0 = all)',
    kind: 'int',
    min: 0,
    max: 100000,
    default: 0,
    group: 'data',
    section: 'data',
    line: 'train',
    placeholder: '0 keeps every training sample',
    help: (v, shown) =>
      v === 0
        ? 'Train size: all remaining samples train the model. Set a small number to make overfitting easy to see.'
        : `Train size: only ${shown} samples train the model. A small training set is easy to memorise, so overfitting shows quickly.`,
  },
  labelNoise: {
    key: 'lnoise',
    label: 'Label noise (share of train labels)',
    kind: 'float',
    min: 0,
    max: 0.9,
    default: 0,
    group: 'data',
    section: 'data',
    line: 'train',
    shownWhen: (_, data) => !data.regression,
    help: (v) =>
      v === 0
        ? 'Label noise: off. Raise it to give a share of training labels a wrong class; a big model will memorise those mistakes.'
        : `Label noise: ${pct(v)} of training labels are deliberately wrong. A model that fits them perfectly has memorised noise.`,
  },
  minorityShare: {
    key: 'minority',
    label: 'Minority class kept (share)',
    kind: 'float',
    min: 0.01,
    max: 1,
    default: 1,
    group: 'data',
    section: 'data',
    line: 'minority',
    shownWhen: (_, data) => !data.regression,
    help: (v) =>
      v >= 1
        ? 'Minority share: 1, classes stay balanced. Lower it to keep only part of one class and see how accuracy can hide a neglected class.'
        : `Minority share: only ${pct(v)} of one class is kept, so it is rare. Watch its recall, not just accuracy.`,
  },
  minorityClass: {
    key: 'minorityClass',
    label: 'Minority class (index)',
    kind: 'int',
    min: 0,
    max: 9,
    default: 1,
    group: 'data',
    section: 'data',
    line: 'minority',
    shownWhen: (_, data) => !data.regression,
    enabledWhen: (s) => s.minorityShare < 1,
    help: (_, shown) => `Minority class: class number ${shown} is the one made rare when the minority share is below 1.`,
  },
  // Only the loss changes ('training'), but the form shows the cure for imbalance beside the imbalance itself.
  classWeights: {
    key: 'cw',
    label: 'Class weights (balanced)',
    kind: 'bool',
    default: false,
    group: 'training',
    section: 'data',
    shownWhen: (_, data) => !data.regression,
    help: (v) =>
      onOff(
        v,
        'Class weights: on. Mistakes on rare classes cost more in the loss, so the model stops ignoring them (recall up, often precision down).',
        'Class weights: off. Every sample counts the same, so with imbalanced data the model may ignore a rare class.',
      ),
  },
} satisfies SchemaRows<DataFields>;
