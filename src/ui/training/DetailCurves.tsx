import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BatchRecord, EpochRecord } from '../../core/train/types';
import { smoothedBatchLoss } from '../../store/selectors';
import { SERIES } from '../common/palette';
import { PngButton } from '../teach/PngButton';
import { formatValue } from './formatValue';
import { useVisibleRun } from './useVisibleRun';

/** The learning rate (when it changed) and the per-batch training loss: the run in finer grain. */
export function TrainingDetailCurves() {
  const { history, batches } = useVisibleRun();
  return (
    <div className="detail-curves">
      {history.some((r) => r.lr !== history[0].lr) && <LrChart history={history} />}
      <BatchLossChart batches={batches} />
    </div>
  );
}

const LrChart = memo(function LrChart({ history }: { history: EpochRecord[] }) {
  const last = history[history.length - 1];
  return (
    <figure className="chart" data-testid="chart-lr">
      <figcaption>
        <span data-png-title="">Learning rate per epoch</span> <PngButton name="lr" title="learning rate" />
      </figcaption>
      <div className="chart-box" role="img" aria-label={`Learning rate: ${history[0].lr} at epoch 1, ${last.lr} at epoch ${last.epoch}.`}>
        <ResponsiveContainer width="100%" height={120}>
          <LineChart data={history} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={[0, 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toPrecision(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(3) : String(v))} labelFormatter={(e) => `epoch ${e}`} />
            <Line
              type="stepAfter"
              dataKey="lr"
              name="learning rate"
              stroke={SERIES.train}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

const BatchLossChart = memo(function BatchLossChart({ batches }: { batches: BatchRecord[] }) {
  const points = smoothedBatchLoss(batches);
  return (
    <figure className="chart" data-testid="chart-batch-loss">
      <figcaption>
        <span data-png-title="">Training loss per batch (smoothed)</span> <PngButton name="batch-loss" title="per-batch loss" />
      </figcaption>
      <div className="chart-box" role="img" aria-label={`Per-batch training loss over ${batches.length} batches.`}>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={['auto', 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={formatValue} labelFormatter={(s) => `step ${s}`} />
            <Line type="monotone" dataKey="loss" name="raw" stroke={SERIES.raw} strokeWidth={1} dot={false} isAnimationActive={false} />
            <Line
              type="monotone"
              dataKey="smoothed"
              name="smoothed"
              stroke={SERIES.train}
              strokeWidth={2.5}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
