import { memo, useMemo } from 'react';
import { CartesianGrid, Curve, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochRecord } from '../../core/train/types';
import { SERIES } from '../common/palette';
import type { ValueAxis } from './valueTicks';

/** The markers drawn on an epoch chart, each a line style and the words for it in the key under the chart. */
export interface Marker {
  epoch: number;
  text: string;
  className: string;
  stroke: string;
  dash: string;
}

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

/**
 * The line's path, drawn as recharts draws it but without its ref: with one, recharts measures the path's
 * length (getTotalLength, a full layout of the curve) on every redraw, for an entrance animation these
 * charts never play.
 */
type CurveProps = Parameters<typeof Curve>[0];
const unmeasuredCurve = (props: unknown) => <Curve {...(props as CurveProps)} pathRef={undefined} />;

export const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));
const epochLabel = (e: unknown) => `epoch ${e}`;

/** One learning curve: no dots, no animation, the path unmeasured. */
const curve = (name: string, dataKey: string, stroke: string, dash?: string) => (
  <Line
    key={name}
    type="monotone"
    dataKey={dataKey}
    name={name}
    stroke={stroke}
    strokeWidth={3}
    strokeDasharray={dash}
    dot={false}
    isAnimationActive={false}
    shape={unmeasuredCurve}
  />
);

/*
 * Props that never change are module constants: recharts 3 keeps each axis' and line's settings in its own
 * store and dispatches them again (re-running every selector of the chart) whenever one is a new object.
 */
// top: 8 px and the HTML legend's 24 (LearningCurves lays it over this margin).
const MARGIN = { top: 32, right: 16, bottom: 0, left: 0 };
const X_DOMAIN: [number, string] = [1, 'dataMax'];
/**
 * Before the first epoch the plot holds one row without values: the lines and their layers mount (empty) with
 * the chart, so the first epoch's arrival only updates them (mounting them then was that redraw's longest part).
 */
const NO_VALUES_YET = [{ epoch: 1 }];
const NO_TICKS: number[] = [];
/** The markers LearningCurves draws (Marker.className), each with a line of its own in the plot. */
const MARKER_KINDS = ['best-mark', 'overfit-mark', 'stop-mark', 'restore-mark'];

/**
 * The recharts part of a learning-curve chart (LearningCurves' EpochChart holds the caption and the sized box):
 * in its own module so that the chart library loads after the first paint.
 */
export const EpochPlot = memo(function EpochPlot(props: {
  drawn: EpochRecord[];
  metric: 'loss' | 'acc';
  valKey: 'val_loss' | 'val_acc';
  xTicks: number[];
  yAxis: ValueAxis;
  markers: Marker[];
  bestDot: { epoch: number; valLoss: number } | null;
  live: boolean;
}) {
  const { drawn, metric, valKey, xTicks, yAxis, markers, bestDot, live } = props;
  // Each child element is kept while its own props hold: a new element re-renders it, and recharts 3 then
  // dispatches its settings again from an effect (a sync re-render of the whole chart). New data alone reaches
  // the lines through the chart's store.
  const grid = useMemo(() => <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />, []);
  const empty = drawn.length === 0;
  const xAxis = useMemo(
    () => (
      <XAxis
        dataKey="epoch"
        type="number"
        domain={X_DOMAIN}
        ticks={empty ? NO_TICKS : xTicks}
        interval={0}
        allowDecimals={false}
        tick={EpochTick}
      />
    ),
    [xTicks, empty],
  );
  const yAxisElement = useMemo(
    () => <YAxis type="number" domain={yAxis.domain} ticks={yAxis.ticks} interval={0} allowDataOverflow tick={ValueTick} width={52} />,
    [yAxis],
  );
  // One reference line per kind of marker and the best-epoch dot are always in the chart, hidden until they
  // mark something: each then updates in place (mounting one was most of the redraw that first showed it).
  const markerLines = useMemo(
    () =>
      MARKER_KINDS.map((kind) => {
        const m = markers.find((x) => x.className === kind);
        return m ? (
          <ReferenceLine key={kind} x={m.epoch} stroke={m.stroke} strokeWidth={2} strokeDasharray={m.dash} className={kind} />
        ) : (
          <ReferenceLine key={kind} x={1} stroke="none" strokeWidth={0} className="marker-unused" />
        );
      }),
    [markers],
  );
  const dot = useMemo(
    () => (
      <ReferenceDot
        x={bestDot?.epoch ?? 1}
        y={bestDot?.valLoss ?? 0}
        r={bestDot ? 6 : 0}
        fill={bestDot ? 'var(--bg)' : 'none'}
        stroke={bestDot ? SERIES.val : 'none'}
        strokeWidth={bestDot ? 3 : 0}
        className={bestDot ? 'best-dot' : 'marker-unused'}
      />
    ),
    [bestDot],
  );
  const lines = useMemo(() => [curve('train', metric, SERIES.train), curve('validation', valKey, SERIES.val, '7 3')], [metric, valKey]);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={empty ? NO_VALUES_YET : drawn} margin={MARGIN}>
        {grid}
        {/* Both axes: interval 0, every tick drawn as given, none measured in the DOM to thin them (epochTicks,
            valueAxis: the y ticks are as many as the plot's height has room for). The legend is HTML, beside. */}
        {xAxis}
        {yAxisElement}
        {/* The tooltip's selectors re-run on every redraw: while the run trains (the values move each second) there is none. */}
        {!live && <Tooltip formatter={fmt} labelFormatter={epochLabel} />}
        {/* Markers carry no text inside the plot, where it would collide with ticks and each other; the key
            under the chart names them. */}
        {markerLines}
        {dot}
        {lines}
      </LineChart>
    </ResponsiveContainer>
  );
});
