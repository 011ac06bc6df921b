import type { Activation, Initializer, Settings, SettingsOf } from '../preset/schema';
import type { Task } from '../types';

/** What the model builder needs to know about the data. */
export interface ModelInput {
  shape: number[];
  /** Ignored for regression. */
  numClasses: number;
  /** Absent means classification. */
  task?: Task;
}

/** The schema's 'model' settings, and the seed its initial weights are drawn from. */
export type ModelSettings = SettingsOf<'model'> & Pick<Settings, 'seed'>;

/** An activation a layer takes by name (TF.js and PyTorch both have these). */
export type NamedActivation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'softmax';

/**
 * One layer the model has, as plain data. `type` is TF.js's class name for it, so the summary a built model
 * gives and the one a plan gives read the same.
 */
export type LayerPlan =
  | { type: 'Flatten' }
  | { type: 'Dense'; units: number; activation: NamedActivation; useBias: boolean }
  | { type: 'Conv2D'; filters: number; kernel: number; activation: NamedActivation; useBias: boolean }
  | { type: 'BatchNormalization' }
  | { type: 'LeakyReLU'; alpha: number }
  /** `perChannel`: one α per channel, shared over height and width (conv), else one per unit. */
  | { type: 'PReLU'; alpha: number; perChannel: boolean }
  | { type: 'Activation'; activation: NamedActivation }
  | { type: 'MaxPooling2D' }
  | { type: 'SeededDropout'; rate: number };

/** The layers in order; every dense and conv kernel shares the initialiser and the L1 / L2 penalties. */
export interface ModelPlan {
  inputShape: number[];
  layers: LayerPlan[];
  init: Initializer;
  /** Penalty weights, 0 when off. */
  l1: number;
  l2: number;
}

/** Activations TF.js layers take by name; the others ('leaky', 'prelu') are layers of their own. */
const BUILT_IN: Partial<Record<Activation, NamedActivation>> = {
  relu: 'relu',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  elu: 'elu',
  selu: 'selu',
};

/**
 * The model the settings describe, without building it (no TF.js): `buildModel` builds exactly these layers,
 * and the page's model summary reads them. Throws a message naming what does not fit.
 *
 * MLP: [flatten] → (dense → [dropout]) × hidden → output.
 * CNN: (conv 'valid' → [maxpool 2×2]) × blocks → flatten → [dropout] → (dense → [dropout]) × head → output.
 * Each hidden "dense" / "conv" above is one layer with its activation built in (relu, tanh, sigmoid, elu,
 * selu), or the linear layer followed by a LeakyReLU / PReLU layer. With batch normalisation it becomes
 * dense/conv (no bias) → BatchNormalization → activation: BN goes before the activation, as in Ioffe &
 * Szegedy (2015), so the activation sees normalised pre-activations (ReLU units are not pushed all-off,
 * tanh/sigmoid not saturated); the bias is dropped because BN's β shift replaces it. The output layer is
 * never normalised. PReLU learns one α per unit (dense) or per channel (conv, shared over height and width,
 * as He et al. 2015), starting at the α setting.
 * The output is dense(numClasses, softmax) for classification and dense(1, linear) for regression: an
 * unbounded value, since any squashing would cap the targets the model can reach.
 * Dropout on a CNN sits in the dense head only, as in Keras's CNN examples: dropping conv features at the
 * same rate hurts far more than it helps on small images.
 */
export function planModel(s: ModelSettings, input: ModelInput): ModelPlan {
  if (s.model === 'cnn' && input.shape.length !== 3) {
    throw new Error('A CNN needs image data: pick an image dataset or switch the model to MLP.');
  }
  if (s.model === 'cnn') checkConvShapes(s, input.shape);
  const layers: LayerPlan[] = [];
  const builtIn = BUILT_IN[s.activation];
  // The hidden layer itself carries the activation only when nothing has to come between them.
  const inLayer: NamedActivation = s.batchNorm || !builtIn ? 'linear' : builtIn;
  const hidden = (layer: LayerPlan, conv: boolean) => {
    layers.push(layer);
    if (s.batchNorm) layers.push({ type: 'BatchNormalization' });
    if (s.activation === 'leaky') layers.push({ type: 'LeakyReLU', alpha: s.alpha });
    else if (s.activation === 'prelu') layers.push({ type: 'PReLU', alpha: s.alpha, perChannel: conv });
    else if (s.batchNorm) layers.push({ type: 'Activation', activation: builtIn! });
  };
  const dropout = () => {
    if (s.dropout && s.dropoutRate > 0) layers.push({ type: 'SeededDropout', rate: s.dropoutRate });
  };
  const dense = (units: number) => {
    hidden({ type: 'Dense', units, activation: inLayer, useBias: !s.batchNorm }, false);
    dropout();
  };
  if (s.model === 'cnn') {
    for (const block of s.conv) {
      hidden({ type: 'Conv2D', filters: block.filters, kernel: s.kernel, activation: inLayer, useBias: !s.batchNorm }, true);
      if (block.pool) layers.push({ type: 'MaxPooling2D' });
    }
    layers.push({ type: 'Flatten' });
    dropout();
    s.dense.forEach(dense);
  } else {
    if (input.shape.length > 1) layers.push({ type: 'Flatten' });
    s.hidden.forEach(dense);
  }
  layers.push(
    input.task === 'regression'
      ? { type: 'Dense', units: 1, activation: 'linear', useBias: true }
      : { type: 'Dense', units: input.numClasses, activation: 'softmax', useBias: true },
  );
  return { inputShape: input.shape, layers, init: s.init, ...penalties(s) };
}

/** L1 and L2 weights on every kernel: 0 when switched off or set to zero. */
function penalties(s: Pick<ModelSettings, 'l1' | 'l1Lambda' | 'l2' | 'l2Lambda'>): { l1: number; l2: number } {
  return { l1: s.l1 && s.l1Lambda > 0 ? s.l1Lambda : 0, l2: s.l2 && s.l2Lambda > 0 ? s.l2Lambda : 0 };
}

/**
 * Walks the conv stack's spatial sizes ('valid' convolutions, 2×2 pooling) and throws a message naming the
 * first block that does not fit, before any weights exist.
 */
function checkConvShapes(s: ModelSettings, shape: number[]): void {
  let [h, w] = shape;
  s.conv.forEach((block, i) => {
    if (h < s.kernel || w < s.kernel) {
      throw new Error(
        `Conv block ${i + 1} gets ${h}×${w} inputs, smaller than the ${s.kernel}×${s.kernel} kernel: use fewer blocks, less pooling or a smaller kernel.`,
      );
    }
    h = h - s.kernel + 1;
    w = w - s.kernel + 1;
    if (block.pool) {
      if (h < 2 || w < 2) throw new Error(`Conv block ${i + 1} has ${h}×${w} outputs, too small to pool: remove a pooling step.`);
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
  });
}
