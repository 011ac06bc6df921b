import { lazy, memo, Suspense, useId } from 'react';
import type { EpochRecord } from '../../core/train/types';
import { useLab } from '../../store/lab';
import { CURES, cureById } from '../../core/teach/cures';
import {
  clearPair,
  restorePairA,
  setVariant,
  startCureComparison,
  stopTrainBoth,
  useTeach,
  type PairRun,
  type PairState,
} from '../../store/teach';

/** Run A blue, run B vermillion (Okabe–Ito); each of the four lines also has its own dash, named in the legend. */
export const PAIR_LINES = [
  { run: 'a', split: 'train', key: 'a_loss', colour: '#0072B2', dash: undefined },
  { run: 'a', split: 'validation', key: 'a_val', colour: '#0072B2', dash: '10 4' },
  { run: 'b', split: 'train', key: 'b_loss', colour: '#D55E00', dash: '2 3' },
  { run: 'b', split: 'validation', key: 'b_val', colour: '#D55E00', dash: '10 3 2 3' },
] as const;

// The chart library loads with the first comparison (the lab's first screen has none).
const PairChart = lazy(() => import('./PairChart').then((m) => ({ default: m.PairChart })));

/**
 * "Train both": the current settings, then the same with a cure switched on (dropout, L2, augmentation or early
 * stopping), one after the other; both runs' loss curves overlaid, and their numbers side by side. After the
 * pair, B's settings stay applied (the form matches the run the evaluation shows); "Back to A" undoes that.
 */
export const TrainBoth = memo(function TrainBoth() {
  const selectId = useId();
  const settings = useLab((s) => s.settings);
  const busy = useLab((s) => s.run.status === 'training' || s.experiment.status === 'training');
  const variant = useTeach((t) => t.variant);
  const pair = useTeach((t) => t.pair);
  const why = cureById(variant).unavailable(settings);
  const running = pair.status === 'a' || pair.status === 'b';
  const statusText = {
    idle: '',
    a: 'Training run A…',
    b: 'Run A done; training run B…',
    done: 'Both runs done.',
    stopped: pair.message ?? 'Stopped.',
    error: pair.message ?? 'Failed.',
  }[pair.status];
  return (
    <div className="train-both" data-testid="train-both-panel" data-state={pair.status}>
      <div className="train-both-controls">
        <label htmlFor={selectId}>Compare with a cure</label>
        <select
          id={selectId}
          data-testid="train-both-variant"
          value={variant}
          disabled={running}
          onChange={(e) => setVariant(CURES.find((c) => c.id === e.target.value)?.id ?? variant)}
        >
          {CURES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
              {c.unavailable(settings) ? ' (not available)' : ''}
            </option>
          ))}
        </select>
        <button type="button" data-testid="train-both" disabled={busy || !!why} onClick={() => startCureComparison(variant)}>
          ▶▶ Train both
        </button>
        {running && (
          <button type="button" data-testid="train-both-stop" onClick={stopTrainBoth}>
            ■ Stop both
          </button>
        )}
      </div>
      {why && !running && <p className="muted">{why}</p>}
      <p className="train-both-status" role="status" aria-live="polite" data-testid="train-both-status">
        {statusText}
      </p>
      {pair.a && <PairView pair={pair} />}
      {pair.a && !running && (
        <div className="train-both-after">
          <button type="button" data-testid="train-both-restore" disabled={busy} onClick={restorePairA}>
            Back to A’s settings
          </button>
          <button type="button" onClick={clearPair}>
            Clear comparison
          </button>
        </div>
      )}
    </div>
  );
});

/** A run's epochs: what it ended with, or the lab's live history while it trains. */
function usePairHistory(p: PairRun | null): EpochRecord[] {
  const live = useLab((s) => (p && s.run.id === p.runId && p.status === 'training' ? s.run.history : null));
  return live ?? p?.history ?? [];
}

export const f3 = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');

function PairView({ pair }: { pair: PairState }) {
  const a = usePairHistory(pair.a);
  const b = usePairHistory(pair.b);
  const runs = [
    { p: pair.a, h: a },
    { p: pair.b, h: b },
  ];
  return (
    <>
      <Suspense fallback={<div className="chart" style={{ minHeight: 300 }} />}>
        <PairChart a={a} b={b} labels={[pair.a?.label ?? 'A', pair.b?.label ?? 'B']} />
      </Suspense>
      <table className="report-table pair-table" data-testid="train-both-table">
        <caption className="sr-only">Run A and run B: final losses, the gap between them, and the test score</caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">train loss</th>
            <th scope="col">val loss</th>
            <th scope="col">gap</th>
            <th scope="col">best val (epoch)</th>
            <th scope="col">test score</th>
          </tr>
        </thead>
        <tbody>
          {runs.map(({ p, h }, i) => {
            const last = h.at(-1);
            const best = h.reduce<EpochRecord | null>(
              (m, r) => (Number.isFinite(r.val_loss) && (!m || r.val_loss < m.val_loss) ? r : m),
              null,
            );
            return (
              <tr key={i} data-run={i === 0 ? 'a' : 'b'} data-gap={last ? last.val_loss - last.loss : undefined}>
                <th scope="row">{p?.label ?? (i === 0 ? 'A' : 'B')}</th>
                <td>{f3(last?.loss)}</td>
                <td>{f3(last?.val_loss)}</td>
                <td>{last ? f3(last.val_loss - last.loss) : '—'}</td>
                <td>{best ? `${f3(best.val_loss)} (${best.epoch})` : '—'}</td>
                <td>{p?.score != null ? f3(p.score) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
