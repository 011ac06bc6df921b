import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isRegressionDataset } from '../../core/preset/schema';
import type { OverfitResult } from '../../core/teach/overfit';
import { earlyStopMarks } from '../../core/train/callbacks';
import type { BatchRecord, EpochRecord } from '../../core/train/types';
import { useLab } from '../../store/lab';
import { bestEpoch, smoothedBatchLoss } from '../../store/selectors';
import { SERIES } from '../common/palette';
import { PngButton } from '../teach/PngButton';
import { useOverfit } from '../teach/useOverfit';
import { useVisibleRun } from './useVisibleRun';

/**
 * Train vs validation loss and accuracy per epoch, live, with the best validation epoch marked (a dot on the
 * validation loss), where overfitting began (the detector's verdict), where early stopping stopped and which
 * epoch's weights it restored. The learning rate is drawn when it changed. Bigger in present mode. During a
 * replay it draws the recorded epochs up to the replay's position (useVisibleRun), markers included.
 */
export function LearningCurves() {
  const { history, record, replay } = useVisibleRun();
  const runSettings = useLab((s) => s.run.settings ?? s.settings);
  const runTask = useLab((s) => s.run.task);
  // A replayed history run brings its own settings and task.
  const settings = record?.settings ?? runSettings;
  const task = record ? (record.test?.task ?? null) : runTask;
  const regression = task ? task === 'regression' : isRegressionDataset(settings.dataset);
  const lossName = regression ? (settings.regLoss === 'mae' ? 'mean absolute error' : 'mean squared error') : 'cross-entropy';
  const overfit = useOverfit();
  const since = overfit.state === 'overfitting' ? overfit.since : null;
  const markers = useMemo(() => markersOf(bestEpoch(history), since, earlyStopMarks(history)), [history, since]);
  return (
    <div className="curves" data-testid="learning-curves" data-epochs={history.length} data-overfit-since={since ?? undefined} data-replay={replay ? 'true' : undefined}>
      {history.length === 0 && (
        <p className="curves-empty" data-testid="curves-empty">
          Press <strong>▶ Train</strong>: training (solid) and validation (dashed) curves draw here epoch by epoch.
        </p>
      )}
      <EpochChart history={history} metric="loss" title={`Loss (${lossName})`} since={since} overfit={overfit} markers={markers} />
      <EpochChart history={history} metric="acc" title={regression ? 'R² (1 is perfect)' : 'Accuracy'} since={since} overfit={null} markers={markers} />
      {/* One key for both charts: the same epochs are marked on each. */}
      <MarkerKey markers={markers} />
    </div>
  );
}

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

/** Legend names in the text colour: the series colours are for lines, too light for text on some backgrounds. */
const legendText = (value: unknown) => <span style={{ color: 'var(--fg)' }}>{String(value)}</span>;

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

/** The markers drawn on an epoch chart, each a line style and the words for it in the key under the chart. */
interface Marker {
  epoch: number;
  text: string;
  className: string;
  stroke: string;
  dash: string;
}

function markersOf(best: number | null, since: number | null, stop: ReturnType<typeof earlyStopMarks>): Marker[] {
  const out: Marker[] = [];
  if (best) out.push({ epoch: best, text: stop?.restoredEpoch === best ? `best val, restored (${best})` : `best val (${best})`, className: 'best-mark', stroke: 'var(--fg)', dash: '4 4' });
  if (since) out.push({ epoch: since, text: `overfitting from ${since}`, className: 'overfit-mark', stroke: 'var(--warn-line)', dash: '2 2' });
  if (stop) out.push({ epoch: stop.stoppedAt, text: `stopped (${stop.stoppedAt})`, className: 'stop-mark', stroke: 'var(--fg)', dash: '1 3' });
  if (stop?.restoredEpoch != null && stop.restoredEpoch !== best) out.push({ epoch: stop.restoredEpoch, text: `restored (${stop.restoredEpoch})`, className: 'restore-mark', stroke: 'var(--fg)', dash: '8 2' });
  return out;
}

const EpochChart = memo(function EpochChart(props: { history: EpochRecord[]; metric: 'loss' | 'acc'; title: string; since: number | null; overfit: OverfitResult | null; markers: Marker[] }) {
  const { history, metric, title, since, overfit, markers } = props;
  const best = bestEpoch(history);
  const bestRecord = best ? history.find((r) => r.epoch === best) : undefined;
  const stop = earlyStopMarks(history);
  const valKey = metric === 'loss' ? 'val_loss' : 'val_acc';
  const last = history[history.length - 1];
  const summary = last
    ? `${title} after epoch ${last.epoch}: training ${fmt(last[metric])}, validation ${fmt(last[valKey])}.${best ? ` Best validation loss at epoch ${best}.` : ''}${since ? ` Overfitting since epoch ${since}: validation loss rising while training loss falls.` : ''}${stop ? ` Early stopping ended the run at epoch ${stop.stoppedAt}${stop.restoredEpoch ? `, restoring epoch ${stop.restoredEpoch}'s weights` : ''}.` : ''}`
    : `${title}: no epochs yet.`;
  return (
    <figure className="chart" data-testid={`chart-${metric}`}>
      <figcaption>
        <span data-png-title="">{title}</span> <PngButton name={metric === 'loss' ? 'loss-curves' : 'score-curves'} title={title} />
      </figcaption>
      <div className="chart-box chart-box-fill" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={history} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={metric === 'acc' ? [(min: number) => Math.min(0, Math.floor(min * 4) / 4), 1] : ['auto', 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={fmt} labelFormatter={(e) => `epoch ${e}`} />
            <Legend formatter={legendText} verticalAlign="top" height={24} />
            {/* Markers carry no text inside the plot, where it would collide with ticks and each other; the key
                under the chart names them. */}
            {markers.map((m) => (
              <ReferenceLine key={m.className} x={m.epoch} stroke={m.stroke} strokeWidth={2} strokeDasharray={m.dash} className={m.className} />
            ))}
            {overfit && bestRecord && Number.isFinite(bestRecord.val_loss) && (
              <ReferenceDot x={best!} y={bestRecord.val_loss} r={6} fill="var(--bg)" stroke={SERIES.val} strokeWidth={3} className="best-dot" />
            )}
            <Line type="monotone" dataKey={metric} name="train" stroke={SERIES.train} strokeWidth={3} dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey={valKey} name="validation" stroke={SERIES.val} strokeWidth={3} strokeDasharray="7 3" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

/** The words for the chart's marker lines, each beside a sample of its line style. */
function MarkerKey({ markers }: { markers: Marker[] }) {
  if (!markers.length) return null;
  return (
    <ul className="marker-key" aria-hidden="true">
      {markers.map((m) => (
        <li key={m.className} className={`key-${m.className}`}>
          <svg width="18" height="12">
            <line x1="9" y1="0" x2="9" y2="12" stroke={m.stroke} strokeWidth="2" strokeDasharray={m.dash} />
          </svg>
          {m.text}
        </li>
      ))}
    </ul>
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
      <figcaption>
        <span data-png-title="">Training loss per batch (smoothed)</span> <PngButton name="batch-loss" title="per-batch loss" />
      </figcaption>
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
