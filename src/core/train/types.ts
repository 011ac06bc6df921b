/** Plain records the training loop reports; they cross the worker boundary and end up in exports. */

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training cross-entropy over the epoch's batches (regularisation penalty excluded). */
  loss: number;
  acc: number;
  val_loss: number;
  val_acc: number;
  lr: number;
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
  acc: number;
  /** Samples in this batch. */
  size: number;
}

/** Features and labels of one split, as typed arrays (sample-major). */
export interface SplitArrays {
  x: Float32Array;
  y: Int32Array;
  count: number;
}
