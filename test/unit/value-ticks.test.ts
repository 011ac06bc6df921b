import { describe, expect, it } from 'vitest';
import { ticksFor, valueAxis } from '../../src/ui/training/valueTicks';

// The live curves' value axis is computed, not measured by recharts: its ticks must be few enough for the
// plot's height, nice, cover every drawn value, and read differently at two decimals.
describe('valueAxis', () => {
  it('covers the values with at most `count` nice ticks, the domain from first to last tick', () => {
    for (const [min, max, count] of [
      [0.012, 2.31, 5],
      [0.4, 0.41, 4],
      [0, 120, 6],
      [1.7, 1.7, 3],
      [-3.2, 0.9, 2],
    ] as const) {
      const { domain, ticks } = valueAxis(min, max, count);
      expect(ticks.length).toBeLessThanOrEqual(count);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(domain).toEqual([ticks[0], ticks.at(-1)]);
      expect(ticks[0]).toBeLessThanOrEqual(min);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      const labels = ticks.map((t) => t.toFixed(2));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('keeps fixed ends (accuracy from 0 to 1)', () => {
    expect(valueAxis(0.3, 1, 5, { lo: 0, hi: 1 })).toEqual({ domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] });
    expect(valueAxis(0.3, 1, 3, { lo: 0, hi: 1 }).ticks).toEqual([0, 0.5, 1]);
  });

  it('fits fewer ticks in a shorter plot', () => {
    expect(ticksFor(60)).toBe(2);
    expect(ticksFor(140)).toBe(4);
    expect(ticksFor(1000)).toBe(6);
  });
});
