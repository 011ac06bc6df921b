/** A message as the bench page received it: a flush of batch records (with their samples) or an epoch's event. */
export type RunMark = { kind: 'epoch'; t: number; epoch: number } | { kind: 'batches'; t: number; epoch: number; samples: number };

/**
 * Training samples/s from the page's view of a run, validation excluded, over epochs 2…N (issue 18,
 * bench/README.md "The CNN near the limit"). `null` when no epoch has enough flushes to tell.
 *
 * The runner (src/worker/runner.ts) flushes batch records at most every 100 ms, from inside a group
 * read-back (src/core/train/read-back.ts): the group is every unread batch but the newest, and the flush
 * goes out at the group's first record. So when flush k arrives, the worker has trained every batch up to
 * the first record of the next group, i.e. up to the last record of flush k + 1: the samples trained by
 * flush k are those of flushes 1…k + 1. The rate of an epoch is then taken between its first and its
 * last-but-two flush (the last is the epoch-end flush after validation; the one before it may be the last
 * read-back's, which reads every batch); with only three flushes, from the previous epoch's event (nothing
 * of this epoch trained yet) instead of the first flush. `bench/training-rate-check.mjs` checks this on
 * simulated runs (batch times 0.3–200 ms, ±20 % jitter): within 4 % of the true rate. The rule before it
 * (each flush's own records over the interval since the previous message) read 0.75–0.9 of
 * the true rate for CNN-like runs, half for 20 batches of 15 ms.
 */
export function trainingRate(marks: readonly RunMark[]): { samples: number; ms: number } | null {
  let [samples, ms] = [0, 0];
  for (const [i, mark] of marks.entries()) {
    if (mark.kind !== 'epoch' || !marks.slice(i + 1).some((m) => m.kind === 'epoch')) continue;
    // The flushes of the epoch after this event, up to its own event.
    const flushes: number[] = [];
    const times: number[] = [];
    for (const m of marks.slice(i + 1)) {
      if (m.kind === 'epoch') break;
      flushes.push((flushes.at(-1) ?? 0) + m.samples);
      times.push(m.t);
    }
    const n = flushes.length;
    if (n >= 4) {
      samples += flushes[n - 2]! - flushes[1]!;
      ms += times[n - 3]! - times[0]!;
    } else if (n === 3) {
      samples += flushes[1]!;
      ms += times[0]! - mark.t;
    }
  }
  return ms > 0 ? { samples, ms } : null;
}

/**
 * The rule before issue 18, kept for comparison (the `gap` diagnosis, training-rate-check.mjs) and as the
 * fallback for runs too short for trainingRate: every interval that ends with a timer flush in epoch ≥ 2,
 * from the message before it, counting that flush's records. It reads a CNN's rate 10–25 % low (0.5 for very short epochs).
 */
export function flushIntervalRate(marks: readonly RunMark[]): { samples: number; ms: number } | null {
  let [samples, ms] = [0, 0];
  for (let i = 1; i < marks.length; i++) {
    const b = marks[i]!;
    if (b.kind !== 'batches' || marks[i + 1]?.kind === 'epoch' || b.epoch < 2) continue;
    samples += b.samples;
    ms += b.t - marks[i - 1]!.t;
  }
  return ms > 0 ? { samples, ms } : null;
}
