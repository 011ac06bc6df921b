import { memo, useId, useMemo } from 'react';
import { Curve, DefaultZIndexes, type PlotArea, type ScaleFunction as Scale, usePlotArea, useXAxisScale, ZIndexLayer } from 'recharts';
import type { EpochRecord } from '../../core/train/types';
import { SERIES } from '../common/palette';
import type { Marker } from './markers';
import { EpochReadout } from './EpochReadout';
import type { ValueAxis } from './valueTicks';

/**
 * What an epoch chart draws in recharts' plot area, with the data kept out of recharts' store: the value axis'
 * ticks and grid lines, the two curves, the marker lines, the best-epoch dot and the values under the pointer.
 * Data or a new axis domain handed to recharts re-runs every selector of the chart and re-renders each of its
 * parts, 13–35 ms of main thread per redraw; here a new epoch, or a loss axis that grows, re-renders these
 * parts alone, about the cost of drawing two paths. The epoch axis is recharts' (see EpochPlot).
 */
export const PlotOverlay = memo(function PlotOverlay(props: {
  /** The points the curves go through (drawnPoints: at most 160). */
  records: EpochRecord[];
  /** Every epoch: the readout steps through each one. */
  epochs: EpochRecord[];
  metric: 'loss' | 'acc';
  valKey: 'val_loss' | 'val_acc';
  title: string;
  yAxis: ValueAxis;
  markers: Marker[];
  bestDot: { epoch: number; valLoss: number } | null;
}) {
  const { records, epochs, metric, valKey, title, yAxis, markers, bestDot } = props;
  const x = useXAxisScale();
  const area = usePlotArea();
  const y = useMemo(() => area && linearScale(yAxis.domain, area), [yAxis.domain, area]);
  const clipId = useId();
  if (!x || !y || !area) return null;
  return (
    <g className="plot-overlay">
      <ValueTicks ticks={yAxis.ticks} y={y} area={area} />
      <defs>
        <clipPath id={clipId}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      {markers.map((m) => {
        const at = x(m.epoch);
        return at === undefined ? null : (
          <line
            key={m.className}
            className={m.className}
            x1={at}
            x2={at}
            y1={area.y}
            y2={area.y + area.height}
            stroke={m.stroke}
            strokeWidth={2}
            strokeDasharray={m.dash}
          />
        );
      })}
      <g className="epoch-curves" clipPath={`url(#${CSS.escape(clipId)})`}>
        <Curve {...curveProps(records, metric, x, y)} stroke={SERIES.train} />
        <Curve {...curveProps(records, valKey, x, y)} stroke={SERIES.val} strokeDasharray="7 3" />
      </g>
      {/* Layers mount once, with the chart (mounting one dispatches to recharts), empty until they have something. */}
      <ZIndexLayer zIndex={DefaultZIndexes.scatter}>{bestDot && <BestDot at={bestDot} x={x} y={y} />}</ZIndexLayer>
      <ZIndexLayer zIndex={DefaultZIndexes.cursorLine}>
        <EpochReadout records={epochs} trainKey={metric} valKey={valKey} title={title} area={area} x={x} y={y} />
      </ZIndexLayer>
    </g>
  );
});

/** A line as recharts' Line draws it (monotone, 3 px, no fill), its points placed by the chart's scales. */
function curveProps(records: EpochRecord[], key: 'loss' | 'acc' | 'val_loss' | 'val_acc', x: Scale, y: Scale) {
  // A non-finite value (a diverged epoch) breaks the line there, as recharts' Line does.
  const points = records.map((r) => ({ x: x(r.epoch) ?? null, y: Number.isFinite(r[key]) ? (y(r[key]) ?? null) : null }));
  return { type: 'monotone' as const, points, strokeWidth: 3, fill: 'none', className: 'recharts-line-curve' };
}

/** The best validation epoch's dot, over the lines. */
function BestDot({ at, x, y }: { at: { epoch: number; valLoss: number }; x: Scale; y: Scale }) {
  const cx = x(at.epoch);
  const cy = y(at.valLoss);
  if (cx === undefined || cy === undefined) return null;
  return <circle className="best-dot" cx={cx} cy={cy} r={6} fill="var(--bg)" stroke={SERIES.val} strokeWidth={3} />;
}

/** The value axis' scale: the domain's ends at the plot's bottom and top. */
function linearScale([lo, hi]: [number, number], area: PlotArea): Scale {
  const perUnit = area.height / (hi - lo || 1);
  return (value) => (typeof value === 'number' ? area.y + area.height - (value - lo) * perUnit : undefined);
}

/**
 * Grid lines across the plot (under everything, as recharts' grid) and labelled ticks left of the value axis
 * (with the axes), placed as recharts places its own.
 */
function ValueTicks({ ticks, y, area }: { ticks: number[]; y: Scale; area: PlotArea }) {
  const placed = ticks.map((t) => ({ t, at: y(t) ?? 0 }));
  return (
    <>
      <ZIndexLayer zIndex={DefaultZIndexes.grid}>
        <g className="value-grid">
          {placed.map(({ t, at }) => (
            <line key={t} x1={area.x} x2={area.x + area.width} y1={at} y2={at} stroke="var(--grid)" strokeDasharray="3 3" />
          ))}
        </g>
      </ZIndexLayer>
      <ZIndexLayer zIndex={DefaultZIndexes.axis}>
        <g className="value-ticks">
          {placed.map(({ t, at }) => (
            <g key={t}>
              <line x1={area.x - 6} x2={area.x} y1={at} y2={at} stroke="#666" />
              <text x={area.x - 8} y={at} dy="0.355em" textAnchor="end" fill="var(--fg)" className="recharts-cartesian-axis-tick-value">
                {t.toFixed(2)}
              </text>
            </g>
          ))}
        </g>
      </ZIndexLayer>
    </>
  );
}
