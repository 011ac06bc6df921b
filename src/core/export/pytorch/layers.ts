import type * as tf from '@tensorflow/tfjs';
import type { Initializer } from '../../preset/schema';
import type { NpyArray } from './npy';

/** One layer as train.py builds it (python/model.py's LAYER_TYPES); plain JSON, written into the script. */
export type LayerSpec = { name: string; type: string } & Record<string, unknown>;

export interface TorchModel {
  layers: LayerSpec[];
  /** state_dict name → the weight in PyTorch's layout (weights.npz). */
  weights: Record<string, NpyArray>;
  /** Every weight value, BN's moving statistics included: what Fitlab's summary counts. */
  params: number;
}

type Config = Record<string, unknown>;

/**
 * Walks the TF.js model layer by layer and says how train.py rebuilds it, with its weights moved to
 * PyTorch's layout: a Dense kernel [in, out] becomes Linear's [out, in]; a Conv2D kernel HWIO becomes OIHW;
 * batch norm's gamma / beta / moving mean / moving variance become weight / bias / running_mean /
 * running_var; PReLU's alpha becomes one value per unit or channel. `init` is the run's kernel initialiser
 * (TF.js's configs only name VarianceScaling). A layer Fitlab never builds is refused by name.
 */
export async function describeModel(model: tf.LayersModel, init: Initializer): Promise<TorchModel> {
  const layers: LayerSpec[] = [];
  const weights: Record<string, NpyArray> = {};
  const counts: Record<string, number> = {};
  let params = 0;
  let afterConv = false;
  for (const layer of model.layers) {
    const config = layer.getConfig() as Config;
    const values = await Promise.all(layer.getWeights().map(async (w) => ({ shape: w.shape, data: (await w.data()) as Float32Array })));
    params += values.reduce((n, v) => n + v.data.length, 0);
    const kind = layer.getClassName();
    const type = LAYER_TYPES[kind];
    if (!type) throw new Error(`The layer '${layer.name}' (${kind}) has no PyTorch translation in Fitlab's export.`);
    counts[type] = (counts[type] ?? 0) + 1;
    const name = `${type}${counts[type]}`;
    const put = (key: string, shape: number[], data: Float32Array) => {
      weights[`layers.${name}.${key}`] = { dtype: 'float32', shape, data };
    };
    const spec: LayerSpec = { name, type };
    if (type === 'dense') {
      const [kernel, bias] = values;
      const [n, units] = kernel.shape;
      Object.assign(spec, { in: n, units, bias: !!bias, activation: config.activation, init, ...penalties(config) });
      put('weight', [units, n], transpose2d(kernel.data, n, units));
      if (bias) put('bias', [units], bias.data);
    } else if (type === 'conv') {
      const [kernel, bias] = values;
      const [kh, kw, cin, cout] = kernel.shape;
      const strides = config.strides as number[];
      if (config.padding !== 'valid' || kh !== kw || strides[0] !== strides[1] || !isOne(config.dilationRate)) {
        throw new Error(`The conv layer '${layer.name}' is not a square 'valid' convolution, which is all Fitlab's export translates.`);
      }
      Object.assign(spec, { in: cin, filters: cout, kernel: kh, strides: strides[0], bias: !!bias, activation: config.activation, init, ...penalties(config) });
      put('weight', [cout, cin, kh, kw], hwioToOihw(kernel.data, kh, kw, cin, cout));
      if (bias) put('bias', [cout], bias.data);
      afterConv = true;
    } else if (type === 'batchnorm') {
      const [gamma, beta, mean, variance] = values;
      if (values.length !== 4) throw new Error(`The batch norm layer '${layer.name}' lacks its scale or centre, which Fitlab's export needs.`);
      const c = gamma.data.length;
      Object.assign(spec, { features: c, epsilon: config.epsilon, momentum: config.momentum });
      put('weight', [c], gamma.data);
      put('bias', [c], beta.data);
      put('running_mean', [c], mean.data);
      put('running_var', [c], variance.data);
    } else if (type === 'prelu') {
      const alpha = values[0];
      Object.assign(spec, { features: alpha.data.length, alpha: alpha.data[0] });
      put('alpha', [alpha.data.length], alpha.data);
    } else if (type === 'leaky') {
      spec.alpha = config.alpha;
    } else if (type === 'activation') {
      spec.activation = config.activation;
    } else if (type === 'maxpool') {
      const pool = config.poolSize as number[];
      const strides = (config.strides as number[] | null) ?? pool;
      if (config.padding !== 'valid' || pool[0] !== pool[1] || strides[0] !== strides[1]) {
        throw new Error(`The pooling layer '${layer.name}' is not square 'valid' pooling, which is all Fitlab's export translates.`);
      }
      Object.assign(spec, { pool: pool[0], strides: strides[0] });
    } else if (type === 'flatten') {
      spec.channels_first = afterConv;
    } else if (type === 'dropout') {
      spec.rate = config.rate;
    }
    layers.push(spec);
  }
  return { layers, weights, params };
}

/** TF.js class name → train.py's layer type. */
const LAYER_TYPES: Record<string, string> = {
  Dense: 'dense',
  Conv2D: 'conv',
  BatchNormalization: 'batchnorm',
  PReLU: 'prelu',
  LeakyReLU: 'leaky',
  Activation: 'activation',
  MaxPooling2D: 'maxpool',
  Flatten: 'flatten',
  SeededDropout: 'dropout',
  Dropout: 'dropout',
};

/** The kernel regulariser's L1 and L2 factors (Keras's l1l2 config), 0 when absent. */
function penalties(config: Config): { l1: number; l2: number } {
  const reg = (config.kernelRegularizer as { config?: { l1?: number; l2?: number } } | null | undefined)?.config;
  return { l1: reg?.l1 ?? 0, l2: reg?.l2 ?? 0 };
}

function isOne(rate: unknown): boolean {
  return rate == null || rate === 1 || (Array.isArray(rate) && rate.every((r) => r === 1));
}

/** [rows, cols] → [cols, rows]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** TF.js's conv kernel [kh, kw, in, out] → PyTorch's [out, in, kh, kw]. */
export function hwioToOihw(data: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + h) * kw + w] = data[((h * kw + w) * cin + i) * cout + o];
  return out;
}
