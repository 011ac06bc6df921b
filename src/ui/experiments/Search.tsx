import { useId, useMemo, useState } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { TrialResult } from '../../core/experiment/types';
import type { SearchMethod } from '../../core/search/space';
import { applyTrial, resumeSearch, startExperiment, stopExperiment } from '../../store/actions';
import { useLab } from '../../store/lab';
import { OKABE_ITO } from '../common/palette';
import { SEARCHABLE } from './searchable';

const METHODS: { id: SearchMethod; label: string }[] = [
  { id: 'grid', label: 'Grid (every combination)' },
  { id: 'random', label: 'Random' },
  { id: 'bayes', label: 'Bayesian (Gaussian process + expected improvement)' },
];
const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(3)) : String(v));

/** Hyperparameter search over chosen settings, each trial scored on the validation split (never on test). */
/** One empty list, so a cross-validation in progress does not make a new array every render. */
const NO_TRIALS: never[] = [];

export function Search() {
  const x = useLab((s) => s.experiment);
  const busy = useLab((s) => s.run.status === 'training' || s.experiment.status === 'training');
  const [method, setMethod] = useState<SearchMethod>('random');
  const [budget, setBudget] = useState(8);
  const [chosen, setChosen] = useState<string[]>(['lr', 'batchSize']);
  const methodId = useId();
  const budgetId = useId();
  const isSearch = x.spec?.kind === 'search';
  const trials = isSearch ? x.trials : NO_TRIALS;
  const running = isSearch && x.status === 'training';
  const spec = x.spec?.kind === 'search' ? x.spec : null;
  const resumable = spec !== null && !running && x.status !== 'done' && trials.length < spec.budget;
  const space = SEARCHABLE.filter((p) => chosen.includes(p.range.name)).map((p) => p.range);
  const best = useMemo(() => bestTrial(trials), [trials]);

  return (
    <section className="experiment" aria-label="Hyperparameter search">
      <h3>Hyperparameter search</h3>
      <p className="muted">
        Each trial trains the current settings with the chosen parameters changed, and scores the best validation accuracy (R² for
        regression) over its epochs. The test split is never used.
      </p>
      <fieldset className="search-params">
        <legend>Parameters to vary</legend>
        {SEARCHABLE.map((p) => (
          <label key={p.range.name} className="field-check">
            <input
              type="checkbox"
              checked={chosen.includes(p.range.name)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, p.range.name] : chosen.filter((n) => n !== p.range.name))}
              data-testid={`search-param-${p.range.name}`}
            />{' '}
            {p.label}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <div className="field">
          <label htmlFor={methodId}>Method</label>
          <select id={methodId} value={method} onChange={(e) => setMethod(e.target.value as SearchMethod)} data-testid="search-method">
            {METHODS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={budgetId}>Trials (budget)</label>
          <input
            id={budgetId}
            type="number"
            min={1}
            max={100}
            value={budget}
            onChange={(e) => setBudget(Math.max(1, Math.min(100, Math.round(Number(e.target.value) || 1))))}
            data-testid="search-budget"
          />
        </div>
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="search-run"
          disabled={busy || space.length === 0}
          onClick={() => startExperiment({ kind: 'search', method, space, budget, seed: useLab.getState().settings.seed, done: [] })}
        >
          Run search
        </button>
        <button type="button" onClick={stopExperiment} disabled={!running} data-testid="search-stop">
          Stop
        </button>
        {resumable && (
          <button type="button" onClick={resumeSearch} disabled={busy} data-testid="search-resume">
            Resume ({trials.length}/{spec.budget} done)
          </button>
        )}
        {running && spec && (
          <span className="muted" aria-live="polite">
            trial {trials.length + 1} of {spec.budget}…
          </span>
        )}
      </div>
      {isSearch && x.error && (
        <p className="notice notice-error" role="alert" data-testid="error-message">
          {x.error}
        </p>
      )}
      {trials.length > 0 && spec && (
        <>
          <TrialTable trials={trials} params={spec.space.map((r) => r.name)} best={best} />
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="search-apply-best"
              disabled={!best || busy}
              onClick={() => best && applyTrial(best)}
            >
              Apply best{best ? ` (trial ${best.trial}, score ${best.score.toFixed(3)})` : ''}
            </button>
          </div>
          <div className="eval-grid">
            {spec.space.map((r, i) => (
              <ScoreVsParam key={r.name} trials={trials} param={r.name} log={r.log === true} colour={OKABE_ITO[i % OKABE_ITO.length]} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function bestTrial(trials: TrialResult[]): TrialResult | null {
  let best: TrialResult | null = null;
  for (const t of trials) if (Number.isFinite(t.score) && (!best || t.score > best.score)) best = t;
  return best;
}

type SortKey = 'trial' | 'score' | 'bestValLoss' | string;

function TrialTable({ trials, params, best }: { trials: TrialResult[]; params: string[]; best: TrialResult | null }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'score', desc: true });
  const value = (t: TrialResult, key: SortKey): number | string | boolean =>
    key === 'trial' ? t.trial : key === 'score' ? t.score : key === 'bestValLoss' ? t.bestValLoss : t.params[key];
  const rows = [...trials].sort((a, b) => {
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    // NaN (failed trials) always sink to the bottom.
    if (typeof va === 'number' && Number.isNaN(va)) return 1;
    if (typeof vb === 'number' && Number.isNaN(vb)) return -1;
    const c = va < vb ? -1 : va > vb ? 1 : a.trial - b.trial;
    return sort.desc ? -c : c;
  });
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'trial' })}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  return (
    <table className="report-table" data-testid="search-table" data-trials={trials.length}>
      <caption className="sr-only">Search trials; click a column header to sort</caption>
      <thead>
        <tr>
          {header('trial', 'trial')}
          {params.map((p) => (
            <th key={p} scope="col">
              {p}
            </th>
          ))}
          {header('score', 'val score')}
          {header('bestValLoss', 'best val loss')}
          <th scope="col">epochs</th>
          <th scope="col">seconds</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr
            key={t.trial}
            data-trial={t.trial}
            data-score={t.score}
            className={t === best ? 'best' : undefined}
            aria-current={t === best ? 'true' : undefined}
          >
            <th scope="row">
              {t.trial}
              {t === best ? ' ★ best' : ''}
            </th>
            {params.map((p) => (
              <td key={p}>{fmt(t.params[p])}</td>
            ))}
            <td title={t.error}>
              {Number.isFinite(t.score) ? t.score.toFixed(3) : `failed${t.error ? ` (${t.error.slice(0, 60)})` : ''}`}
            </td>
            <td>{Number.isFinite(t.bestValLoss) ? t.bestValLoss.toFixed(3) : '—'}</td>
            <td>{t.epochs}</td>
            <td>{(t.ms / 1000).toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Score against one parameter over all trials: where along the range the good trials sit. */
function ScoreVsParam({ trials, param, log, colour }: { trials: TrialResult[]; param: string; log: boolean; colour: string }) {
  const numeric = trials.every((t) => typeof t.params[param] === 'number');
  const points = trials
    .filter((t) => Number.isFinite(t.score))
    .map((t) => ({ x: numeric ? t.params[param] : String(t.params[param]), score: t.score }));
  return (
    <figure className="chart" data-testid={`search-chart-${param}`}>
      <figcaption>Score vs {param}</figcaption>
      <div className="chart-box" role="img" aria-label={`Validation score of ${points.length} trials against ${param}.`}>
        <ResponsiveContainer width="100%" height={180}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              tickMargin={8}
              dataKey="x"
              name={param}
              type={numeric ? 'number' : 'category'}
              scale={numeric && log ? 'log' : 'auto'}
              domain={numeric ? ['auto', 'auto'] : undefined}
              allowDuplicatedCategory={false}
              tickFormatter={fmt}
              tick={{ fill: 'var(--fg)' }}
            />
            <YAxis
              dataKey="score"
              name="score"
              domain={['auto', 'auto']}
              tickFormatter={(v: number) => v.toFixed(2)}
              tick={{ fill: 'var(--fg)' }}
              width={48}
            />
            <ZAxis range={[60, 60]} />
            <Tooltip formatter={fmt} />
            <Scatter data={points} fill={colour} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
