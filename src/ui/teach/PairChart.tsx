import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochRecord } from '../../core/train/types';
import { PngButton } from './PngButton';
import { f3, PAIR_LINES } from './TrainBoth';

/** Run A's and run B's loss curves overlaid (TrainBoth); its own module, so recharts loads with the first comparison. */
export const PairChart = memo(function PairChart({ a, b, labels }: { a: EpochRecord[]; b: EpochRecord[]; labels: [string, string] }) {
  const data = useMemo(() => {
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => ({
      epoch: i + 1,
      a_loss: a[i]?.loss,
      a_val: a[i]?.val_loss,
      b_loss: b[i]?.loss,
      b_val: b[i]?.val_loss,
    }));
  }, [a, b]);
  const runsDrawn = (a.length ? 1 : 0) + (b.length ? 1 : 0);
  const describe = (h: EpochRecord[], label: string) => {
    const last = h.at(-1);
    return last
      ? `${label}: after epoch ${last.epoch}, training loss ${f3(last.loss)}, validation loss ${f3(last.val_loss)}, gap ${f3(last.val_loss - last.loss)}`
      : `${label}: no epochs yet`;
  };
  const name = (i: number) => `${PAIR_LINES[i].run === 'a' ? labels[0] : labels[1]} — ${PAIR_LINES[i].split}`;
  return (
    <figure className="chart" data-testid="train-both-chart" data-runs={runsDrawn}>
      <figcaption>
        <span data-png-title="">Loss: run A vs run B</span> <PngButton name="train-both" title="run A versus run B loss" />
      </figcaption>
      <ul className="pair-legend" aria-label="Legend">
        {PAIR_LINES.map((l, i) => (
          <li key={l.key} data-png-legend="" data-colour={l.colour} data-dash={l.dash ?? ''}>
            <svg width="34" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="33" y2="5" stroke={l.colour} strokeWidth="3" strokeDasharray={l.dash} />
            </svg>
            {name(i)}
          </li>
        ))}
      </ul>
      <div
        className="chart-box"
        role="img"
        aria-label={`Training and validation loss per epoch of two runs. ${describe(a, labels[0])}. ${describe(b, labels[1])}.`}
      >
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={['auto', 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(e) => `epoch ${e}`} />
            {PAIR_LINES.map((l, i) => (
              <Line
                key={l.key}
                type="monotone"
                dataKey={l.key}
                name={name(i)}
                stroke={l.colour}
                strokeWidth={l.split === 'train' ? 3 : 2.5}
                strokeDasharray={l.dash}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
