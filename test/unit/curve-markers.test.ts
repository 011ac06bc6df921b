import { describe, expect, it } from 'vitest';
import { markersOf } from '../../src/ui/training/markers';

// The marker lines of the learning curves and the words in their key: one line per marked epoch, the restored
// epoch named with the best one when they are the same epoch.
describe('markersOf', () => {
  it('marks nothing before a best epoch', () => {
    expect(markersOf(null, null, null)).toEqual([]);
  });

  it('names the best epoch, the overfitting turn and the stop, each in its own style', () => {
    const marks = markersOf(7, 8, { stoppedAt: 20, restoredEpoch: null });
    expect(marks.map((m) => [m.className, m.epoch, m.text])).toEqual([
      ['best-mark', 7, 'best val (7)'],
      ['overfit-mark', 8, 'overfitting from 8'],
      ['stop-mark', 20, 'stopped (20)'],
    ]);
    expect(new Set(marks.map((m) => m.dash)).size).toBe(3);
  });

  it('says "restored" on the best epoch when early stopping restored it, and draws a restore line otherwise', () => {
    expect(markersOf(7, null, { stoppedAt: 19, restoredEpoch: 7 }).map((m) => m.text)).toEqual(['best val, restored (7)', 'stopped (19)']);
    const apart = markersOf(7, null, { stoppedAt: 19, restoredEpoch: 9 });
    expect(apart.map((m) => m.className)).toEqual(['best-mark', 'stop-mark', 'restore-mark']);
    expect(apart.at(-1)?.text).toBe('restored (9)');
  });
});
