import type { Settings } from '../preset/schema';

/** Plain learning-rate schedules, per epoch: no tensors, no TF.js. */

export type ScheduleSettings = Pick<Settings, 'schedule' | 'lrEvery' | 'lrFactor' | 'lrDecay'>;

/**
 * The rate for a 1-based epoch of an `epochs`-long run, starting from `lr`:
 * - constant: lr.
 * - step: lr · factor^⌊(epoch−1) / every⌋ (PyTorch's StepLR): epochs 1…every at lr, the next `every` at lr·factor…
 * - exp: lr · decay^(epoch−1).
 * - cosine: lr · ½(1 + cos(π (epoch−1) / epochs)): lr at epoch 1, heading to 0 at the end of the run (the
 *   last epoch still trains at a small positive rate).
 * - plateau: lr here; ReduceLROnPlateau changes it from the validation loss.
 */
export function scheduledLr(s: ScheduleSettings, lr: number, epoch: number, epochs: number): number {
  const e = epoch - 1;
  switch (s.schedule) {
    case 'constant':
    case 'plateau':
      return lr;
    case 'step':
      return lr * s.lrFactor ** Math.floor(e / s.lrEvery);
    case 'exp':
      return lr * s.lrDecay ** e;
    case 'cosine':
      return lr * 0.5 * (1 + Math.cos((Math.PI * e) / Math.max(1, epochs)));
  }
}

export interface PlateauOptions {
  factor: number;
  patience: number;
  minLr: number;
  /** An epoch improves on the best when it is lower by more than this; Keras's default 1e-4. */
  minDelta?: number;
}

/**
 * Keras's ReduceLROnPlateau(monitor='val_loss', mode='min', cooldown=0): when `patience` epochs in a row fail
 * to lower the monitored value below best − minDelta, the rate is multiplied by `factor` (never below
 * `minLr`) and the count starts again. A NaN reading (no validation split) is skipped, as Keras skips a
 * missing metric.
 */
export class ReduceLROnPlateau {
  private best = Infinity;
  private wait = 0;
  private readonly minDelta: number;

  constructor(
    public lr: number,
    private readonly options: PlateauOptions,
  ) {
    this.minDelta = options.minDelta ?? 1e-4;
  }

  /** Takes the epoch's monitored value; returns the rate for the next epoch. */
  update(value: number): number {
    if (Number.isNaN(value)) return this.lr;
    if (value < this.best - this.minDelta) {
      this.best = value;
      this.wait = 0;
      return this.lr;
    }
    this.wait++;
    if (this.wait >= this.options.patience) {
      if (this.lr > this.options.minLr) this.lr = Math.max(this.lr * this.options.factor, this.options.minLr);
      this.wait = 0;
    }
    return this.lr;
  }
}
