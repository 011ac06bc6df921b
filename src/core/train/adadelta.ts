import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer } from './slot-optimizer';

/**
 * Adadelta as published (Zeiler 2012, Algorithm 1) and as TensorFlow / Keras compute it, with Keras's
 * learning-rate factor:
 *
 *   E[g²] ← ρ E[g²] + (1−ρ) g²
 *   Δ = √(E[Δ²] + ε) / √(E[g²] + ε) · g        (the NEW E[g²])
 *   E[Δ²] ← ρ E[Δ²] + (1−ρ) Δ²
 *   θ ← θ − lr · Δ
 *
 * Why not tf.train.adadelta: TF.js 4.22 divides by the PREVIOUS E[g²], so its first step is a plain
 * SGD step of lr · g (√ε / √ε = 1) instead of a tiny one. Registered as 'FitlabAdadelta', apart from
 * TF.js's own 'Adadelta'.
 */
export class AdadeltaOptimizer extends SlotOptimizer {
  static className = 'FitlabAdadelta';

  constructor(
    learningRate: number,
    public readonly rho = 0.95,
    public readonly epsilon: number = tf.backend().epsilon(),
  ) {
    super(learningRate, ['accum_grad', 'accum_var']);
  }

  protected beginStep(): void {}
  protected restoreStepState(): void {}

  protected update(value: tf.Variable, g: tf.Tensor, [accGrad, accUpdate]: tf.Variable[]): void {
    const newAccGrad = accGrad.mul(this.rho).add(g.square().mul(1 - this.rho));
    const delta = accUpdate.add(this.epsilon).sqrt().div(newAccGrad.add(this.epsilon).sqrt()).mul(g);
    accGrad.assign(newAccGrad);
    accUpdate.assign(accUpdate.mul(this.rho).add(delta.square().mul(1 - this.rho)));
    value.assign(value.sub(delta.mul(this.learningRate)));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config.learningRate, config.rho, config.epsilon);
  }
}

tf.serialization.registerClass(AdadeltaOptimizer);
