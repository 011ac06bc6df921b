import type { earlyStopMarks } from '../../core/train/callbacks';

/** The markers drawn on an epoch chart, each a line style and the words for it in the key under the chart. */
export interface Marker {
  epoch: number;
  text: string;
  className: string;
  stroke: string;
  dash: string;
}

/** The marked epochs of a run: its best validation epoch, where overfitting began, where early stopping stopped and restored. */
export function markersOf(best: number | null, since: number | null, stop: ReturnType<typeof earlyStopMarks>): Marker[] {
  const out: Marker[] = [];
  if (best)
    out.push({
      epoch: best,
      text: stop?.restoredEpoch === best ? `best val, restored (${best})` : `best val (${best})`,
      className: 'best-mark',
      stroke: 'var(--fg)',
      dash: '4 4',
    });
  if (since)
    out.push({ epoch: since, text: `overfitting from ${since}`, className: 'overfit-mark', stroke: 'var(--warn-line)', dash: '2 2' });
  if (stop)
    out.push({ epoch: stop.stoppedAt, text: `stopped (${stop.stoppedAt})`, className: 'stop-mark', stroke: 'var(--fg)', dash: '1 3' });
  if (stop?.restoredEpoch != null && stop.restoredEpoch !== best)
    out.push({
      epoch: stop.restoredEpoch,
      text: `restored (${stop.restoredEpoch})`,
      className: 'restore-mark',
      stroke: 'var(--fg)',
      dash: '8 2',
    });
  return out;
}
