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
  const out: TorchModel = { layers: [], weights: {}, params: 0 };
  const counts: Record<string, number> = {};
  let afterConv = false;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const type = LAYER_TYPES[kind];
    if (!type) throw new Error(`The layer '${layer.name}' (${kind}) has no PyTorch translation in Fitlab's export.`);
    counts[type] = (counts[type] ?? 0) + 1;
    const name = `${type}${counts[type]}`;
    const values = await Promise.all(layer.getWeights().map(async (w) => ({ shape: w.shape, data: (await w.data()) as Float32Array })));
    out.params += values.reduce((n, v) => n + v.data.length, 0);
    const put = (key: string, shape: number[], data: Float32Array) => {
      out.weights[`layers.${name}.${key}`] = { dtype: 'float32', shape, data };
    };
    const at: LayerAt = { label: layer.name, config: layer.getConfig() as Config, values, put, init, afterConv };
    out.layers.push({ name, type, ...TRANSLATE[type](at) });
    if (type === 'conv') afterConv = true;
  }
  return out;
}

/** One weight of a layer as TF.js holds it. */
interface Weight {
  shape: number[];
  data: Float32Array;
}

interface LayerAt {
  label: string;
  config: Config;
  values: Weight[];
  /** Stores one weight under `layers.<name>.<key>` in weights.npz. */
  put: (key: string, shape: number[], data: Float32Array) => void;
  init: Initializer;
  /** A conv layer came before: the data is NCHW in train.py from there on. */
  afterConv: boolean;
}

/** Per train.py layer type: the spec fields its constructor reads, storing its weights on the way. */
const TRANSLATE = {
  dense: ({ label, config, values: [weight, bias], put, init }) => {
    const kernel = kernelOf(label, weight, 2);
    const [n, units] = kernel.shape;
    put('weight', [units, n], transpose2d(kernel.data, n, units));
    if (bias) put('bias', [units], bias.data);
    return { in: n, units, bias: !!bias, activation: config.activation, init, ...penalties(config) };
  },
  conv: ({ label, config, values: [weight, bias], put, init }) => {
    const kernel = kernelOf(label, weight, 4);
    const [kh, kw, cin, cout] = kernel.shape;
    const strides = config.strides as number[];
    if (config.padding !== 'valid' || kh !== kw || strides[0] !== strides[1] || !isOne(config.dilationRate)) {
      throw new Error(`The conv layer '${label}' is not a square 'valid' convolution, which is all Fitlab's export translates.`);
    }
    put('weight', [cout, cin, kh, kw], hwioToOihw(kernel.data, kh, kw, cin, cout));
    if (bias) put('bias', [cout], bias.data);
    return {
      in: cin,
      filters: cout,
      kernel: kh,
      strides: strides[0],
      bias: !!bias,
      activation: config.activation,
      init,
      ...penalties(config),
    };
  },
  batchnorm: ({ label, config, values, put }) => {
    const [gamma, beta, mean, variance, ...more] = values;
    if (!gamma || !beta || !mean || !variance || more.length) {
      throw new Error(`The batch norm layer '${label}' lacks its scale or centre, which Fitlab's export needs.`);
    }
    const c = gamma.data.length;
    put('weight', [c], gamma.data);
    put('bias', [c], beta.data);
    put('running_mean', [c], mean.data);
    put('running_var', [c], variance.data);
    return { features: c, epsilon: config.epsilon, momentum: config.momentum };
  },
  prelu: ({ label, config, values: [alpha], put }) => {
    if (!alpha) throw new Error(`The PReLU layer '${label}' has no α weights, which Fitlab's export needs.`);
    put('alpha', [alpha.data.length], alpha.data);
    // A retrain starts from the constant α Fitlab initialised with, not from the trained values.
    const start = (config.alphaInitializer as { config?: { value?: unknown } } | undefined)?.config?.value;
    if (typeof start !== 'number')
      throw new Error(`The PReLU layer '${label}' does not start from a constant α, which is all Fitlab's export translates.`);
    return { features: alpha.data.length, alpha: start };
  },
  leaky: ({ config }) => ({ alpha: config.alpha }),
  activation: ({ config }) => ({ activation: config.activation }),
  maxpool: ({ label, config }) => {
    const pool = config.poolSize as number[];
    const strides = (config.strides as number[] | null) ?? pool;
    if (config.padding !== 'valid' || pool[0] !== pool[1] || strides[0] !== strides[1]) {
      throw new Error(`The pooling layer '${label}' is not square 'valid' pooling, which is all Fitlab's export translates.`);
    }
    return { pool: pool[0], strides: strides[0] };
  },
  flatten: ({ afterConv }) => ({ channels_first: afterConv }),
  dropout: ({ config }) => ({ rate: config.rate }),
} satisfies Record<string, (l: LayerAt) => Record<string, unknown>>;

type LayerType = keyof typeof TRANSLATE;

/** TF.js class name → train.py's layer type. */
const LAYER_TYPES: Partial<Record<string, LayerType>> = {
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

/** `rank` numbers, as a tuple type. */
type Dims<N extends number, D extends number[] = []> = D['length'] extends N ? D : Dims<N, [...D, number]>;

/** The layer's kernel with its shape checked to have `rank` dimensions (a Dense kernel 2, a Conv2D one 4). */
function kernelOf<N extends number>(label: string, kernel: Weight | undefined, rank: N): { shape: Dims<N>; data: Float32Array } {
  if (!kernel || kernel.shape.length !== rank)
    throw new Error(`The layer '${label}' has no ${rank}-D kernel, which Fitlab's export needs.`);
  // The length was just checked, which is all Dims<N> says.
  return kernel as { shape: Dims<N>; data: Float32Array };
}

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
  // Element k of the source sits at row ⌊k / cols⌋, column k mod cols.
  data.forEach((v, k) => {
    out[(k % cols) * rows + Math.floor(k / cols)] = v;
  });
  return out;
}

/** TF.js's conv kernel [kh, kw, in, out] → PyTorch's [out, in, kh, kw]. */
export function hwioToOihw(data: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  // Element k of the source is (h, w, i, o) with o varying fastest.
  data.forEach((v, k) => {
    const o = k % cout;
    const i = Math.floor(k / cout) % cin;
    const w = Math.floor(k / (cout * cin)) % kw;
    const h = Math.floor(k / (cout * cin * kw));
    out[((o * cin + i) * kh + h) * kw + w] = v;
  });
  return out;
}
