/** Plain records the training loop reports; they cross the worker boundary and end up in exports. */

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /**
   * Mean training loss over the epoch's batches (regularisation penalty excluded): cross-entropy for
   * classification, the chosen regression loss (MSE or MAE) for regression.
   */
  loss: number;
  /**
   * The task's score: accuracy for classification, R² for regression; 1 is perfect. Training R² is
   * 1 − MSE / Var(training targets), averaged over batches by size (so it can go below 0).
   */
  acc: number;
  /** The same loss on the validation split; NaN without one. */
  val_loss: number;
  /** The task's score on the validation split (accuracy, or R² as sklearn's r2_score); NaN without one. */
  val_acc: number;
  /** The learning rate this epoch trained at (the schedule's, or ReduceLROnPlateau's). */
  lr: number;
  /**
   * Only on the epoch where early stopping ended the run: the epoch whose weights were put back (null when
   * restoring is off). Lets charts mark the stop and the restored epoch from the history alone.
   */
  earlyStop?: { restoredEpoch: number | null };
  /** Validation confusion matrix after this epoch (rows = true class), for the confusion timeline; null without a validation split and for regression. */
  val_confusion: number[][] | null;
  /** Wall time of the epoch, training and validation. */
  ms: number;
}

export interface BatchRecord {
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  /** Global step, 1-based. */
  step: number;
  loss: number;
  /** The task's score on this batch: accuracy, or R² = 1 − MSE_batch / Var(training targets). */
  acc: number;
  /** Samples in this batch. */
  size: number;
}

/** Features and labels of one split, as typed arrays (sample-major). */
export interface SplitArrays {
  x: Float32Array;
  y: Int32Array;
  count: number;
  /** Regression targets, one per sample (see gatherTargets); required when training for regression. */
  targets?: Float32Array;
}
