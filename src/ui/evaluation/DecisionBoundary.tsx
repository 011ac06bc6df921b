import { useEffect, useId, useRef, useState } from 'react';
import type { DecisionGrid } from '../../core/analysis/types';
import { classColour } from '../common/palette';
import { drawProbeMarker, PlaneProbe, pointFromClick, pointFromKey, type ProbePoint } from './PlaneProbe';
import './analysis.css';

export interface BoundaryPoint {
  x: number;
  y: number;
  label: number;
  split: 'train' | 'test';
}

interface Props {
  grid: DecisionGrid | null;
  points: BoundaryPoint[];
  classNames: string[];
  epoch: number | null;
}

/** Canvas side, CSS pixels. */
const SIZE = 300;
/** Plot extent before the first grid arrives (the grid's own default). */
const DEFAULT_EXTENT = 1.2;

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Opacity of a cell: faint where the model is no surer than chance (1/K), strong where it is certain, so
 * the boundary shows as a pale band rather than a hard colour edge the model does not actually have.
 */
function cellAlpha(confidence: number, numClasses: number): number {
  const chance = 1 / Math.max(2, numClasses);
  const sure = Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)));
  return 0.1 + 0.5 * sure;
}

/** Heatmap at the grid's own resolution on an offscreen canvas; the caller scales it up without smoothing. */
function heatmap(grid: DecisionGrid, numClasses: number): HTMLCanvasElement {
  const n = grid.resolution;
  const off = document.createElement('canvas');
  off.width = n;
  off.height = n;
  const ctx = off.getContext('2d');
  if (!ctx) return off;
  const img = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    img.data.set(rgb(classColour(grid.classes[i])), i * 4);
    img.data[i * 4 + 3] = 255 * cellAlpha(grid.confidence[i], numClasses);
  }
  ctx.putImageData(img, 0, 0);
  return off;
}

/** Summary for screen readers: how much of the plane each class takes, and what is drawn. */
function describe(grid: DecisionGrid | null, points: BoundaryPoint[], classNames: string[], epoch: number | null): string {
  const train = points.filter((p) => p.split === 'train').length;
  const test = points.length - train;
  const drawn = `${train} training points (filled circles) and ${test} test points (outlined diamonds).`;
  if (!grid) return `Decision boundary: not computed yet. ${drawn}`;
  const counts = new Array<number>(Math.max(classNames.length, 1 + Math.max(0, ...grid.classes))).fill(0);
  for (const k of grid.classes) counts[k]++;
  const shares = counts.map((c, k) => `${classNames[k] ?? `class ${k}`} ${Math.round((100 * c) / grid.classes.length)}%`).join(', ');
  return `Decision boundary${epoch !== null ? ` after epoch ${epoch}` : ''}: share of the plane predicted as each class: ${shares}. ${drawn}`;
}

/**
 * The model's decision regions over the 2-D input plane, as in TensorFlow Playground: each cell shaded in
 * its predicted class's colour, stronger where the model is more confident; training points as filled
 * circles, test points as outlined diamonds, so the two differ by shape and not by colour alone.
 */
export function DecisionBoundary({ grid, points, classNames, epoch }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const extent = grid?.extent ?? DEFAULT_EXTENT;
  // A point the user clicked (or moved to with the keys): its class probabilities show beside the plane.
  const [probe, setProbe] = useState<ProbePoint | null>(null);
  const hintId = useId();

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = SIZE * dpr;
    canvas.height = SIZE * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (grid) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(heatmap(grid, classNames.length), 0, 0, SIZE, SIZE);
    }
    // Axes through the origin, faint: they anchor the eye without competing with the boundary.
    const toX = (v: number) => ((v + extent) / (2 * extent)) * SIZE;
    const toY = (v: number) => ((extent - v) / (2 * extent)) * SIZE;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(toX(0), 0);
    ctx.lineTo(toX(0), SIZE);
    ctx.moveTo(0, toY(0));
    ctx.lineTo(SIZE, toY(0));
    ctx.stroke();
    // Training points first, test points on top: the held-out ones are what the boundary must get right.
    for (const p of points) {
      if (p.split !== 'train') continue;
      ctx.beginPath();
      ctx.arc(toX(p.x), toY(p.y), 3, 0, 2 * Math.PI);
      ctx.fillStyle = classColour(p.label);
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 0.8;
      ctx.stroke();
    }
    for (const p of points) {
      if (p.split !== 'test') continue;
      const x = toX(p.x);
      const y = toY(p.y);
      ctx.beginPath();
      ctx.moveTo(x, y - 4.5);
      ctx.lineTo(x + 4.5, y);
      ctx.lineTo(x, y + 4.5);
      ctx.lineTo(x - 4.5, y);
      ctx.closePath();
      ctx.fillStyle = '#fff';
      ctx.fill();
      ctx.strokeStyle = classColour(p.label);
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    if (probe) drawProbeMarker(ctx, toX(probe.x), toY(probe.y));
  }, [grid, points, classNames.length, extent, probe]);

  return (
    <figure className="boundary" data-testid="decision-boundary" data-epoch={epoch ?? ''}>
      <figcaption>Decision boundary{epoch !== null ? ` (epoch ${epoch})` : ''}</figcaption>
      <canvas
        ref={ref}
        className="boundary-canvas"
        style={{ width: SIZE, height: SIZE }}
        role="img"
        aria-label={describe(grid, points, classNames, epoch)}
        aria-describedby={hintId}
        tabIndex={0}
        data-testid="boundary-plane"
        title="Click for the class probabilities at a point"
        onClick={(e) => setProbe(pointFromClick(e, extent))}
        onKeyDown={(e) => {
          const next = pointFromKey(e, probe, grid, extent);
          if (next === undefined) return;
          e.preventDefault();
          setProbe(next);
        }}
      />
      <span id={hintId} className="sr-only">
        Click a point, or press Enter and move with the arrow keys, to hear the class probabilities there.
      </span>
      <ul className="boundary-legend" aria-label="Legend">
        {classNames.map((name, k) => (
          <li key={k}>
            <span className="boundary-swatch" style={{ background: classColour(k) }} aria-hidden="true" />
            {name}
          </li>
        ))}
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="5" fill="var(--fg)" />
          </svg>
          train
        </li>
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <path d="M7 1 L13 7 L7 13 L1 7 Z" fill="#fff" stroke="var(--fg)" strokeWidth="2" />
          </svg>
          test
        </li>
      </ul>
      {probe ? (
        <PlaneProbe grid={grid} point={probe} classNames={classNames} />
      ) : (
        <p className="muted boundary-note">
          {grid
            ? `Shading: predicted class over [−${extent}, ${extent}]², stronger where the model is more confident.`
            : 'The boundary appears after the first epoch.'}
        </p>
      )}
    </figure>
  );
}
