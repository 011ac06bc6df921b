import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../rng';
import type { Initializer } from '../preset/schema';
import { planModel, type LayerPlan, type ModelInput, type ModelPlan, type ModelSettings } from './plan';
import { SeededDropout } from './seeded-dropout';

export type { ModelInput, ModelSettings } from './plan';

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

/** L1, L2, or both (tf.regularizers.l1l2) on every kernel; none when both are 0. */
function makeRegularizer({ l1, l2 }: Pick<ModelPlan, 'l1' | 'l2'>) {
  if (l1 && l2) return tf.regularizers.l1l2({ l1, l2 });
  if (l1) return tf.regularizers.l1({ l1 });
  if (l2) return tf.regularizers.l2({ l2 });
  return undefined;
}

/**
 * Builds a fresh, uncompiled model: the layers `planModel` lists (src/core/model/plan.ts says what they are
 * and why). Every initialiser and dropout layer takes a seed drawn from the run's seed, in layer order, so
 * the same settings give the same initial weights and the same dropout masks.
 */
export function buildModel(s: ModelSettings, input: ModelInput): tf.Sequential {
  const plan = planModel(s, input);
  const model = tf.sequential();
  try {
    const rng = createRng(deriveSeed(s.seed, 'init'));
    const kernel = { kernelInitializer: () => makeInitializer(plan.init, rng.seed()), kernelRegularizer: makeRegularizer(plan) };
    plan.layers.forEach((layer, i) =>
      model.add(makeLayer(layer, kernel, () => rng.seed(), i === 0 ? { inputShape: plan.inputShape } : {})),
    );
  } catch (err) {
    // A layer tf.js rejects must not leave the weights built so far behind.
    model.dispose();
    throw err;
  }
  return model;
}

interface KernelOptions {
  kernelInitializer: () => ReturnType<typeof makeInitializer>;
  kernelRegularizer: ReturnType<typeof makeRegularizer>;
}

/** The TF.js layer for one planned layer; `first` carries the model's input shape. */
function makeLayer(layer: LayerPlan, kernel: KernelOptions, seed: () => number, first: { inputShape?: number[] }): tf.layers.Layer {
  switch (layer.type) {
    case 'Flatten':
      return tf.layers.flatten(first);
    case 'Dense':
      return tf.layers.dense({
        units: layer.units,
        activation: layer.activation,
        useBias: layer.useBias,
        kernelInitializer: kernel.kernelInitializer(),
        kernelRegularizer: kernel.kernelRegularizer,
        ...first,
      });
    case 'Conv2D':
      return tf.layers.conv2d({
        filters: layer.filters,
        kernelSize: layer.kernel,
        padding: 'valid',
        activation: layer.activation,
        useBias: layer.useBias,
        kernelInitializer: kernel.kernelInitializer(),
        kernelRegularizer: kernel.kernelRegularizer,
        ...first,
      });
    case 'BatchNormalization':
      return tf.layers.batchNormalization(first);
    case 'LeakyReLU':
      return tf.layers.leakyReLU({ alpha: layer.alpha, ...first });
    case 'PReLU':
      return tf.layers.prelu({
        alphaInitializer: tf.initializers.constant({ value: layer.alpha }),
        ...(layer.perChannel ? { sharedAxes: [1, 2] } : {}),
        ...first,
      });
    case 'Activation':
      return tf.layers.activation({ activation: layer.activation, ...first });
    case 'MaxPooling2D':
      return tf.layers.maxPooling2d({ poolSize: 2, ...first });
    case 'SeededDropout':
      return new SeededDropout({ rate: layer.rate, seed: seed() });
  }
}
