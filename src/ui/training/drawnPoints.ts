/**
 * Fewer points drawn than recorded: a chart a few hundred pixels wide cannot show more than a couple of
 * hundred epochs apart, while every extra point costs recharts work (and the main thread a long task) on
 * each live redraw. Every `step`-th epoch is kept, plus the last and any epoch a marker sits on, so the
 * line still ends where the run is and the marker dots lie on it.
 */
export const MAX_DRAWN_POINTS = 160;

export function drawnPoints<T extends { epoch: number }>(records: T[], keep: readonly number[] = [], max = MAX_DRAWN_POINTS): T[] {
  if (records.length <= max) return records;
  const step = Math.ceil(records.length / max);
  const kept = new Set(keep);
  return records.filter((r, i) => i % step === 0 || i === records.length - 1 || kept.has(r.epoch));
}

/**
 * Tick values for the epoch axis, given rather than left to recharts: with given ticks (and interval 0) it
 * skips measuring every tick label in the DOM on every redraw, which was the largest single cost of a live
 * curve update.
 */
export function epochTicks(lastEpoch: number, count = 6): number[] {
  if (lastEpoch <= 1) return [1];
  const raw = (lastEpoch - 1) / (count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const ticks = [1];
  for (let t = step; t <= lastEpoch; t += step) if (t > 1) ticks.push(t);
  return ticks;
}
