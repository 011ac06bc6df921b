import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer } from './slot-optimizer';

/** Keras's momentum-schedule constants: μ_t = β1 · (1 − ½ · 0.96^(0.004·t)). */
const DECAY_BASE = 0.96;
const DECAY_RATE = 0.004;

/** The momentum coefficient μ_t of step t (1-based) in Dozat's schedule, as Keras computes it. */
export function nadamMomentum(beta1: number, t: number): number {
  return beta1 * (1 - 0.5 * DECAY_BASE ** (DECAY_RATE * t));
}

/**
 * Nadam: Adam with Nesterov momentum (Dozat 2016, "Incorporating Nesterov Momentum into Adam"), with the
 * update rule of Keras's `Nadam` (tf.keras optimizer_v2 and Keras 3 alike). At step t, for gradient g:
 *
 *   μ_t = β1 (1 − ½·0.96^(0.004 t)),  μ_{t+1} likewise,  Π_t = μ_1 ⋯ μ_t
 *   m ← β1 m + (1−β1) g,              v ← β2 v + (1−β2) g²
 *   m̂ = (1 − μ_t) g / (1 − Π_t) + μ_{t+1} m / (1 − Π_t μ_{t+1}),   v̂ = v / (1 − β2^t)
 *   θ ← θ − lr · m̂ / (√v̂ + ε)
 *
 * The step-level scalars (μ, Π, bias corrections) are plain numbers worked out in float64 each step; the
 * per-weight state (m, v) lives in tensors like Adam's. Registered for serialisation as 'Nadam'.
 */
export class NadamOptimizer extends SlotOptimizer {
  static className = 'Nadam';
  /** Π_t, the product of the momentum coefficients so far (1 before the first step). */
  private mSchedule = 1;
  private gCoef = 0;
  private mCoef = 0;
  private vCorrection = 1;

  constructor(
    learningRate: number,
    public readonly beta1 = 0.9,
    public readonly beta2 = 0.999,
    /** Keras uses 1e-7, which is TF.js's float32 backend epsilon; the backend's own keeps float16 WebGL safe. */
    public readonly epsilon: number = tf.backend().epsilon(),
  ) {
    super(learningRate, ['m', 'v']);
  }

  protected beginStep(t: number): void {
    const muT = nadamMomentum(this.beta1, t);
    const muNext = nadamMomentum(this.beta1, t + 1);
    const scheduleNew = this.mSchedule * muT;
    this.gCoef = (1 - muT) / (1 - scheduleNew);
    this.mCoef = muNext / (1 - scheduleNew * muNext);
    this.vCorrection = 1 - this.beta2 ** t;
    this.mSchedule = scheduleNew;
  }

  protected update(value: tf.Variable, g: tf.Tensor, [m, v]: tf.Variable[]): void {
    const newM = m.mul(this.beta1).add(g.mul(1 - this.beta1));
    const newV = v.mul(this.beta2).add(g.square().mul(1 - this.beta2));
    m.assign(newM);
    v.assign(newV);
    const mBar = g.mul(this.gCoef).add(newM.mul(this.mCoef));
    value.assign(value.sub(mBar.div(newV.div(this.vCorrection).sqrt().add(this.epsilon)).mul(this.learningRate)));
  }

  protected restoreStepState(): void {
    this.mSchedule = 1;
    for (let t = 1; t <= this.iterations; t++) this.mSchedule *= nadamMomentum(this.beta1, t);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config.learningRate, config.beta1, config.beta2, config.epsilon);
  }
}

tf.serialization.registerClass(NadamOptimizer);
