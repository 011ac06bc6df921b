import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isRegressionDataset } from '../../core/preset/schema';
import type { BatchRecord, EpochRecord } from '../../core/train/types';
import { useLab } from '../../store/lab';
import { bestEpoch, smoothedBatchLoss } from '../../store/selectors';
import { SERIES } from '../common/palette';

/** Train vs validation loss and accuracy per epoch, live, with the best validation epoch marked. */
export function LearningCurves() {
  const history = useLab((s) => s.run.history);
  const batches = useLab((s) => s.run.batches);
  const settings = useLab((s) => s.run.settings ?? s.settings);
  const regression = isRegressionDataset(settings.dataset);
  const lossName = regression ? (settings.regLoss === 'mae' ? 'mean absolute error' : 'mean squared error') : 'cross-entropy';
  return (
    <div className="curves" data-testid="learning-curves" data-epochs={history.length}>
      <EpochChart history={history} metric="loss" title={`Loss (${lossName})`} />
      <EpochChart history={history} metric="acc" title={regression ? 'R² (1 is perfect)' : 'Accuracy'} />
      <BatchLossChart batches={batches} />
    </div>
  );
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

const EpochChart = memo(function EpochChart({ history, metric, title }: { history: EpochRecord[]; metric: 'loss' | 'acc'; title: string }) {
  const best = bestEpoch(history);
  const valKey = metric === 'loss' ? 'val_loss' : 'val_acc';
  const last = history[history.length - 1];
  const summary = last
    ? `${title} after epoch ${last.epoch}: training ${fmt(last[metric])}, validation ${fmt(last[valKey])}.${best ? ` Best validation loss at epoch ${best}.` : ''}`
    : `${title}: no epochs yet.`;
  return (
    <figure className="chart" data-testid={`chart-${metric}`}>
      <figcaption>{title}</figcaption>
      <div className="chart-box" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={history} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={metric === 'acc' ? [(min: number) => Math.min(0, Math.floor(min * 4) / 4), 1] : ['auto', 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={fmt} labelFormatter={(e) => `epoch ${e}`} />
            <Legend />
            {best && <ReferenceLine x={best} stroke="var(--fg)" strokeDasharray="4 4" label={{ value: `best val (${best})`, position: 'insideTopRight', fill: 'var(--fg)' }} />}
            <Line type="monotone" dataKey={metric} name="train" stroke={SERIES.train} strokeWidth={3} dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey={valKey} name="validation" stroke={SERIES.val} strokeWidth={3} strokeDasharray="7 3" dot={false} isAnimationActive={false} />
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
      <figcaption>Training loss per batch (smoothed)</figcaption>
      <div className="chart-box" role="img" aria-label={`Per-batch training loss over ${batches.length} batches.`}>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={['auto', 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={fmt} labelFormatter={(s) => `step ${s}`} />
            <Line type="monotone" dataKey="loss" name="raw" stroke={SERIES.raw} strokeWidth={1} dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="smoothed" name="smoothed" stroke={SERIES.train} strokeWidth={2.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
