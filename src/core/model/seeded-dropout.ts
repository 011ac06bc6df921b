import * as tf from '@tensorflow/tfjs';

/**
 * Dropout whose masks are reproducible. TF.js's own Dropout with a `seed` draws the *same* mask on every
 * step (the seed is reused), and without one it uses Math.random. This layer derives a fresh seed per
 * training call from a base seed, so a run is both reproducible and really dropping different units.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  private readonly rate: number;
  private readonly baseSeed: number;
  private calls = 0;

  constructor(args: { rate: number; seed: number; name?: string }) {
    super({ name: args.name });
    this.rate = args.rate;
    this.baseSeed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate <= 0) return x;
    const seed = (this.baseSeed + 7919 * this.calls++) % 2147483647;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.baseSeed };
  }
}

tf.serialization.registerClass(SeededDropout);
