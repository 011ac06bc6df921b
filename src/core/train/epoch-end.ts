import * as tf from '@tensorflow/tfjs';
import { EarlyStopping } from './callbacks';
import type { LoopConfig } from './loop-config';
import type { TrainOutcome } from './loop-types';
import { ReduceLROnPlateau, scheduledLr } from './schedule';
import type { EpochRecord } from './types';

const cloneWeights = (model: tf.LayersModel): tf.Tensor[] => model.getWeights().map((w) => w.clone());

/**
 * What each epoch's end decides, and the weights it keeps for it:
 * - the learning rate of the next epoch (the schedule, or ReduceLROnPlateau fed each epoch's val_loss);
 * - early stopping (Keras's EarlyStopping), with a copy of the best epoch's weights when restoring is on,
 *   put back when patience runs out, as Keras does (a run that reaches its last epoch keeps its last weights);
 * - the weights after the last sane epoch, put back if a later one diverges (a blown-up model predicts NaN).
 */
export class EpochEnd {
  private readonly plateau: ReduceLROnPlateau | null;
  private readonly stopper: EarlyStopping | null;
  private readonly restoreBest: boolean;
  /** Copies of the best epoch's weights (restoreBest only). */
  private bestWeights: tf.Tensor[] | null = null;
  private goodWeights: tf.Tensor[];
  /** The epoch goodWeights come from; 0: the initial weights. */
  private goodEpoch = 0;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly config: LoopConfig,
  ) {
    const { lr, lrFactor, lrPatience, minLr } = config;
    this.plateau = config.schedule === 'plateau' ? new ReduceLROnPlateau(lr, { factor: lrFactor, patience: lrPatience, minLr }) : null;
    this.stopper = config.earlyStop
      ? new EarlyStopping({ monitor: config.esMonitor, patience: config.esPatience, minDelta: config.esMinDelta })
      : null;
    this.restoreBest = this.stopper !== null && config.esRestore;
    this.goodWeights = cloneWeights(model);
  }

  /** The rate a 1-based epoch trains at. */
  learningRate(epoch: number): number {
    const { config } = this;
    return this.plateau ? this.plateau.lr : scheduledLr(config, config.lr, epoch, config.epochs);
  }

  /**
   * Takes a finished epoch's record (`blowUp`: why it diverged, if it did) before it is reported, so an early
   * stop and its restored weights go out with it (in record.earlyStop). True when early stopping ends the run.
   */
  judge(record: EpochRecord, blowUp: string | null): boolean {
    this.plateau?.update(record.val_loss);
    const stopEarly = !blowUp && this.earlyStop(record);
    if (!blowUp) this.keepGoodWeights(record.epoch);
    return stopEarly;
  }

  /** Puts back the last sane epoch's weights and says so in the outcome. */
  diverged(message: string, history: EpochRecord[]): TrainOutcome {
    this.model.setWeights(this.goodWeights);
    const goodEpoch = this.goodEpoch;
    const kept = goodEpoch ? `the weights of epoch ${goodEpoch}, the last good one, are kept` : 'the initial weights are kept';
    return { status: 'diverged', history, message: `${message} Its curves and ${kept}.`, restoredEpoch: goodEpoch };
  }

  dispose(): void {
    tf.dispose(this.bestWeights ?? []);
    tf.dispose(this.goodWeights);
  }

  private earlyStop(record: EpochRecord): boolean {
    const { stopper } = this;
    if (!stopper) return false;
    const decision = stopper.update(record.epoch, record[this.config.esMonitor]);
    if (decision === 'improved' && this.restoreBest) {
      tf.dispose(this.bestWeights ?? []);
      this.bestWeights = cloneWeights(this.model);
    } else if (decision === 'stop') {
      if (this.bestWeights) this.model.setWeights(this.bestWeights);
      record.earlyStop = { restoredEpoch: this.bestWeights ? stopper.bestEpoch : null };
      return true;
    }
    return false;
  }

  private keepGoodWeights(epoch: number): void {
    tf.dispose(this.goodWeights);
    this.goodWeights = cloneWeights(this.model);
    this.goodEpoch = epoch;
  }
}
