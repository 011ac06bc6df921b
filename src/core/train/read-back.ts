import * as tf from '@tensorflow/tfjs';
import type { TrainCallbacks } from './loop-types';
import { rSquaredFromMse } from './train-stats';

/** Batch metrics are read back at most this often (or after READ_MAX unread batches): one read per group. */
const READ_EVERY_MS = 100;
const READ_MAX = 16;

interface UnreadBatch {
  /** [loss, second metric] of the batch, on the backend. */
  metrics: tf.Tensor;
  batch: number;
  size: number;
}

/**
 * Batch metrics stay on the backend and are read back in groups (every READ_EVERY_MS or READ_MAX batches)
 * with one read for the group, always leaving the newest batch unread so the backend never idles waiting
 * for us: a read-back per batch cost an MLP about a tenth of its speed (bench/README.md). Each batch read
 * back is reported (onBatchEnd) and counted into its epoch's means.
 */
export class MetricReadBack {
  /** Global step of the last batch read back, 1-based. */
  private step = 0;
  /** Batch metrics not read back yet; freed by dispose if training ends early. */
  private readonly unread: UnreadBatch[] = [];
  private lastRead = 0;
  private epoch = 0;
  private lr = 0;
  // The epoch's sums over the batches read back so far, weighted by batch size.
  private lossSum = 0;
  private accSum = 0;
  private seen = 0;

  constructor(
    private readonly regression: boolean,
    /** The training targets' variance (regression): batch R² is scored against it. */
    private readonly targetVariance: number,
    private readonly callbacks: TrainCallbacks,
  ) {}

  startEpoch(epoch: number, lr: number): void {
    this.epoch = epoch;
    this.lr = lr;
    this.lossSum = 0;
    this.accSum = 0;
    this.seen = 0;
    this.lastRead = performance.now();
  }

  push(metrics: tf.Tensor, batch: number, size: number): void {
    this.unread.push({ metrics, batch, size });
  }

  /** True when a group is due for reading back. */
  due(): boolean {
    return this.unread.length > READ_MAX || performance.now() - this.lastRead >= READ_EVERY_MS;
  }

  /** The epoch's mean training loss and score over the batches read back. */
  epochMeans(): { loss: number; acc: number } {
    return { loss: this.lossSum / this.seen, acc: this.accSum / this.seen };
  }

  /**
   * Reads back the unread batches (all but the newest with keepNewest) in one read and reports them.
   * Returns why training diverged if a batch loss is not finite (the batches after it are not reported).
   */
  async settle(keepNewest: boolean): Promise<string | null> {
    const unread = this.unread;
    const group = unread.splice(0, keepNewest ? Math.max(0, unread.length - 1) : unread.length);
    if (!group.length) return null;
    this.lastRead = performance.now();
    const joined = tf.stack(group.map((g) => g.metrics));
    const values = await joined.data().finally(() => {
      joined.dispose();
      for (const g of group) g.metrics.dispose();
    });
    let problem: string | null = null;
    group.forEach(({ batch, size }, i) => {
      if (!problem) problem = this.report(values[2 * i], values[2 * i + 1], batch, size);
    });
    return problem;
  }

  dispose(): void {
    for (const u of this.unread.splice(0)) u.metrics.dispose();
  }

  private report(loss: number, second: number, batch: number, size: number): string | null {
    // Regression reads back the batch MSE whatever the loss, and scores it against the targets' spread.
    const acc = this.regression ? rSquaredFromMse(second, this.targetVariance) : second;
    const epoch = this.epoch;
    const step = ++this.step;
    if (!Number.isFinite(loss)) {
      return `The loss became ${loss} at epoch ${epoch}, batch ${batch + 1}: training diverged. Try a lower learning rate (now ${this.lr}).`;
    }
    this.lossSum += loss * size;
    this.accSum += acc * size;
    this.seen += size;
    this.callbacks.onBatchEnd?.({ epoch, batch, step, loss, acc, size });
    return null;
  }
}
