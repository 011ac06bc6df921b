import { describe, expect, it } from 'vitest';
import { drawnPoints, epochTicks } from '../../src/ui/training/drawnPoints';

const epochs = (n: number) => Array.from({ length: n }, (_, i) => ({ epoch: i + 1 }));

describe('drawnPoints', () => {
  it('draws every epoch of a short run, as the same array', () => {
    const h = epochs(100);
    expect(drawnPoints(h)).toBe(h);
  });
  it('thins a long run to at most the limit, keeping the first, the last and marked epochs', () => {
    const drawn = drawnPoints(epochs(1000), [333, 777], 100);
    expect(drawn.length).toBeLessThanOrEqual(100 + 1 + 2); // the limit, the last epoch, the two marked ones
    expect(drawn[0].epoch).toBe(1);
    expect(drawn.at(-1)!.epoch).toBe(1000);
    expect(drawn.map((r) => r.epoch)).toEqual(expect.arrayContaining([333, 777]));
    expect(drawn.map((r) => r.epoch)).toEqual([...drawn.map((r) => r.epoch)].sort((a, b) => a - b));
  });
});

describe('epochTicks', () => {
  it('starts at 1, stays within the run and steps evenly', () => {
    for (const last of [2, 7, 30, 150, 999]) {
      const t = epochTicks(last);
      expect(t[0]).toBe(1);
      expect(t.at(-1)!).toBeLessThanOrEqual(last);
      expect(t.length).toBeLessThanOrEqual(7);
      expect(t.length).toBeGreaterThanOrEqual(2);
    }
    expect(epochTicks(1)).toEqual([1]);
    expect(epochTicks(50)).toEqual([1, 10, 20, 30, 40, 50]);
  });
});
