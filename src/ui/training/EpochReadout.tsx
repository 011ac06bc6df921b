import { type KeyboardEvent, type PointerEvent, useLayoutEffect, useRef, useState } from 'react';
import type { PlotArea as Area, ScaleFunction as Scale } from 'recharts';
import type { EpochRecord } from '../../core/train/types';
import { SERIES } from '../common/palette';
import { formatValue as fmt } from './formatValue';

/** Space between the cursor and the box, and inside the box around its text. */
const GAP_PX = 10;
const PAD_PX = 6;

/**
 * The values at one epoch of an epoch chart, under the pointer or picked with the arrow keys: a cursor line,
 * a dot on each curve and a box with the epoch and both values. Drawn from the records the chart draws, on
 * its scales; it works while the run trains too.
 */
export function EpochReadout(props: {
  records: EpochRecord[];
  trainKey: 'loss' | 'acc';
  valKey: 'val_loss' | 'val_acc';
  title: string;
  area: Area;
  x: Scale;
  y: Scale;
}) {
  const { records, trainKey, valKey, title, area, x, y } = props;
  const [picked, pick] = useState<number | null>(null);
  // A picked index past the end (a new run's shorter history) shows the last epoch.
  const index = picked === null || records.length === 0 ? null : Math.min(picked, records.length - 1);
  const record = index === null ? undefined : records[index];
  const nearest = (e: PointerEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const px = area.x + ((e.clientX - box.left) * area.width) / Math.max(1, box.width);
    let best = -1;
    let bestGap = Infinity;
    records.forEach((r, i) => {
      const gap = Math.abs((x(r.epoch) ?? Infinity) - px);
      if (gap < bestGap) [best, bestGap] = [i, gap];
    });
    pick(best < 0 ? null : best);
  };
  const onKey = (e: KeyboardEvent<SVGRectElement>) => {
    const last = records.length - 1;
    const at = index ?? last;
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: last }[e.key];
    if (to === undefined || last < 0) return;
    e.preventDefault();
    pick(Math.max(0, Math.min(last, to)));
  };
  const text = record ? `epoch ${record.epoch}: training ${fmt(record[trainKey])}, validation ${fmt(record[valKey])}` : 'no epochs yet';
  return (
    <g className="epoch-readout">
      <rect
        className="epoch-hit"
        x={area.x}
        y={area.y}
        width={area.width}
        height={area.height}
        fill="transparent"
        tabIndex={0}
        role="slider"
        aria-label={`${title}: values by epoch (arrow keys)`}
        aria-valuemin={records[0]?.epoch ?? 1}
        aria-valuemax={records.at(-1)?.epoch ?? 1}
        aria-valuenow={record?.epoch ?? records.at(-1)?.epoch ?? 1}
        aria-valuetext={text}
        onPointerMove={nearest}
        onPointerLeave={() => pick(null)}
        onFocus={() => pick(records.length - 1)}
        onBlur={() => pick(null)}
        onKeyDown={onKey}
      />
      {record && <Shown record={record} trainKey={trainKey} valKey={valKey} area={area} x={x} y={y} />}
    </g>
  );
}

function Shown(props: { record: EpochRecord; trainKey: 'loss' | 'acc'; valKey: 'val_loss' | 'val_acc'; area: Area; x: Scale; y: Scale }) {
  const { record, trainKey, valKey, area, x, y } = props;
  const cx = x(record.epoch) ?? area.x;
  // The box is sized to its text once drawn (a layout per move of the pointer, never while nobody points).
  const textRef = useRef<SVGTextElement>(null);
  const [size, setSize] = useState({ width: 120, height: 54, lines: 3 });
  // Three lines where the plot has the height for them, else one (a short chart: present mode after a run).
  const lineHeight = size.height / size.lines;
  const compact = 3 * lineHeight + 2 * PAD_PX + GAP_PX > area.height;
  const values = [`epoch ${record.epoch}`, `train ${fmt(record[trainKey])}`, `validation ${fmt(record[valKey])}`];
  const lines = compact ? [values.join(' · ')] : values;
  const words = lines.join('\n');
  useLayoutEffect(() => {
    const b = textRef.current?.getBBox();
    // Whole pixels: where the box sits moves the glyphs by fractions of one, which must not resize it again.
    if (b)
      setSize((was) =>
        was.lines === lines.length && Math.abs(was.width - b.width) < 1 && Math.abs(was.height - b.height) < 1
          ? was
          : { width: Math.ceil(b.width), height: Math.ceil(b.height), lines: lines.length },
      );
  }, [words, lines.length]);
  const boxWidth = size.width + 2 * PAD_PX;
  const boxHeight = size.height + 2 * PAD_PX;
  // Right of the cursor, or left of it where the plot ends first; at the plot's top, inside it where it fits.
  const left = cx + GAP_PX + boxWidth > area.x + area.width ? Math.max(0, cx - GAP_PX - boxWidth) : cx + GAP_PX;
  const top = Math.max(0, Math.min(area.y + GAP_PX, area.y + area.height - boxHeight));
  return (
    <g pointerEvents="none" aria-hidden="true">
      <line x1={cx} x2={cx} y1={area.y} y2={area.y + area.height} stroke="var(--fg)" strokeWidth={1} strokeDasharray="3 3" />
      {[
        { key: trainKey, colour: SERIES.train },
        { key: valKey, colour: SERIES.val },
      ].map(({ key, colour }) => {
        const cy = Number.isFinite(record[key]) ? y(record[key]) : undefined;
        return cy === undefined ? null : <circle key={key} cx={cx} cy={cy} r={5} fill={colour} stroke="var(--bg)" strokeWidth={2} />;
      })}
      <rect x={left} y={top} width={boxWidth} height={boxHeight} rx={4} fill="var(--bg)" stroke="var(--fg)" strokeWidth={1} />
      <text ref={textRef} x={left + PAD_PX} y={top + PAD_PX} fill="var(--fg)" className="epoch-readout-text">
        {lines.map((line, i) => (
          <tspan key={line} x={left + PAD_PX} dy={i === 0 ? '1em' : '1.25em'}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}
