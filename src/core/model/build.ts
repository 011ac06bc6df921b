import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed } from '../rng';
import type { Settings } from '../preset/schema';
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

export type ModelSettings = Pick<
  Settings,
  'model' | 'hidden' | 'activation' | 'conv' | 'kernel' | 'dense' | 'dropout' | 'dropoutRate' | 'l2' | 'l2Lambda' | 'seed'
>;

/**
 * Builds a fresh, uncompiled model. Every initialiser and dropout layer takes a seed drawn from the run's
 * seed, so the same settings give the same initial weights and the same dropout masks.
 *
 * MLP: [flatten] → (dense → [dropout]) × hidden → output.
 * CNN: (conv 'valid' → [maxpool 2×2]) × blocks → flatten → [dropout] → (dense → [dropout]) × head → output.
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
  const kernelInitializer = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  const kernelRegularizer = s.l2 && s.l2Lambda > 0 ? tf.regularizers.l2({ l2: s.l2Lambda }) : undefined;
  const dropout = () => {
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
  const output = (inputShape?: number[]) =>
    input.task === 'regression' ? dense(1, 'linear', inputShape) : dense(input.numClasses, 'softmax', inputShape);

  if (s.model === 'cnn') {
    s.conv.forEach((block, i) => {
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
      if (block.pool) model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    });
    model.add(tf.layers.flatten());
    dropout();
    for (const units of s.dense) {
      model.add(dense(units, s.activation));
      dropout();
    }
  } else {
    const flat = input.shape.length > 1;
    if (flat) model.add(tf.layers.flatten({ inputShape: input.shape }));
    s.hidden.forEach((units, i) => {
      model.add(dense(units, s.activation, !flat && i === 0 ? input.shape : undefined));
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
      throw new Error(`Conv block ${i + 1} gets ${h}×${w} inputs, smaller than the ${s.kernel}×${s.kernel} kernel: use fewer blocks, less pooling or a smaller kernel.`);
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
