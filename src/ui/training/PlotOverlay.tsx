import { memo, useId } from 'react';
import { Curve, DefaultZIndexes, type ScaleFunction as Scale, usePlotArea, useXAxisScale, useYAxisScale, ZIndexLayer } from 'recharts';
import type { EpochRecord } from '../../core/train/types';
import { SERIES } from '../common/palette';
import type { Marker } from './markers';
import { EpochReadout } from './EpochReadout';

/**
 * What an epoch chart draws on recharts' scales and plot area, with the data kept out of recharts' store: the
 * two curves, the marker lines, the best-epoch dot and the values under the pointer. Data handed to recharts
 * re-runs every selector of the chart and re-renders each of its parts, tens of milliseconds of main thread
 * per redraw; here a new epoch re-renders these parts alone, about the cost of drawing two paths. recharts
 * redraws only when an axis changes (see EpochPlot), a few times a run.
 */
export const PlotOverlay = memo(function PlotOverlay(props: {
  /** The points the curves go through (drawnPoints: at most 160). */
  records: EpochRecord[];
  /** Every epoch: the readout steps through each one. */
  epochs: EpochRecord[];
  metric: 'loss' | 'acc';
  valKey: 'val_loss' | 'val_acc';
  title: string;
  markers: Marker[];
  bestDot: { epoch: number; valLoss: number } | null;
}) {
  const { records, epochs, metric, valKey, title, markers, bestDot } = props;
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  const clipId = useId();
  if (!x || !y || !area) return null;
  return (
    <g className="plot-overlay">
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
