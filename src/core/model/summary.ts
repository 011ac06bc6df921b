import type * as tf from '@tensorflow/tfjs';
import type { Initializer } from '../preset/schema';
import type { LayerPlan, ModelPlan } from './plan';

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

/** Plain-data summary (what Keras's model.summary() prints) of a built model, safe to post across the worker boundary. */
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

/** The initialiser's TF.js class name, which the layer details give. */
const INIT_CLASS: Record<Initializer, string> = {
  glorotUniform: 'GlorotUniform',
  glorotNormal: 'GlorotNormal',
  heNormal: 'HeNormal',
  heUniform: 'HeUniform',
  lecunNormal: 'LeCunNormal',
  zeros: 'Zeros',
};

/**
 * The same summary from the plan alone, with no TF.js: what the page shows before any run. Layer names are
 * positional (TF.js numbers its own across every model the page builds). test/unit/model-plan.test.ts holds
 * it equal to `summarizeModel` of the built model.
 */
export function summarizePlan(plan: ModelPlan): ModelSummary {
  let shape = plan.inputShape;
  let trainableParams = 0;
  const layers = plan.layers.map((layer, i): LayerSummary => {
    const inShape = shape;
    shape = outputShapeOf(layer, inShape);
    const { total, trainable } = paramsOf(layer, inShape, shape);
    trainableParams += trainable;
    const detail = planDetail(layer, plan);
    return {
      name: `${layer.type.toLowerCase()}_${i + 1}`,
      type: layer.type,
      outputShape: shape,
      params: total,
      ...(detail ? { detail } : {}),
    };
  });
  return { layers, totalParams: layers.reduce((s, l) => s + l.params, 0), trainableParams };
}

function outputShapeOf(layer: LayerPlan, shape: number[]): number[] {
  const [h = 0, w = 0, c = 0] = shape;
  switch (layer.type) {
    case 'Flatten':
      return [shape.reduce((a, b) => a * b, 1)];
    case 'Dense':
      return [layer.units];
    case 'Conv2D':
      return [h - layer.kernel + 1, w - layer.kernel + 1, layer.filters];
    case 'MaxPooling2D':
      return [Math.floor(h / 2), Math.floor(w / 2), c];
    default:
      return shape;
  }
}

/** Every weight (`total`, as countParams) and those the optimiser updates (BN's moving statistics are not). */
function paramsOf(layer: LayerPlan, input: number[], output: number[]): { total: number; trainable: number } {
  const inner = input.at(-1) ?? 0;
  const channels = output.at(-1) ?? 0;
  const bias = (units: number, useBias: boolean) => (useBias ? units : 0);
  switch (layer.type) {
    case 'Dense': {
      const n = inner * layer.units + bias(layer.units, layer.useBias);
      return { total: n, trainable: n };
    }
    case 'Conv2D': {
      const n = layer.kernel * layer.kernel * inner * layer.filters + bias(layer.filters, layer.useBias);
      return { total: n, trainable: n };
    }
    case 'BatchNormalization':
      return { total: 4 * channels, trainable: 2 * channels };
    case 'PReLU': {
      const n = layer.perChannel ? channels : output.reduce((a, b) => a * b, 1);
      return { total: n, trainable: n };
    }
    default:
      return { total: 0, trainable: 0 };
  }
}

/** The words `detailOf` finds in a built layer's config, from the plan. */
function planDetail(layer: LayerPlan, plan: ModelPlan): string | undefined {
  const parts: string[] = [];
  if ('activation' in layer && layer.activation !== 'linear') parts.push(layer.activation);
  if (layer.type === 'LeakyReLU') parts.push(`α ${Number(layer.alpha.toPrecision(3))}`);
  if (layer.type === 'Dense' || layer.type === 'Conv2D') {
    parts.push(INIT_CLASS[plan.init]);
    const penalties = [plan.l1 ? `L1 ${plan.l1}` : '', plan.l2 ? `L2 ${plan.l2}` : ''].filter(Boolean);
    if (penalties.length) parts.push(penalties.join(' + '));
    if (!layer.useBias) parts.push('no bias');
  }
  return parts.length ? parts.join(' · ') : undefined;
}
