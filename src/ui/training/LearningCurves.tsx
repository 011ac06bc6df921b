import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isRegressionDataset } from '../../core/preset/schema';
import { earlyStopMarks } from '../../core/train/callbacks';
import type { BatchRecord, EpochRecord } from '../../core/train/types';
import { useLab } from '../../store/lab';
import { bestEpoch, smoothedBatchLoss } from '../../store/selectors';
import { SERIES } from '../common/palette';

/**
 * Train vs validation loss and accuracy per epoch, live, with the best validation epoch marked, and where
 * early stopping stopped and which epoch's weights it restored. The learning rate is drawn when it changed.
 */
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
      {history.some((r) => r.lr !== history[0].lr) && <LrChart history={history} />}
      <BatchLossChart batches={batches} />
    </div>
  );
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

const EpochChart = memo(function EpochChart({ history, metric, title }: { history: EpochRecord[]; metric: 'loss' | 'acc'; title: string }) {
  const best = bestEpoch(history);
  const stop = earlyStopMarks(history);
  const valKey = metric === 'loss' ? 'val_loss' : 'val_acc';
  const last = history[history.length - 1];
  const summary = last
    ? `${title} after epoch ${last.epoch}: training ${fmt(last[metric])}, validation ${fmt(last[valKey])}.${best ? ` Best validation loss at epoch ${best}.` : ''}${stop ? ` Early stopping ended the run at epoch ${stop.stoppedAt}${stop.restoredEpoch ? `, restoring epoch ${stop.restoredEpoch}'s weights` : ''}.` : ''}`
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
            {best && <ReferenceLine x={best} stroke="var(--fg)" strokeDasharray="4 4" label={{ value: stop?.restoredEpoch === best ? `best val, restored (${best})` : `best val (${best})`, position: 'insideTopRight', fill: 'var(--fg)' }} />}
            {stop && <ReferenceLine x={stop.stoppedAt} stroke="var(--fg)" strokeDasharray="1 3" label={{ value: `stopped (${stop.stoppedAt})`, position: 'insideBottomRight', fill: 'var(--fg)' }} />}
            {stop?.restoredEpoch != null && stop.restoredEpoch !== best && (
              <ReferenceLine x={stop.restoredEpoch} stroke="var(--fg)" strokeDasharray="8 2" label={{ value: `restored (${stop.restoredEpoch})`, position: 'insideTopLeft', fill: 'var(--fg)' }} />
            )}
            <Line type="monotone" dataKey={metric} name="train" stroke={SERIES.train} strokeWidth={3} dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey={valKey} name="validation" stroke={SERIES.val} strokeWidth={3} strokeDasharray="7 3" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

const LrChart = memo(function LrChart({ history }: { history: EpochRecord[] }) {
  const last = history[history.length - 1];
  return (
    <figure className="chart" data-testid="chart-lr">
      <figcaption>Learning rate per epoch</figcaption>
      <div className="chart-box" role="img" aria-label={`Learning rate: ${history[0].lr} at epoch 1, ${last.lr} at epoch ${last.epoch}.`}>
        <ResponsiveContainer width="100%" height={120}>
          <LineChart data={history} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={[0, 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toPrecision(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(3) : String(v))} labelFormatter={(e) => `epoch ${e}`} />
            <Line type="stepAfter" dataKey="lr" name="learning rate" stroke={SERIES.train} strokeWidth={2} dot={false} isAnimationActive={false} />
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
