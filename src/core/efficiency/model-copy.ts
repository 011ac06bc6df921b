import * as tf from '@tensorflow/tfjs';
// Registers SeededDropout with tf.serialization, so a model that uses it can be rebuilt from its JSON.
import '../model/seeded-dropout';

/**
 * Rewrites one weight tensor: `values` is a private copy (row-major, as TF.js stores it) that the transform
 * may change or return; `name` is the original model's weight name; `isKernel` is true for the
 * multiplicative weights (rank ≥ 2: dense and conv kernels) and false for biases and other vectors.
 */
export type WeightTransform = (values: Float32Array, name: string, isKernel: boolean) => Float32Array;

/**
 * A new, independent model with the same architecture and `transform`ed weights; the original is not
 * touched. The caller owns the copy and must dispose it.
 *
 * Rebuilt from the model's own JSON (the format model.json stores), not by cloning layer objects, so the
 * copy shares no variables with the original. The fresh initial weights it is built with are replaced
 * right away; the temporaries are freed. Non-float32 weights (none in Fitlab's models) are copied as they are.
 */
export async function copyWithWeights(model: tf.LayersModel, transform: WeightTransform): Promise<tf.LayersModel> {
  const copy = await tf.models.modelFromJSON(model.toJSON(null, false) as tf.serialization.ConfigDict);
  try {
    if (copy.layers.length !== model.layers.length) throw new Error('The rebuilt model has a different layer stack.');
    for (let i = 0; i < model.layers.length; i++) {
      const source = model.layers[i].weights;
      const target = copy.layers[i];
      if (source.length === 0) continue;
      if (target.weights.length !== source.length) throw new Error(`Layer ${model.layers[i].name}: the rebuilt layer has other weights.`);
      // Per layer, in the layer's own order, so the match never depends on weight names (a rebuilt model's
      // variables get unique suffixes).
      const values = await Promise.all(source.map((w) => w.read().data()));
      const tensors: tf.Tensor[] = [];
      try {
        source.forEach((w, j) => {
          // A built layer's weights have every dimension known.
          const shape = w.shape as number[];
          if (w.dtype !== 'float32') {
            tensors.push(tf.tensor(values[j].slice(), shape, w.dtype));
            return;
          }
          // A copy: on the cpu backend data() hands out the variable's own storage.
          const out = transform((values[j] as Float32Array).slice(), w.name, shape.length >= 2);
          if (out.length !== values[j].length)
            throw new Error(`Weight ${w.name}: the transform returned ${out.length} values, expected ${values[j].length}.`);
          tensors.push(tf.tensor(out, shape, 'float32'));
        });
        target.setWeights(tensors);
      } finally {
        // Freed also when a transform throws halfway; the copy's variables keep their own reference.
        tf.dispose(tensors);
      }
    }
  } catch (err) {
    copy.dispose();
    throw err;
  }
  return copy;
}
