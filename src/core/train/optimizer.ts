import * as tf from '@tensorflow/tfjs';
import { SCHEMA, type OptimizerName } from '../preset/schema';
import { AdadeltaOptimizer } from './adadelta';
import { NadamOptimizer } from './nadam';

export interface OptimizerOptions {
  /** Momentum coefficient of 'momentum' and 'nesterov'; the momentum row's default when absent. */
  momentum?: number;
}

/**
 * A fresh optimiser with TF.js's (Keras-like) defaults for everything but the learning rate and the momentum
 * coefficient. Nadam and Adadelta are Fitlab's own (nadam.ts, adadelta.ts: TF.js has no Nadam, and its
 * Adadelta departs from the published rule).
 */
export function makeOptimizer(name: OptimizerName, lr: number, options: OptimizerOptions = {}): tf.Optimizer {
  const momentum = options.momentum ?? SCHEMA.momentum.default;
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return new MomentumOptimizer(lr, momentum, false);
    case 'nesterov':
      return new MomentumOptimizer(lr, momentum, true);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adam':
      return tf.train.adam(lr);
    case 'adamax':
      return tf.train.adamax(lr);
    case 'nadam':
      return new NadamOptimizer(lr);
    case 'adagrad':
      return tf.train.adagrad(lr);
    case 'adadelta':
      return new AdadeltaOptimizer(lr);
  }
}

/**
 * Changes an optimiser's learning rate for its next steps. SGD and momentum cache −lr in a scalar tensor
 * (`c`), so they need `setLearningRate`; every other TF.js optimiser (Adam, Adamax, RMSprop, Adagrad) and
 * Fitlab's Nadam and Adadelta read `this.learningRate` in applyGradients, so setting the field is enough
 * (tested). Duck-typed: TF.js gives Optimizer a Symbol.hasInstance under which any optimiser is
 * `instanceof tf.SGDOptimizer`.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** tf.train.momentum, minus a leak: TF.js 4.22's MomentumOptimizer.dispose frees `m` but not SGD's `c`. */
class MomentumOptimizer extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}
