import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../rng';
import type { Settings } from '../preset/schema';
import { SeededDropout } from './seeded-dropout';

/** What the model builder needs to know about the data. */
export interface ModelInput {
  shape: number[];
  numClasses: number;
}

export type ModelSettings = Pick<
  Settings,
  'model' | 'hidden' | 'activation' | 'conv' | 'kernel' | 'dense' | 'dropout' | 'dropoutRate' | 'l2' | 'l2Lambda' | 'seed'
>;

/**
 * Builds a fresh, uncompiled model. Every initialiser and dropout layer takes a seed drawn from the run's
 * seed, so the same settings give the same initial weights and the same dropout masks.
 *
 * MLP: [flatten] → (dense → [dropout]) × hidden → dense(softmax).
 * CNN: (conv 'valid' → [maxpool 2×2]) × blocks → flatten → [dropout] → (dense → [dropout]) × head → dense(softmax).
 * Dropout on a CNN sits in the dense head only, as in Keras's CNN examples: dropping conv features at the
 * same rate hurts far more than it helps on small images.
 */
export function buildModel(s: ModelSettings, input: ModelInput): tf.Sequential {
  if (s.model === 'cnn' && input.shape.length !== 3) {
    throw new Error('A CNN needs image data: pick an image dataset or switch the model to MLP.');
  }
  const rng = createRng(deriveSeed(s.seed, 'init'));
  const kernelInitializer = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  const kernelRegularizer = s.l2 && s.l2Lambda > 0 ? tf.regularizers.l2({ l2: s.l2Lambda }) : undefined;
  const dropout = (model: tf.Sequential) => {
    if (s.dropout && s.dropoutRate > 0) model.add(new SeededDropout({ rate: s.dropoutRate, seed: rng.seed() }));
  };
  const dense = (units: number, activation: string, inputShape?: number[]) =>
    tf.layers.dense({
      units,
      activation: activation as 'relu',
      kernelInitializer: kernelInitializer(),
      kernelRegularizer,
      ...(inputShape ? { inputShape } : {}),
    });

  const model = tf.sequential();
  if (s.model === 'cnn') {
    let [h, w] = input.shape;
    s.conv.forEach((block, i) => {
      if (h < s.kernel || w < s.kernel) {
        throw new Error(`Conv block ${i + 1} gets ${h}×${w} inputs, smaller than the ${s.kernel}×${s.kernel} kernel: use fewer blocks, less pooling or a smaller kernel.`);
      }
      model.add(
        tf.layers.conv2d({
          filters: block.filters,
          kernelSize: s.kernel,
          padding: 'valid',
          activation: s.activation,
          kernelInitializer: kernelInitializer(),
          kernelRegularizer,
          ...(i === 0 ? { inputShape: input.shape } : {}),
        }),
      );
      h = h - s.kernel + 1;
      w = w - s.kernel + 1;
      if (block.pool) {
        if (h < 2 || w < 2) throw new Error(`Conv block ${i + 1} has ${h}×${w} outputs, too small to pool: remove a pooling step.`);
        model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
      }
    });
    model.add(tf.layers.flatten());
    dropout(model);
    for (const units of s.dense) {
      model.add(dense(units, s.activation));
      dropout(model);
    }
  } else {
    const flat = input.shape.length > 1;
    if (flat) model.add(tf.layers.flatten({ inputShape: input.shape }));
    s.hidden.forEach((units, i) => {
      model.add(dense(units, s.activation, !flat && i === 0 ? input.shape : undefined));
      dropout(model);
    });
    if (s.hidden.length === 0 && !flat) {
      model.add(dense(input.numClasses, 'softmax', input.shape));
      return model;
    }
  }
  model.add(dense(input.numClasses, 'softmax'));
  return model;
}
