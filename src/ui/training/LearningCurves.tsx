import { lazy, memo, Suspense, useMemo, useRef } from 'react';
import { isRegressionDataset } from '../../core/preset/schema';
import { earlyStopMarks } from '../../core/train/callbacks';
import type { EpochRecord } from '../../core/train/types';
import { useLab } from '../../store/lab';
import { bestEpoch } from '../../store/selectors';
import { useAfterFirstPaint } from '../common/afterFirstPaint';
import { SERIES } from '../common/palette';
import { PngButton } from '../teach/PngButton';
import { useOverfit } from '../teach/useOverfit';
import { drawnPoints, epochTicks } from './drawnPoints';
import { type Marker, markersOf } from './markers';
import { formatValue as fmt } from './formatValue';
import { useHeight } from './useHeight';
import { useLagged } from './useLagged';
import { useStable } from './useStable';
import { useThrottled } from './useThrottled';
import { ticksFor, valueAxis } from './valueTicks';
import { useVisibleRun } from './useVisibleRun';

const LIVE_REDRAW_MS = 1000;
/** The loss chart redraws in the task after the store's update, the score chart this long after: short tasks, not one long one. */
const LOSS_CHART_LAG_MS = 0;
const SCORE_CHART_LAG_MS = 60;
/** Space the x axis, the legend and the margins take from the chart box; the rest is the plot, which the y ticks divide. */
const AXIS_AND_LEGEND_PX = 62;
const NO_EPOCHS: EpochRecord[] = [];

// recharts is most of the page's JavaScript: it loads in its own chunk, after the first paint (useAfterFirstPaint).
const EpochPlot = lazy(() => import('./EpochPlot').then((m) => ({ default: m.EpochPlot })));

/**
 * Train vs validation loss and accuracy per epoch, live, with the best validation epoch marked (a dot on the
 * validation loss), where overfitting began (the detector's verdict), where early stopping stopped and which
 * epoch's weights it restored. The learning rate is drawn when it changed. Bigger in present mode. During a
 * replay it draws the recorded epochs up to the replay's position (useVisibleRun), markers included.
 */
export function LearningCurves() {
  const { history: live, record, replay } = useVisibleRun();
  const training = useLab((s) => s.run.status === 'training');
  // While training, the charts redraw about once a second (each redraw is a main-thread task).
  // A new run's empty history is the same as the last empty one: the click on Train redraws no chart.
  const history = useThrottled(live.length ? live : NO_EPOCHS, LIVE_REDRAW_MS, training && !replay);
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
  // Each chart redraws in a task of its own, after the store's update (the run's end renders the held-out
  // result first), except in a replay, whose scrubber is read at once.
  const lagging = !replay;
  return (
    <div
      className="curves"
      data-testid="learning-curves"
      data-epochs={live.length}
      data-overfit-since={since ?? undefined}
      data-replay={replay ? 'true' : undefined}
    >
      {history.length === 0 && (
        <p className="curves-empty" data-testid="curves-empty">
          Press <strong>▶ Train</strong>: training (solid) and validation (dashed) curves draw here epoch by epoch.
        </p>
      )}
      <EpochChart
        history={history}
        metric="loss"
        plannedEpochs={settings.epochs}
        title={`Loss (${lossName})`}
        since={since}
        bestDot
        live={training}
        lag={LOSS_CHART_LAG_MS}
        lagging={lagging}
      />
      <EpochChart
        history={history}
        metric="acc"
        plannedEpochs={settings.epochs}
        title={regression ? 'R² (1 is perfect)' : 'Accuracy'}
        since={since}
        bestDot={false}
        live={training}
        lag={SCORE_CHART_LAG_MS}
        lagging={lagging}
      />
      {/* One key for both charts: the same epochs are marked on each. */}
      <MarkerKey markers={markers} />
    </div>
  );
}

const EpochChart = memo(function EpochChart(props: {
  history: EpochRecord[];
  metric: 'loss' | 'acc';
  plannedEpochs: number;
  title: string;
  since: number | null;
  bestDot: boolean;
  live: boolean;
  lag: number;
  lagging: boolean;
}) {
  const { history, metric, plannedEpochs, title, since, bestDot, live, lag, lagging } = props;
  // The words (aria-label) follow the store at once; the drawing follows `lag` ms later (useLagged).
  const best = bestEpoch(history);
  const stop = earlyStopMarks(history);
  const input = useMemo(() => ({ history, live, since }), [history, live, since]);
  const plotted = useLagged(input, lag, lagging);
  const plotBest = bestEpoch(plotted.history);
  const bestRecord = plotBest ? plotted.history.find((r) => r.epoch === plotBest) : undefined;
  // Stable while the marked epochs stay: drawnPoints keeps them, and the plot redraws only for a new list.
  const markers = useStable(
    useMemo(() => markersOf(bestEpoch(plotted.history), plotted.since, earlyStopMarks(plotted.history)), [plotted]),
  );
  // Memoised like every prop of the plot, so a render of the words alone never redraws it.
  const dotValLoss = bestRecord?.val_loss;
  const dot = useMemo(
    () =>
      bestDot && plotBest && dotValLoss !== undefined && Number.isFinite(dotValLoss) ? { epoch: plotBest, valLoss: dotValLoss } : null,
    [bestDot, plotBest, dotValLoss],
  );
  const valKey = metric === 'loss' ? 'val_loss' : 'val_acc';
  const last = history[history.length - 1];
  const plottedLast = plotted.history.at(-1)?.epoch ?? 1;
  const drawn = useMemo(
    () =>
      drawnPoints(
        plotted.history,
        markers.map((m) => m.epoch),
      ),
    [plotted.history, markers],
  );
  // While training (and before), the epoch axis spans the planned run: it holds still as the curves grow into
  // it, so no live redraw changes recharts' epoch axis. Both axes' ticks keep their identity while their values stay.
  const planned = plotted.live || plotted.history.length === 0;
  const xMax = planned ? Math.max(plannedEpochs, plottedLast) : plottedLast;
  const xTicks = useStable(useMemo(() => epochTicks(xMax), [xMax]));
  const plotReady = useAfterFirstPaint(plotted.history.length > 0);
  const box = useRef<HTMLDivElement>(null);
  const tickCount = ticksFor(useHeight(box, 220) - AXIS_AND_LEGEND_PX);
  const yAxis = useStable(useMemo(() => axisOf(drawn, metric, valKey, tickCount), [drawn, metric, valKey, tickCount]));
  const summary = last
    ? `${title} after epoch ${last.epoch}: training ${fmt(last[metric])}, validation ${fmt(last[valKey])}.${best ? ` Best validation loss at epoch ${best}.` : ''}${since ? ` Overfitting since epoch ${since}: validation loss rising while training loss falls.` : ''}${stop ? ` Early stopping ended the run at epoch ${stop.stoppedAt}${stop.restoredEpoch ? `, restoring epoch ${stop.restoredEpoch}'s weights` : ''}.` : ''}`
    : `${title}: no epochs yet.`;
  return (
    <figure className="chart" data-testid={`chart-${metric}`}>
      <figcaption>
        <span data-png-title="">{title}</span> <PngButton name={metric === 'loss' ? 'loss-curves' : 'score-curves'} title={title} />
      </figcaption>
      {/* A group, not an image: the readout inside it is a keyboard stop (an image's insides are not). */}
      <div className="chart-box chart-box-fill curve-box" role="group" aria-label={summary} ref={box}>
        {/* Over the plot's top margin, where recharts' own legend was: the chart keeps its height. */}
        <ul className="curve-legend" aria-hidden="true">
          <li data-png-legend="" data-colour={SERIES.train}>
            <svg width="34" height="10">
              <line x1="1" y1="5" x2="33" y2="5" stroke={SERIES.train} strokeWidth="3" />
            </svg>
            train
          </li>
          <li data-png-legend="" data-colour={SERIES.val} data-dash="7 3">
            <svg width="34" height="10">
              <line x1="1" y1="5" x2="33" y2="5" stroke={SERIES.val} strokeWidth="3" strokeDasharray="7 3" />
            </svg>
            validation
          </li>
        </ul>
        {/* The chart library loads after the first paint; until then the box keeps its size, empty. */}
        {plotReady && (
          <Suspense fallback={null}>
            <EpochPlot
              drawn={drawn}
              epochs={plotted.history}
              metric={metric}
              valKey={valKey}
              title={title}
              xMax={xMax}
              xTicks={xTicks}
              yAxis={yAxis}
              markers={markers}
              bestDot={dot}
            />
          </Suspense>
        )}
      </div>
    </figure>
  );
});

/**
 * The value axis over what is drawn: accuracy (R²) up to 1 and from 0 (or lower), loss from 0 up. From 0, the
 * axis is set by the first epochs (the highest loss) and then holds while the curves fall and split: the gap
 * between them reads at its true size, and the frame moves seldom, not at every new low.
 */
function axisOf(drawn: EpochRecord[], metric: 'loss' | 'acc', valKey: 'val_loss' | 'val_acc', count: number) {
  let min = Infinity;
  let max = -Infinity;
  for (const r of drawn) {
    for (const v of [r[metric], r[valKey]]) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (metric === 'acc') return valueAxis(min, 1, count, { lo: Math.min(0, Number.isFinite(min) ? Math.floor(min * 4) / 4 : 0), hi: 1 });
  return valueAxis(min, max, count, { lo: Number.isFinite(min) && min < 0 ? Math.floor(min) : 0 });
}

/**
 * The words for the chart's marker lines, each beside a sample of its line style. The row is there, empty,
 * before any marker: the charts above keep their size when the first one appears.
 */
function MarkerKey({ markers }: { markers: Marker[] }) {
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
