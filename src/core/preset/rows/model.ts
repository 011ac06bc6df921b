import type { ConvBlock, SchemaRows } from '../setting-types';

export const MODEL_KINDS = ['mlp', 'cnn'] as const;
/** Hidden-layer activations: 'leaky' (slope α below 0), 'prelu' (α learnt per unit / per channel, starting at α). */
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'leaky', 'prelu', 'selu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** Kernel initialisers, TF.js names; every one but 'zeros' is seeded from the run's seed. */
export const INITIALIZERS = ['glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'lecunNormal', 'zeros'] as const;
export type Initializer = (typeof INITIALIZERS)[number];

/** The model section's settings: one field per row below. */
export interface ModelFields {
  model: (typeof MODEL_KINDS)[number];
  hidden: number[];
  activation: Activation;
  /** Negative slope of leaky ReLU, and PReLU's starting slope. */
  alpha: number;
  init: Initializer;
  conv: ConvBlock[];
  kernel: number;
  dense: number[];
}

const cnnOnImages = (s: ModelFields, data: { images: boolean }) => s.model === 'cnn' && data.images;

const ACTIVATION_EFFECTS: Record<Activation, string> = {
  relu: 'passes positives, zeroes negatives; fast and keeps gradients alive in deep nets',
  tanh: 'squashes to −1…1; smooth, but saturates for big inputs',
  sigmoid: 'squashes to 0…1; saturates easily, so gradients vanish in deep nets',
  elu: 'like ReLU but smooth below 0',
  leaky: 'like ReLU with a small slope α below 0, so no neuron goes silent',
  prelu: 'like leaky ReLU, but the slope below 0 is learnt',
  selu: 'self-normalising: keeps activations at a steady scale in deep nets',
};

const INITIALIZER_EFFECTS: Record<Initializer, string> = {
  glorotUniform: 'scaled for tanh/sigmoid layers (Glorot)',
  glorotNormal: 'scaled for tanh/sigmoid layers (Glorot)',
  heNormal: 'scaled for ReLU layers (He), so signals keep their size through depth',
  heUniform: 'scaled for ReLU layers (He), so signals keep their size through depth',
  lecunNormal: 'scaled for SELU layers (LeCun)',
  zeros: 'all zero: every neuron stays identical, so the network cannot learn',
};

/** The network's architecture: a change rebuilds the model (group 'model'). */
export const MODEL_ROWS = {
  model: {
    key: 'model',
    label: 'Model',
    kind: 'enum',
    options: MODEL_KINDS,
    default: 'mlp',
    group: 'model',
    section: 'model',
    optionLabels: { mlp: 'MLP (dense layers)', cnn: 'CNN (conv blocks)' },
    help: (v) =>
      v === 'cnn'
        ? 'Model: CNN. Convolutions slide small filters over the image and share weights, so a pattern is recognised wherever it is. Slower, but better on images.'
        : 'Model: MLP (multi-layer perceptron). Fully connected layers of neurons: fast, fine for 2-D points and small images.',
  },
  hidden: {
    key: 'hidden',
    label: 'Hidden layers',
    kind: 'intlist',
    min: 1,
    max: 1024,
    minItems: 0,
    maxItems: 8,
    default: [32, 32],
    group: 'model',
    section: 'model',
    // A CNN on 2-D data trains this MLP (see effectiveModelSettings).
    shownWhen: (s, data) => !cnnOnImages(s, data),
    placeholder: 'units per layer, e.g. 64,64',
    help: (layers) =>
      layers.length === 0
        ? 'Hidden layers: none, so the model is linear: it can only draw straight boundaries.'
        : `Hidden layers: ${layers.length} layer${layers.length > 1 ? 's' : ''} of ${layers.join(', ')} neurons. More and wider layers can fit more complex shapes, and memorise more too.`,
  },
  activation: {
    key: 'act',
    label: 'Activation',
    kind: 'enum',
    options: ACTIVATIONS,
    default: 'relu',
    group: 'model',
    section: 'model',
    line: 'activation',
    optionLabels: { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', elu: 'ELU', leaky: 'Leaky ReLU', prelu: 'PReLU', selu: 'SELU' },
    help: (v, shown) => `Activation: ${shown}, the non-linearity after each hidden layer: ${ACTIVATION_EFFECTS[v]}.`,
  },
  alpha: {
    key: 'alpha',
    label: 'α (leaky slope / PReLU start)',
    kind: 'float',
    min: 0,
    max: 1,
    default: 0.2,
    group: 'model',
    section: 'model',
    line: 'activation',
    shownWhen: (s) => s.activation === 'leaky' || s.activation === 'prelu',
    help: (_, shown) => `α: ${shown}. The slope below zero of leaky ReLU, and PReLU's starting slope. Only used by those activations.`,
  },
  init: {
    key: 'init',
    label: 'Weight initialiser',
    kind: 'enum',
    options: INITIALIZERS,
    default: 'glorotUniform',
    group: 'model',
    section: 'model',
    optionLabels: {
      glorotUniform: 'Glorot uniform',
      glorotNormal: 'Glorot normal',
      heNormal: 'He normal',
      heUniform: 'He uniform',
      lecunNormal: 'LeCun normal',
      zeros: 'Zeros (to see why not)',
    },
    note: {
      testId: 'zeros-note',
      when: (s) => s.init === 'zeros',
      text: 'Every unit of a layer starts identical, gets the same gradient and stays identical: the network learns like one unit per layer.',
    },
    help: (v, shown) => `Initialiser: ${shown}, how the starting weights are drawn: ${INITIALIZER_EFFECTS[v]}.`,
  },
  conv: {
    key: 'conv',
    label: 'Conv blocks',
    kind: 'blocks',
    min: 1,
    max: 256,
    maxItems: 6,
    group: 'model',
    section: 'model',
    default: [
      { filters: 16, pool: true },
      { filters: 32, pool: true },
    ],
    shownWhen: cnnOnImages,
    placeholder: 'filters per block, p = 2×2 max-pool, e.g. 32p,64p,64',
    help: (_, shown) =>
      `Conv blocks: ${shown} (filters; p = 2×2 max pooling after). Each block finds local patterns; pooling halves the image so later blocks see bigger shapes.`,
  },
  kernel: {
    key: 'kernel',
    label: 'Kernel size',
    kind: 'int',
    min: 1,
    max: 7,
    default: 3,
    group: 'model',
    section: 'model',
    shownWhen: cnnOnImages,
    help: (_, shown) =>
      `Kernel size: ${shown}×${shown}. The patch each convolution filter looks at. Bigger sees more at once but has more weights.`,
  },
  dense: {
    key: 'dense',
    label: 'Dense head',
    kind: 'intlist',
    min: 1,
    max: 1024,
    minItems: 0,
    maxItems: 4,
    default: [64],
    group: 'model',
    section: 'model',
    shownWhen: cnnOnImages,
    placeholder: 'units per layer, e.g. 64',
    help: (layers) =>
      layers.length === 0
        ? 'Dense head: none; the conv features go straight to the output layer.'
        : `Dense head: ${layers.join(', ')} neurons after the conv blocks, combining the features they found before the final decision.`,
  },
} satisfies SchemaRows<ModelFields>;
