/**
 * The value axis of a live curve, computed here and drawn by PlotOverlay rather than by recharts: no tick
 * label is measured in the DOM, no nice scale worked out, and no recharts redraw happens when the axis grows.
 * `count` is how many ticks the plot's height has room for (see ticksFor), so a short chart still draws labels
 * that do not overlap.
 */
export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
}

/** Pixels one value label needs on a vertical axis (12–16 px text plus a gap). */
export const PX_PER_TICK = 34;

/** How many ticks a plot `height` px tall has room for: 2 to 6. */
export function ticksFor(height: number): number {
  return Math.max(2, Math.min(6, Math.floor(height / PX_PER_TICK)));
}

/** A step of 1, 2, 2.5 or 5 × 10^k that covers `span` in at most `count - 1` steps. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw - 1e-12) ?? 10 * mag;
}

/**
 * Nice ticks over [min, max] (the values drawn), at most `count` of them, as labels with two decimals show
 * them: the domain runs from the first tick to the last, so the lines fill the plot. Fixed ends (`lo`, `hi`)
 * are kept as they are (accuracy's 1).
 */
export function valueAxis(min: number, max: number, count: number, fixed: { lo?: number; hi?: number } = {}): ValueAxis {
  let lo = fixed.lo ?? min;
  let hi = fixed.hi ?? max;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  // Two decimals on the labels: no step below 0.01, or neighbouring labels would read the same.
  let step = Math.max(0.01, niceStep(hi - lo, count));
  let start = fixed.lo ?? Math.floor(lo / step + 1e-9) * step;
  let end = fixed.hi ?? Math.ceil(hi / step - 1e-9) * step;
  // Room for two labels: the two ends, whatever lies between.
  if (count <= 2) return { domain: [start, end], ticks: [Number(start.toFixed(6)), Number(end.toFixed(6))] };
  // Each pass at least doubles the step; a range across zero may still need 3 ticks at count 2: then its ends only.
  for (let pass = 0; Math.round((end - start) / step) + 1 > count; pass++) {
    if (pass === 8) return { domain: [start, end], ticks: [Number(start.toFixed(6)), Number(end.toFixed(6))] };
    step = niceStep(step * 2, 2);
    start = fixed.lo ?? Math.floor(lo / step + 1e-9) * step;
    end = fixed.hi ?? Math.ceil(hi / step - 1e-9) * step;
  }
  const ticks: number[] = [];
  for (let t = start; t <= end + step * 1e-6; t += step) ticks.push(Number(t.toFixed(6)));
  return { domain: [fixed.lo ?? ticks[0], fixed.hi ?? ticks[ticks.length - 1]], ticks };
}
