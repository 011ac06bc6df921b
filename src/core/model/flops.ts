import type * as tf from '@tensorflow/tfjs';

/** Floating-point operations of one sample's training step, from the layer shapes. */
export interface TrainingFlops {
  forward: number;
  backward: number;
  /** forward + backward. */
  total: number;
  /** Per counted layer (dense and conv): its forward FLOPs. */
  layers: { name: string; forward: number }[];
}

const prod = (xs: readonly (number | null)[]) => xs.reduce<number>((a, b) => a * (b ?? 1), 1);

/** Multiply-adds ×2 of a dense or conv layer's forward pass; 0 for the rest. */
function layerForwardFlops(layer: tf.layers.Layer): number {
  const type = layer.getClassName();
  if (type !== 'Dense' && type !== 'Conv2D') return 0;
  const input = (layer.input as tf.SymbolicTensor).shape;
  const output = layer.outputShape as (number | null)[];
  const config = layer.getConfig() as { units?: number; filters?: number; kernelSize?: number | number[] };
  if (type === 'Dense') return 2 * prod(input.slice(1)) * (config.units ?? 0);
  if (type === 'Conv2D') {
    const k = Array.isArray(config.kernelSize) ? prod(config.kernelSize) : (config.kernelSize ?? 0) ** 2;
    return 2 * k * (input.at(-1) ?? 0) * prod(output.slice(1));
  }
  return 0;
}

/**
 * The matrix work of a training step per sample: dense and conv layers, the arithmetic a matrix-multiply
 * peak measures. Backward is twice forward (the gradient of the input and of the weights, each a product
 * as large as the forward one), except for the first such layer, whose input gradient nobody asks for and
 * TF.js does not compute. Pooling, activations, batch norm and the optimiser's update are elementwise,
 * a few operations a value: left out, so the achieved rate this gives is, if anything, an underestimate.
 */
export function trainingFlopsPerSample(model: tf.LayersModel): TrainingFlops {
  const layers = model.layers.map((l) => ({ name: l.name, forward: layerForwardFlops(l) })).filter((l) => l.forward > 0);
  const forward = layers.reduce((s, l) => s + l.forward, 0);
  const backward = layers.reduce((s, l, i) => s + (i === 0 ? 1 : 2) * l.forward, 0);
  return { forward, backward, total: forward + backward, layers };
}
