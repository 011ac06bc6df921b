import { useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { summarise } from '../../core/cv/folds';
import type { FoldResult } from '../../core/experiment/types';
import { startExperiment, stopExperiment } from '../../store/actions';
import { useLab } from '../../store/lab';
import { OKABE_ITO } from '../common/palette';

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const METRICS: { key: 'valLoss' | 'valAcc' | 'bestValLoss'; label: string }[] = [
  { key: 'valLoss', label: 'final val loss' },
  { key: 'valAcc', label: 'final val score' },
  { key: 'bestValLoss', label: 'best val loss' },
];

/** k-fold cross-validation of the current settings on the training pool (train + validation; test stays out). */
export function CrossValidation({ poolSize }: { poolSize: number | null }) {
  const x = useLab((s) => s.experiment);
  const busy = useLab((s) => s.run.status === 'training' || s.experiment.status === 'training');
  const [k, setK] = useState(5);
  const [stratified, setStratified] = useState(true);
  const [loo, setLoo] = useState(false);
  const kId = useId();
  const looAllowed = poolSize !== null && poolSize <= 200;
  const isCv = x.spec?.kind === 'cv';
  const folds = isCv ? x.folds : [];
  const running = isCv && x.status === 'training';
  return (
    <section className="experiment" aria-label="Cross-validation">
      <h3>Cross-validation</h3>
      <p className="muted">
        Trains the current settings once per fold of the training pool ({poolSize ?? '…'} samples: train + validation) and reports the
        spread. The test split stays out of it.
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor={kId}>Folds (k)</label>
          <select id={kId} value={k} disabled={loo} onChange={(e) => setK(Number(e.target.value))} data-testid="cv-k">
            {[2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <label className="field-check">
          <input type="checkbox" checked={stratified} disabled={loo} onChange={(e) => setStratified(e.target.checked)} /> Stratified
        </label>
        <label className="field-check" title={looAllowed ? undefined : 'Leave-one-out is offered for pools of 200 samples or fewer.'}>
          <input type="checkbox" checked={loo && looAllowed} disabled={!looAllowed} onChange={(e) => setLoo(e.target.checked)} />{' '}
          Leave-one-out
        </label>
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="cv-run"
          disabled={busy}
          onClick={() => startExperiment({ kind: 'cv', k, stratified, leaveOneOut: loo && looAllowed })}
        >
          Run cross-validation
        </button>
        <button type="button" onClick={stopExperiment} disabled={!running}>
          Stop
        </button>
        {running && (
          <span className="muted" aria-live="polite">
            fold {folds.length + 1} training…
          </span>
        )}
      </div>
      {isCv && x.error && (
        <p className="notice notice-error" role="alert" data-testid="error-message">
          {x.error}
        </p>
      )}
      {folds.length > 0 && <FoldTable folds={folds} />}
      {folds.length > 0 && <FoldCurves folds={folds} />}
    </section>
  );
}

function FoldTable({ folds }: { folds: FoldResult[] }) {
  return (
    <table className="report-table" data-testid="cv-table" data-folds={folds.length}>
      <caption className="sr-only">Cross-validation results per fold, with mean and standard deviation</caption>
      <thead>
        <tr>
          <th scope="col">fold</th>
          <th scope="col">train / val</th>
          {METRICS.map((m) => (
            <th scope="col" key={m.key}>
              {m.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {folds.map((f) => (
          <tr key={f.fold} data-fold={f.fold}>
            <th scope="row">{f.fold}</th>
            <td>
              {f.trainCount} / {f.valCount}
            </td>
            {METRICS.map((m) => (
              <td key={m.key}>{f3(f[m.key])}</td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-fold="mean">
          <th scope="row" colSpan={2}>
            mean ± std
          </th>
          {METRICS.map((m) => {
            const { mean, std } = summarise(folds.map((f) => f[m.key]));
            return (
              <td key={m.key} data-metric={m.key} data-mean={mean} data-std={std}>
                {f3(mean)} ± {f3(std)}
              </td>
            );
          })}
        </tr>
      </tfoot>
    </table>
  );
}

/** Validation loss per epoch, one line per fold: folds that disagree show how much a single split can mislead. */
function FoldCurves({ folds }: { folds: FoldResult[] }) {
  const epochs = Math.max(...folds.map((f) => f.history.length));
  const data = Array.from({ length: epochs }, (_, e) => {
    const row: Record<string, number> = { epoch: e + 1 };
    for (const f of folds) if (f.history[e]) row[`fold ${f.fold}`] = f.history[e].val_loss;
    return row;
  });
  return (
    <figure className="chart" data-testid="cv-curves">
      <figcaption>Validation loss per fold</figcaption>
      <div className="chart-box" role="img" aria-label={`Validation loss curves of ${folds.length} folds.`}>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fill: 'var(--fg)' }} />
            <YAxis domain={['auto', 'auto']} tick={{ fill: 'var(--fg)' }} width={52} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(e) => `epoch ${e}`} />
            <Legend />
            {folds.map((f, i) => (
              <Line
                key={f.fold}
                dataKey={`fold ${f.fold}`}
                stroke={OKABE_ITO[i % OKABE_ITO.length]}
                strokeDasharray={i >= OKABE_ITO.length ? '6 3' : undefined}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
