import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DecisionGrid } from '../../core/analysis/types';
import { planeCell } from '../../core/network/plane';
import { classColour } from '../common/palette';

/** A point on the plane the user asked about, in input coordinates. */
export interface ProbePoint {
  x: number;
  y: number;
}

/** The probed cell's class probabilities (the model's output at the cell centre), or null without them. */
export function probeProbabilities(grid: DecisionGrid, point: ProbePoint): { x: number; y: number; probabilities: number[] } | null {
  const { resolution: n, extent, probabilities } = grid;
  if (!probabilities) return null;
  const cells = n * n;
  const k = probabilities.length / cells;
  const cell = planeCell(point.x, point.y, n, extent);
  const at = (cell.row * n + cell.col) * k;
  return { x: cell.x, y: cell.y, probabilities: probabilities.slice(at, at + k) };
}

/** The input coordinates under a click, whatever size the canvas is drawn at. */
export function pointFromClick(e: MouseEvent<HTMLCanvasElement>, extent: number): ProbePoint {
  const r = e.currentTarget.getBoundingClientRect();
  return { x: extent * ((2 * (e.clientX - r.left)) / r.width - 1), y: extent * (1 - (2 * (e.clientY - r.top)) / r.height) };
}

/**
 * The keyboard's way to probe: Enter or Space probes the centre, the arrow keys move the probe by one grid
 * cell (Shift: five), Escape removes it. Returns the new point, or undefined when the key is not ours.
 */
export function pointFromKey(
  e: KeyboardEvent,
  point: ProbePoint | null,
  grid: DecisionGrid | null,
  extent: number,
): ProbePoint | null | undefined {
  if (e.key === 'Escape') return null;
  const here = point ?? { x: 0, y: 0 };
  if (e.key === 'Enter' || e.key === ' ') return here;
  const step = ((2 * extent) / (grid?.resolution ?? 48)) * (e.shiftKey ? 5 : 1);
  const move: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  const d = move[e.key];
  if (!d) return undefined;
  const clamp = (v: number) => Math.max(-extent, Math.min(extent, v));
  return { x: clamp(here.x + d[0] * step), y: clamp(here.y + d[1] * step) };
}

/** A crosshair where the probe is, so the numbers beside the plane point at a visible spot. */
export function drawProbeMarker(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.strokeStyle = '#000';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(x, y, 6, 0, 2 * Math.PI);
  ctx.moveTo(x - 10, y);
  ctx.lineTo(x + 10, y);
  ctx.moveTo(x, y - 10);
  ctx.lineTo(x, y + 10);
  ctx.stroke();
}

const fmt = (v: number) => (Math.abs(v) < 0.005 ? '0' : v.toFixed(2).replace('-', '−'));

/** One sentence for screen readers: where the probe is and each class's probability there. */
function spoken(found: { x: number; y: number; probabilities: number[] } | null, classNames: string[]): string {
  if (!found) return '';
  const rows = found.probabilities.map((p, k) => `${classNames[k] ?? `class ${k + 1}`} ${(100 * p).toFixed(0)}%`);
  return `At (${fmt(found.x)}, ${fmt(found.y)}): ${rows.join(', ')}.`;
}

/**
 * The class probabilities at the probed point: one row per class, the largest marked. The rows follow the
 * model as it trains; screen readers hear them only when the point moves (a live region updated with every
 * boundary would talk over everything while training).
 */
export function PlaneProbe({ grid, point, classNames }: { grid: DecisionGrid | null; point: ProbePoint; classNames: string[] }) {
  const found = grid ? probeProbabilities(grid, point) : null;
  const latest = useRef('');
  latest.current = spoken(found, classNames);
  const [announced, setAnnounced] = useState('');
  useEffect(() => setAnnounced(latest.current), [point.x, point.y]);
  const live = (
    <span className="sr-only" aria-live="polite">
      {announced}
    </span>
  );
  if (!found) {
    return (
      <p className="boundary-note plane-probe" data-testid="plane-probe">
        {grid ? 'Train again to see the probabilities at a point.' : 'The probabilities at a point appear after the first epoch.'}
      </p>
    );
  }
  const best = found.probabilities.indexOf(Math.max(...found.probabilities));
  return (
    <div className="boundary-note plane-probe" data-testid="plane-probe" data-x={found.x} data-y={found.y}>
      {live}
      <p className="plane-probe-at">
        At ({fmt(found.x)}, {fmt(found.y)}):
      </p>
      <ul>
        {found.probabilities.map((p, k) => (
          <li key={k} data-class={k} data-prob={p} className={k === best ? 'best' : undefined}>
            <span className="boundary-swatch" style={{ background: classColour(k) }} aria-hidden="true" />
            <span>{classNames[k] ?? `class ${k + 1}`}</span> <strong>{(100 * p).toFixed(1)}%</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
