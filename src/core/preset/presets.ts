import type { Settings } from './schema';

/**
 * Built-in presets, each reachable as `?preset=<id>`. A preset is only a partial Settings object over the
 * defaults, so it goes through exactly the same path as a shared link.
 */
export interface Preset {
  id: string;
  title: string;
  /** One sentence a student reads before pressing Train: what to look for. */
  description: string;
  settings: Partial<Settings>;
}

/**
 * 120 training digits, a fifth of them mislabelled, and a 256-256 MLP: plenty of capacity to memorise the
 * wrong labels. Measured (cpu, seed 1): validation loss bottoms out near epoch 10 at about 0.67 and climbs
 * to about 1.1 by epoch 40, while training loss falls to 0.01. Dropout 0.5 or L2 0.01 end with a gap of
 * about 0.2 instead of 1.
 */
const OVERFIT_MLP: Partial<Settings> = {
  dataset: 'digits',
  trainSize: 120,
  labelNoise: 0.2,
  val: 0.25,
  test: 0.25,
  model: 'mlp',
  hidden: [256, 256],
  optimizer: 'adam',
  lr: 0.003,
  batchSize: 32,
  epochs: 40,
};

const OVERFIT_CNN: Partial<Settings> = {
  dataset: 'fashion',
  trainSize: 600,
  val: 0.05,
  test: 0.05,
  model: 'cnn',
  conv: [
    { filters: 16, pool: true },
    { filters: 32, pool: true },
  ],
  dense: [64],
  optimizer: 'adam',
  lr: 0.002,
  batchSize: 32,
  epochs: 25,
};

/**
 * The shipped tables: small MLPs, as tables this size (150–569 rows) need. Cancer and diabetes overfit
 * within 10 epochs at these rates, so early stopping restores the best epoch. Measured (node, cpu, seed 1;
 * scripts/table-runs.ts): test accuracy 0.99 (cancer), 1.0 (wine), 0.97 (iris), R² 0.44 (diabetes).
 */
const TABLE_PRESETS: Preset[] = [
  {
    id: 'cancer',
    title: 'Table: breast cancer (malignant or benign)',
    description: '569 tumours, 30 measurements each. Look past accuracy: how many malignant tumours does the model miss (recall)?',
    settings: { dataset: 'cancer', hidden: [16], lr: 0.01, epochs: 40, earlyStop: true },
  },
  {
    id: 'wine',
    title: 'Table: wine (3 cultivars)',
    description: '178 wines, 13 chemical measurements: a small MLP tells the three grape cultivars apart.',
    settings: { dataset: 'wine', hidden: [16], lr: 0.01, epochs: 40 },
  },
  {
    id: 'iris',
    title: 'Table: iris (3 species)',
    description: "Fisher's 150 flowers, 4 lengths each: setosa is easy, versicolor and virginica overlap a little.",
    settings: { dataset: 'iris', hidden: [16], lr: 0.01, epochs: 60 },
  },
  {
    id: 'diabetes',
    title: 'Table: diabetes progression (regression)',
    description: '442 patients, 10 baseline values: predict disease progression a year later. An R² near 0.45 is as good as it gets here.',
    settings: { dataset: 'diabetes', hidden: [32], lr: 0.05, epochs: 100, earlyStop: true, esPatience: 10 },
  },
];

export const PRESETS: Preset[] = [
  {
    id: 'quick',
    title: 'Quick start: spiral, small MLP',
    description: 'Two interleaved spirals and a small network. Trains in seconds.',
    settings: {},
  },
  {
    id: 'overfit-mlp',
    title: 'Overfitting: big MLP, 120 noisy digits',
    description:
      'A 256-256 network memorises 120 training digits, a fifth of them mislabelled: training loss keeps falling while validation loss bottoms out and rises.',
    settings: OVERFIT_MLP,
  },
  {
    id: 'overfit-mlp-dropout',
    title: 'Cure 1: the same, with dropout',
    description: 'Dropout 0.5 after each hidden layer: the gap between training and validation loss shrinks.',
    settings: { ...OVERFIT_MLP, dropout: true, dropoutRate: 0.5 },
  },
  {
    id: 'overfit-mlp-l2',
    title: 'Cure 2: the same, with L2',
    description: 'An L2 penalty on the weights keeps them small: validation loss stops climbing.',
    settings: { ...OVERFIT_MLP, l2: true, l2Lambda: 0.01 },
  },
  {
    id: 'overfit-cnn',
    title: 'Overfitting: CNN, 600 Fashion-MNIST images',
    description: 'A small CNN on 600 clothing images: watch validation loss turn up after a few epochs.',
    settings: OVERFIT_CNN,
  },
  {
    id: 'overfit-cnn-augment',
    title: 'Cure: the same CNN with augmentation',
    description: 'Flips, small shifts, rotations and brightness changes make every epoch look new: the gap narrows.',
    settings: { ...OVERFIT_CNN, flip: true, shift: true, shiftPx: 2, rotate: true, rotateDeg: 10, brightness: true, brightnessAmt: 0.15 },
  },
  {
    id: 'cifar-cnn',
    title: 'CIFAR-style CNN on RGB shapes',
    description: 'The classic Conv32-Pool-Conv64-Pool-Conv64-Dense64 network on procedural 32×32 colour shapes.',
    settings: {
      dataset: 'shapes',
      samples: 3000,
      noise: 0.2,
      model: 'cnn',
      conv: [
        { filters: 32, pool: true },
        { filters: 64, pool: true },
        { filters: 64, pool: false },
      ],
      kernel: 3,
      dense: [64],
      optimizer: 'adam',
      lr: 0.001,
      batchSize: 32,
      epochs: 10,
    },
  },
  ...TABLE_PRESETS,
];
