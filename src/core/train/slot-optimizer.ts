import * as tf from '@tensorflow/tfjs';

/** tfjs-core's NamedTensor, which the tfjs bundle does not re-export. */
export type NamedTensor = { name: string; tensor: tf.Tensor };

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/**
 * What Fitlab's own optimisers share with TF.js's: per-weight state tensors ("slots", e.g. Adam's m and v),
 * created as zeros on first use, saved and restored with the iteration count as TF.js's optimisers do.
 * Subclasses implement `update`, called once per weight inside a tidy, and may keep per-step numbers.
 */
export abstract class SlotOptimizer extends tf.Optimizer {
  private slots: Slot[][] = [];

  constructor(
    /** Read on every step, so a schedule may change it between steps. */
    public learningRate: number,
    private readonly slotNames: string[],
  ) {
    super();
  }

  /** Called once per step before any weight is updated; `t` is the 1-based step number. */
  protected abstract beginStep(t: number): void;
  /** Updates one weight from its gradient and its slots (in `slotNames` order), inside a tidy. */
  protected abstract update(value: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[]): void;
  /** Rebuilds any per-step numbers after setWeights, from `this.iterations`. */
  protected abstract restoreStepState(): void;

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    this.beginStep(this.iterations + 1);
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        this.slots[i] ??= this.slotNames.map((s) => ({
          originalName: `${name}/${s}`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        }));
        const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
        if (gradient == null) return;
        this.update(
          value,
          gradient,
          this.slots[i].map((s) => s.variable),
        );
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.slots.flat().map((s) => s.variable));
    this.slots = [];
  }

  /** Keras's order: every weight's first slot, then every weight's second slot… */
  override async getWeights(): Promise<NamedTensor[]> {
    const ordered = this.slotNames.flatMap((_, k) => this.slots.map((perWeight) => perWeight[k]));
    return [await this.saveIterations(), ...ordered.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.dispose();
    const perSlot = rest.length / this.slotNames.length;
    for (let i = 0; i < perSlot; i++) {
      this.slots[i] = this.slotNames.map((_, k) => {
        const w = rest[k * perSlot + i];
        return { originalName: w.name, variable: w.tensor.variable(false) };
      });
    }
    this.restoreStepState();
  }
}
