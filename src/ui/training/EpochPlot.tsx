import { memo, useMemo } from 'react';
import { CartesianGrid, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { EpochRecord } from '../../core/train/types';
import type { Marker } from './markers';
import { PlotOverlay } from './PlotOverlay';
import type { ValueAxis } from './valueTicks';

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

/*
 * Props that never change are module constants: recharts 3 keeps each axis' and line's settings in its own
 * store and dispatches them again (re-running every selector of the chart) whenever one is a new object.
 */
// top: 8 px and the HTML legend's 24 (LearningCurves lays it over this margin).
const MARGIN = { top: 32, right: 16, bottom: 0, left: 0 };
/**
 * The value axis as recharts sees it: a fixed line with room for labels. Its ticks and grid lines are
 * PlotOverlay's (the loss axis grows during a run, and a new domain for recharts redraws the whole chart).
 */
const VALUE_AXIS = <YAxis type="number" domain={[0, 1]} tick={false} width={52} allowDataOverflow />;

/**
 * The recharts part of a learning-curve chart (LearningCurves' EpochChart holds the caption and the sized box):
 * in its own module so that the chart library loads after the first paint. recharts lays out the plot and
 * draws its frame (the epoch axis, its ticks and grid lines, the value axis' line); the value axis' ticks and
 * grid lines, the curves, markers and the hover readout are PlotOverlay's, with the data kept out of recharts'
 * store (see PlotOverlay for why). recharts redraws only when the epoch axis changes: at most once a run.
 */
export const EpochPlot = memo(function EpochPlot(props: {
  drawn: EpochRecord[];
  epochs: EpochRecord[];
  metric: 'loss' | 'acc';
  valKey: 'val_loss' | 'val_acc';
  title: string;
  /** The epoch axis' end: the planned epochs while a run trains or is yet to (the axis holds still), else the last. */
  xMax: number;
  xTicks: number[];
  yAxis: ValueAxis;
  markers: Marker[];
  bestDot: { epoch: number; valLoss: number } | null;
}) {
  const { drawn, epochs, metric, valKey, title, xMax, xTicks, yAxis, markers, bestDot } = props;
  // Each child element is kept while its own props hold: a new element re-renders it, and recharts 3 then
  // dispatches its settings again from an effect (a sync re-render of the whole chart).
  const grid = useMemo(() => <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" horizontal={false} />, []);
  // A one-epoch run still gets an axis with some length (its single point draws no line).
  const xAxis = useMemo(
    () => (
      <XAxis
        dataKey="epoch"
        type="number"
        domain={[1, Math.max(2, xMax)]}
        ticks={xTicks}
        interval={0}
        allowDecimals={false}
        allowDataOverflow
        tick={EpochTick}
      />
    ),
    [xMax, xTicks],
  );
  // No data and no keyboard layer for recharts: the readout (PlotOverlay) is the chart's keyboard stop.
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart margin={MARGIN} accessibilityLayer={false}>
        {grid}
        {/* The epoch axis: interval 0, every tick drawn as given, none measured in the DOM to thin them
            (epochTicks). The legend is HTML, beside. */}
        {xAxis}
        {VALUE_AXIS}
        {/* Markers carry no text inside the plot, where it would collide with ticks and each other; the key
            under the chart names them. */}
        <PlotOverlay
          records={drawn}
          epochs={epochs}
          metric={metric}
          valKey={valKey}
          title={title}
          yAxis={yAxis}
          markers={markers}
          bestDot={bestDot}
        />
      </LineChart>
    </ResponsiveContainer>
  );
});
