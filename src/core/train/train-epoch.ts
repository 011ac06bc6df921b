import { shuffleInPlace, type Rng } from '../rng';
import { trainBatch, type BatchStep } from './batch-step';
import type { TrainCallbacks } from './loop-types';
import type { MetricReadBack } from './read-back';

/** The loop hands control back (messages such as Stop, rendering on the main thread) at least this often. */
const YIELD_EVERY_MS = 16;

/** What an epoch's batches run on, kept for the whole run. */
export interface BatchLoop {
  step: BatchStep;
  reader: MetricReadBack;
  callbacks: TrainCallbacks;
  /** Sample indices, shuffled in place at each epoch's start by batchRng (seeded batch order). */
  order: Int32Array;
  batchRng: Rng;
  batchSize: number;
  /** When control was last handed to the host (performance.now()). */
  lastYield: number;
}

/** How an epoch's batches ended: all trained and read back, stopped by the host, or diverged (why). */
export type EpochBatches = 'trained' | 'stopped' | { diverged: string };

/**
 * Trains one epoch's batches in a freshly shuffled order. Between batches: read back a group of batch
 * metrics when one is due, yield to the host on a time budget, hold while paused, and stop when asked.
 * The common path awaits nothing, so a fast batch pays for no extra turn of the event loop.
 */
export async function trainEpochBatches(loop: BatchLoop, epoch: number, lr: number): Promise<EpochBatches> {
  const { reader, callbacks, order, batchSize } = loop;
  shuffleInPlace(order, loop.batchRng);
  reader.startEpoch(epoch, lr);
  for (let start = 0, batch = 0; start < order.length; start += batchSize, batch++) {
    const size = Math.min(batchSize, order.length - start);
    reader.push(trainBatch(loop.step, order.subarray(start, start + size)), batch, size);
    if (reader.due()) {
      const problem = await reader.settle(true);
      if (problem) return { diverged: problem };
    }
    // Yield on a time budget rather than after every batch: fast batches would pay for it in speed,
    // and a Stop message still lands within YIELD_EVERY_MS (slow batches yield after each one).
    if (performance.now() - loop.lastYield >= YIELD_EVERY_MS) await yieldToHost(loop);
    if (callbacks.isPaused?.()) {
      const problem = await holdWhilePaused(loop);
      if (problem) return { diverged: problem };
    }
    if (callbacks.shouldStop?.()) {
      await reader.settle(false);
      return 'stopped';
    }
  }
  const problem = await reader.settle(false);
  return problem ? { diverged: problem } : 'trained';
}

async function yieldToHost(loop: BatchLoop): Promise<void> {
  await loop.callbacks.yieldControl?.();
  loop.lastYield = performance.now();
}

/** Everything trained so far is reported before the hold, so a paused chart is complete. */
async function holdWhilePaused(loop: BatchLoop): Promise<string | null> {
  const problem = await loop.reader.settle(false);
  if (problem) return problem;
  await loop.callbacks.whilePaused?.();
  loop.lastYield = performance.now();
  return null;
}
