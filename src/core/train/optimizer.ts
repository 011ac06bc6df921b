import * as tf from '@tensorflow/tfjs';
import type { Settings } from '../preset/schema';

export function makeOptimizer(name: Settings['optimizer'], lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adam':
      return tf.train.adam(lr);
  }
}
