import type * as tf from '@tensorflow/tfjs';

export interface LayerSummary {
  name: string;
  type: string;
  /** Output shape without the batch dimension, e.g. [13, 13, 64]. */
  outputShape: number[];
  params: number;
  /**
   * What the layer type does not say, for dense / conv / activation layers, e.g. "relu · HeNormal · L1L2 ·
   * no bias" (activation, kernel initialiser, kernel regulariser); absent when there is nothing to add.
   */
  detail?: string;
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
      ...detailOf(layer),
    };
  });
  const trainableParams = model.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
  return { layers, totalParams: layers.reduce((s, l) => s + l.params, 0), trainableParams };
}

type Config = Record<string, unknown>;

function detailOf(layer: tf.layers.Layer): { detail?: string } {
  const config = layer.getConfig() as Config;
  const parts: string[] = [];
  if (typeof config.activation === 'string' && config.activation !== 'linear') parts.push(config.activation);
  if (typeof config.alpha === 'number') parts.push(`α ${Number(config.alpha.toPrecision(3))}`);
  // The initialiser's class names it (HeNormal…); its getClassName() and serialised config say VarianceScaling.
  const init = (layer as unknown as { kernelInitializer?: { constructor: { className?: string } } }).kernelInitializer;
  if (init?.constructor.className) parts.push(init.constructor.className);
  const reg = (config.kernelRegularizer as { config?: { l1?: number; l2?: number } } | null | undefined)?.config;
  const penalties = [reg?.l1 ? `L1 ${reg.l1}` : '', reg?.l2 ? `L2 ${reg.l2}` : ''].filter(Boolean);
  if (penalties.length) parts.push(penalties.join(' + '));
  if (config.useBias === false) parts.push('no bias');
  return parts.length ? { detail: parts.join(' · ') } : {};
}
