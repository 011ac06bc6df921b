import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../rng';
import type { Activation, Initializer, Settings, SettingsOf } from '../preset/schema';
import type { Task } from '../types';
import { SeededDropout } from './seeded-dropout';

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

/** Activations TF.js layers take by name; the others ('leaky', 'prelu') are layers of their own. */
const BUILT_IN: Partial<Record<Activation, 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu'>> = {
  relu: 'relu',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  elu: 'elu',
  selu: 'selu',
};

/** A fresh initialiser; `seed` is drawn for every kernel (zeros included) so later seeds do not shift. */
export function makeInitializer(name: Initializer, seed: number) {
  switch (name) {
    case 'glorotUniform':
      return tf.initializers.glorotUniform({ seed });
    case 'glorotNormal':
      return tf.initializers.glorotNormal({ seed });
    case 'heNormal':
      return tf.initializers.heNormal({ seed });
    case 'heUniform':
      return tf.initializers.heUniform({ seed });
    case 'lecunNormal':
      return tf.initializers.leCunNormal({ seed });
    case 'zeros':
      return tf.initializers.zeros();
  }
}

/** L1, L2, or both (tf.regularizers.l1l2) on every kernel; none when both are off or zero. */
export function makeRegularizer(s: Pick<ModelSettings, 'l1' | 'l1Lambda' | 'l2' | 'l2Lambda'>) {
  const l1 = s.l1 && s.l1Lambda > 0 ? s.l1Lambda : 0;
  const l2 = s.l2 && s.l2Lambda > 0 ? s.l2Lambda : 0;
  if (l1 && l2) return tf.regularizers.l1l2({ l1, l2 });
  if (l1) return tf.regularizers.l1({ l1 });
  if (l2) return tf.regularizers.l2({ l2 });
  return undefined;
}

/**
 * Builds a fresh, uncompiled model. Every initialiser and dropout layer takes a seed drawn from the run's
 * seed, so the same settings give the same initial weights and the same dropout masks.
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
export function buildModel(s: ModelSettings, input: ModelInput): tf.Sequential {
  if (s.model === 'cnn' && input.shape.length !== 3) {
    throw new Error('A CNN needs image data: pick an image dataset or switch the model to MLP.');
  }
  if (s.model === 'cnn') checkConvShapes(s, input.shape);
  const model = tf.sequential();
  try {
    addLayers(model, s, input);
  } catch (err) {
    // A layer tf.js rejects must not leave the weights built so far behind.
    model.dispose();
    throw err;
  }
  return model;
}

function addLayers(model: tf.Sequential, s: ModelSettings, input: ModelInput): void {
  const rng = createRng(deriveSeed(s.seed, 'init'));
  const kernelInitializer = () => makeInitializer(s.init, rng.seed());
  const kernelRegularizer = makeRegularizer(s);
  const dropout = () => {
    if (s.dropout && s.dropoutRate > 0) model.add(new SeededDropout({ rate: s.dropoutRate, seed: rng.seed() }));
  };
  const builtIn = BUILT_IN[s.activation];
  // The hidden layer itself carries the activation only when nothing has to come between them.
  const inLayer = s.batchNorm || !builtIn ? 'linear' : builtIn;
  /** BN and any activation layer that follow a hidden dense / conv layer. */
  const afterHidden = (conv: boolean) => {
    if (s.batchNorm) model.add(tf.layers.batchNormalization());
    if (s.activation === 'leaky') model.add(tf.layers.leakyReLU({ alpha: s.alpha }));
    else if (s.activation === 'prelu')
      model.add(
        tf.layers.prelu({ alphaInitializer: tf.initializers.constant({ value: s.alpha }), ...(conv ? { sharedAxes: [1, 2] } : {}) }),
      );
    else if (s.batchNorm) model.add(tf.layers.activation({ activation: builtIn! }));
  };
  const dense = (units: number, activation: string, inputShape?: number[], useBias = true) =>
    tf.layers.dense({
      units,
      activation: activation as 'relu',
      useBias,
      kernelInitializer: kernelInitializer(),
      kernelRegularizer,
      ...(inputShape ? { inputShape } : {}),
    });
  const hiddenDense = (units: number, inputShape?: number[]) => {
    model.add(dense(units, inLayer, inputShape, !s.batchNorm));
    afterHidden(false);
  };
  const output = (inputShape?: number[]) =>
    input.task === 'regression' ? dense(1, 'linear', inputShape) : dense(input.numClasses, 'softmax', inputShape);

  if (s.model === 'cnn') {
    s.conv.forEach((block, i) => {
      model.add(
        tf.layers.conv2d({
          filters: block.filters,
          kernelSize: s.kernel,
          padding: 'valid',
          activation: inLayer as 'relu',
          useBias: !s.batchNorm,
          kernelInitializer: kernelInitializer(),
          kernelRegularizer,
          ...(i === 0 ? { inputShape: input.shape } : {}),
        }),
      );
      afterHidden(true);
      if (block.pool) model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    });
    model.add(tf.layers.flatten());
    dropout();
    for (const units of s.dense) {
      hiddenDense(units);
      dropout();
    }
  } else {
    const flat = input.shape.length > 1;
    if (flat) model.add(tf.layers.flatten({ inputShape: input.shape }));
    s.hidden.forEach((units, i) => {
      hiddenDense(units, !flat && i === 0 ? input.shape : undefined);
      dropout();
    });
    if (s.hidden.length === 0 && !flat) {
      model.add(output(input.shape));
      return;
    }
  }
  model.add(output());
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
