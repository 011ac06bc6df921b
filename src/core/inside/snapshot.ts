import * as tf from '@tensorflow/tfjs';
import { insideTaps, type Tap } from './taps';
import { MAX_MAPS, MAX_UNITS, type DenseLayer, type FeatureLayer, type FilterGrid, type InsideSnapshot } from './types';

/**
 * Every conv, pool and hidden dense stage's output for one input, the first conv layer's filters and the
 * softmax, from one pass of a sub-model over the tapped layers' outputs (it shares the model's layers and
 * weights, so it costs one prediction and holds no tensors of its own; it must not be disposed, which would
 * dispose the shared layers).
 */
export async function insideSnapshot(
  model: tf.LayersModel,
  image: Float32Array,
  shape: number[],
  testIndex: number,
): Promise<InsideSnapshot> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const taps = insideTaps(model);
  const outputs = [...taps.map((t) => layers[t.layer].output as tf.SymbolicTensor), ...model.outputs];
  const sub = tf.model({ inputs: model.inputs, outputs });
  const results = tf.tidy(() => {
    const out = sub.predict(tf.tensor(image, [1, ...shape]));
    return Array.isArray(out) ? out : [out];
  });
  let arrays: Float32Array[];
  try {
    arrays = (await Promise.all(results.map((r) => r.data()))) as Float32Array[];
  } finally {
    tf.dispose(results);
  }
  const features: FeatureLayer[] = [];
  const dense: DenseLayer[] = [];
  taps.forEach((tap, i) => {
    const outShape = results[i].shape;
    if (tap.kind === 'dense') dense.push(denseLayer(tap, arrays[i]));
    else features.push(featureLayer(tap, arrays[i], outShape));
  });
  const probabilities = Array.from(arrays[arrays.length - 1]);
  return {
    testIndex,
    input: Array.from(image),
    shape: [...shape],
    features,
    filters: await firstFilters(layers),
    dense,
    probabilities,
    predicted: argmax(probabilities),
  };
}

/** Splits a [1, h, w, c] output into per-channel maps (the first MAX_MAPS). */
function featureLayer(tap: Tap, values: Float32Array, shape: number[]): FeatureLayer {
  const [, height, width, channels] = shape;
  const shown = Math.min(channels, MAX_MAPS);
  const maps: number[][] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < shown; c++) {
    const map = new Array<number>(height * width);
    for (let p = 0; p < height * width; p++) {
      const v = values[p * channels + c];
      map[p] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    maps.push(map);
  }
  return {
    name: tap.name,
    kind: tap.kind as FeatureLayer['kind'],
    height,
    width,
    channels,
    maps,
    min: shown ? min : 0,
    max: shown ? max : 0,
  };
}

function denseLayer(tap: Tap, values: Float32Array): DenseLayer {
  return { name: tap.name, units: values.length, values: Array.from(values.subarray(0, MAX_UNITS)) };
}

/** The first conv layer's kernels [kh, kw, in, out] as one HWC image per filter, each min–max scaled alone. */
async function firstFilters(layers: tf.layers.Layer[]): Promise<FilterGrid | null> {
  const conv = layers.find((l) => l.getClassName() === 'Conv2D');
  if (!conv) return null;
  // getWeights hands out the layer's own variables, not copies: nothing to dispose.
  const kernel = conv.getWeights()[0];
  const [height, width, channels, count] = kernel.shape;
  const values = (await kernel.data()) as Float32Array;
  const filters: number[][] = [];
  for (let f = 0; f < Math.min(count, MAX_MAPS); f++) {
    const filter = new Array<number>(height * width * channels);
    for (let p = 0; p < height * width * channels; p++) filter[p] = values[p * count + f];
    filters.push(scaleToUnit(filter));
  }
  return { height, width, channels, filters };
}

/** Min–max to [0, 1]; a constant filter becomes mid-grey rather than dividing by zero. */
export function scaleToUnit(values: number[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  return values.map((v) => (span > 0 && Number.isFinite(span) ? (v - min) / span : 0.5));
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
