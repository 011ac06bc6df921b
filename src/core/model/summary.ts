import type * as tf from '@tensorflow/tfjs';

export interface LayerSummary {
  name: string;
  type: string;
  /** Output shape without the batch dimension, e.g. [13, 13, 64]. */
  outputShape: number[];
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
}

/** Plain-data summary (what Keras's model.summary() prints), safe to post across the worker boundary. */
export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer) => {
    const shape = layer.outputShape as (number | null)[];
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: shape.slice(1).map((d) => d ?? -1),
      params: layer.countParams(),
    };
  });
  const trainableParams = model.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
  return { layers, totalParams: layers.reduce((s, l) => s + l.params, 0), trainableParams };
}
