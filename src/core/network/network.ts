import * as tf from '@tensorflow/tfjs';
import { planePoints } from './plane';
import { MAX_DRAWN_UNITS, type InactiveKind, type NetworkLayer, type NetworkSnapshot } from './types';

/** One column of units: a Dense layer and the layers that finish its value (batch norm, an activation layer). */
interface Stage {
  dense: tf.layers.Layer;
  /** Index in model.layers of the layer whose output is the units' value. */
  last: number;
  activation: string;
}

/** Where a model's unit values come from, found once per model (see networkPlan). */
export interface NetworkPlan {
  stages: Stage[];
  inputs: number;
}

/** Layers that only finish a Dense layer's value; anything else (dropout, the next dense) ends the column. */
const FINISHING = new Set(['BatchNormalization', 'Activation', 'LeakyReLU', 'PReLU']);
/** Layers an MLP may hold besides those: the network view needs nothing else (no convolutions). */
const PASSING = new Set(['Flatten', 'Dropout', 'SeededDropout', 'Dense']);

/**
 * The columns of an MLP's network view, or null for a model that is not an MLP (convolutions, or no Dense
 * layer): the view then says so instead of drawing a wrong picture.
 */
export function networkPlan(model: tf.LayersModel): NetworkPlan | null {
  const stages: Stage[] = [];
  for (let i = 0; i < model.layers.length; i++) {
    const layer = model.layers[i];
    const kind = layer.getClassName();
    const config = layer.getConfig() as { activation?: unknown };
    if (kind === 'Dense') {
      stages.push({ dense: layer, last: i, activation: typeof config.activation === 'string' ? config.activation : 'linear' });
    } else if (FINISHING.has(kind) && stages.length && stages[stages.length - 1].last === i - 1) {
      const stage = stages[stages.length - 1];
      stage.last = i;
      if (kind === 'LeakyReLU') stage.activation = 'leaky';
      else if (kind === 'PReLU') stage.activation = 'prelu';
      else if (kind === 'Activation' && typeof config.activation === 'string') stage.activation = config.activation;
    } else if (!PASSING.has(kind)) {
      return null;
    }
  }
  if (!stages.length) return null;
  const inputs = (model.inputs[0].shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  return { stages, inputs };
}

/** The inactive test per activation (see InactiveKind); null where a unit cannot die or saturate. */
export function inactiveKind(activation: string): InactiveKind | null {
  if (activation === 'relu') return 'dead';
  if (activation === 'sigmoid' || activation === 'tanh') return 'saturated';
  return null;
}

/** 1 where a value is inactive for its activation (see InactiveKind), else 0. */
function inactiveMask(values: tf.Tensor2D, activation: string): tf.Tensor2D {
  if (activation === 'relu') return tf.lessEqual(values, 0).toFloat() as tf.Tensor2D;
  if (activation === 'sigmoid') return tf.logicalOr(tf.less(values, 0.01), tf.greater(values, 0.99)).toFloat() as tf.Tensor2D;
  return tf.greater(tf.abs(values), 0.99).toFloat() as tf.Tensor2D;
}

/** What to evaluate the units on: the 2-D plane (when the data is 2-D) and a fixed batch of examples. */
export interface NetworkProbe {
  /** Per-example shape, e.g. [2] or [28, 28, 1]. */
  shape: number[];
  /** `count` examples, flattened row after row (the first few of the test split). */
  examples: Float32Array;
  count: number;
  /** 2-D data only: the heatmap grid. */
  plane?: { resolution: number; extent: number };
}

/**
 * Every column's unit values, in one forward pass through the model's own layers (inference mode: dropout
 * off, batch norm on its moving statistics). The caller disposes the returned tensors.
 */
function stageOutputs(model: tf.LayersModel, plan: NetworkPlan, x: tf.Tensor): tf.Tensor2D[] {
  const ends = new Set(plan.stages.map((s) => s.last));
  const last = plan.stages[plan.stages.length - 1].last;
  const outputs: tf.Tensor2D[] = [];
  let h = x;
  for (let i = 0; i <= last; i++) {
    h = model.layers[i].apply(h, { training: false }) as tf.Tensor;
    if (ends.has(i)) outputs.push(h as tf.Tensor2D);
  }
  return outputs;
}

/** Drawn unit count of a column of `units`. */
export const drawnUnits = (units: number) => Math.min(units, MAX_DRAWN_UNITS);

/**
 * A snapshot of the network for its view: the drawn weights, each drawn unit's heatmap over the plane (2-D
 * data), its mean and inactive share over the probe examples, and each layer's count of always-inactive
 * units. Everything is gathered into one tensor inside tidy and read back with a single data() call, so the
 * trainer pays for one read-back and the tensor count stays flat.
 */
export async function networkSnapshot(model: tf.LayersModel, plan: NetworkPlan, probe: NetworkProbe): Promise<NetworkSnapshot> {
  const inputsShown = plan.inputs <= MAX_DRAWN_UNITS ? plan.inputs : 0;
  // Heatmaps are over the input plane, so only points with two features have them.
  const plane = probe.shape.length === 1 && probe.shape[0] === 2 ? probe.plane : undefined;
  const layout: { name: string; size: number }[] = [];
  const packed = tf.tidy(() => {
    const pieces: tf.Tensor[] = [];
    const add = (name: string, t: tf.Tensor) => {
      layout.push({ name, size: t.size });
      pieces.push(t.reshape([-1]));
    };
    const examples = tf.tensor(probe.examples.subarray(0, probe.count * probe.shape.reduce((a, b) => a * b, 1)), [
      probe.count,
      ...probe.shape,
    ]);
    const onExamples = stageOutputs(model, plan, examples);
    const onPlane = plane
      ? stageOutputs(model, plan, tf.tensor2d(planePoints(plane.resolution, plane.extent), [plane.resolution ** 2, 2]))
      : null;
    let previousShown = inputsShown;
    plan.stages.forEach((stage, i) => {
      const values = onExamples[i];
      const units = values.shape[1];
      const shown = drawnUnits(units);
      const kernel = stage.dense.getWeights()[0] as tf.Tensor2D;
      if (previousShown > 0) add(`w${i}`, kernel.slice([0, 0], [previousShown, shown]));
      if (onPlane) add(`h${i}`, onPlane[i].slice([0, 0], [-1, shown]).transpose());
      add(`m${i}`, values.slice([0, 0], [-1, shown]).mean(0));
      if (i < plan.stages.length - 1 && inactiveKind(stage.activation)) add(`d${i}`, inactiveMask(values, stage.activation).mean(0));
      previousShown = shown;
    });
    return tf.concat(pieces);
  });
  let flat: Float32Array;
  try {
    flat = (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
  const parts = new Map<string, Float32Array>();
  let offset = 0;
  for (const { name, size } of layout) {
    parts.set(name, flat.subarray(offset, offset + size));
    offset += size;
  }
  const layers = plan.stages.map((stage, i) => readLayer(stage, i, i === plan.stages.length - 1, parts));
  return { inputs: { count: plan.inputs, shown: inputsShown }, layers, plane: plane ?? null, examples: probe.count };
}

/** One column from the read-back pieces (copies, so the big buffer is not kept alive by a small view). */
function readLayer(stage: Stage, i: number, isOutput: boolean, parts: Map<string, Float32Array>): NetworkLayer {
  const units = (stage.dense.getConfig() as { units: number }).units;
  const shown = drawnUnits(units);
  const copy = (name: string) => (parts.has(name) ? Float32Array.from(parts.get(name)!) : null);
  const share = parts.get(`d${i}`);
  const inactive = share ? inactiveKind(stage.activation) : null;
  return {
    name: stage.dense.name,
    role: isOutput ? 'output' : 'hidden',
    units,
    shown,
    activation: stage.activation,
    weights: copy(`w${i}`),
    heatmaps: copy(`h${i}`),
    mean: copy(`m${i}`)!,
    inactive,
    inactiveShare: share ? Float32Array.from(share.subarray(0, shown)) : null,
    inactiveUnits: share ? share.reduce((n, s) => n + (s >= 1 ? 1 : 0), 0) : null,
  };
}
