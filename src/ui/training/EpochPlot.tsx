import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochRecord } from '../../core/train/types';
import { SERIES } from '../common/palette';

/** The markers drawn on an epoch chart, each a line style and the words for it in the key under the chart. */
export interface Marker {
  epoch: number;
  text: string;
  className: string;
  stroke: string;
  dash: string;
}

/** Legend names in the text colour: the series colours are for lines, too light for text on some backgrounds. */
const legendText = (value: unknown) => <span style={{ color: 'var(--fg)' }}>{String(value)}</span>;

/**
 * A tick label as a plain SVG text. recharts' own tick text measures each word in the DOM to wrap it, on every
 * redraw; short numbers never wrap. `dy` puts the baseline where recharts' vertical anchor would.
 */
interface TickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  payload?: { value: number };
}
const plainTick = (format: (v: number) => string, dy: string) =>
  function PlainTick({ x, y, textAnchor, payload }: TickProps) {
    return (
      <text x={x} y={y} dy={dy} textAnchor={textAnchor} fill="var(--fg)" className="recharts-cartesian-axis-tick-value">
        {payload ? format(payload.value) : ''}
      </text>
    );
  };
const EpochTick = plainTick(String, '0.71em');
const ValueTick = plainTick((v) => v.toFixed(2), '0.355em');

export const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

/**
 * The recharts part of a learning-curve chart (LearningCurves' EpochChart holds the caption and the sized box):
 * in its own module so that the chart library loads after the first paint.
 */
export const EpochPlot = memo(function EpochPlot(props: { drawn: EpochRecord[]; metric: 'loss' | 'acc'; valKey: 'val_loss' | 'val_acc'; xTicks: number[]; markers: Marker[]; bestDot: { epoch: number; valLoss: number } | null }) {
  const { drawn, metric, valKey, xTicks, markers, bestDot } = props;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={drawn} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        {/* x: interval 0, every tick drawn as given, none measured in the DOM to thin them (see epochTicks). y: a
            short chart needs its ticks thinned, so those few are still measured. */}
        <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} ticks={xTicks} interval={0} allowDecimals={false} tick={EpochTick} />
        <YAxis domain={metric === 'acc' ? [(min: number) => Math.min(0, Math.floor(min * 4) / 4), 1] : ['auto', 'auto']} tick={ValueTick} tickFormatter={(v: number) => v.toFixed(2)} width={52} />
        <Tooltip formatter={fmt} labelFormatter={(e) => `epoch ${e}`} />
        <Legend formatter={legendText} verticalAlign="top" height={24} />
        {/* Markers carry no text inside the plot, where it would collide with ticks and each other; the key
            under the chart names them. */}
        {markers.map((m) => (
          <ReferenceLine key={m.className} x={m.epoch} stroke={m.stroke} strokeWidth={2} strokeDasharray={m.dash} className={m.className} />
        ))}
        {bestDot && <ReferenceDot x={bestDot.epoch} y={bestDot.valLoss} r={6} fill="var(--bg)" stroke={SERIES.val} strokeWidth={3} className="best-dot" />}
        <Line type="monotone" dataKey={metric} name="train" stroke={SERIES.train} strokeWidth={3} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey={valKey} name="validation" stroke={SERIES.val} strokeWidth={3} strokeDasharray="7 3" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
});
