import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { compareMetrics, diffSettings, overlayCurves, trainKey, valKey } from '../../core/history/compare';
import type { RunRecord } from '../../core/history/record';
import { isRegressionDataset } from '../../core/preset/schema';
import { OKABE_ITO } from '../common/palette';
import { PngButton } from '../teach/PngButton';
import { fmtNum, formatDuration, runLetter } from './format';

const runColour = (i: number) => OKABE_ITO[i % OKABE_ITO.length];

/** Each run also gets a marker shape, so the runs tell apart without colour (and in greyscale print). */
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;

function markerPath(i: number, x: number, y: number, r = 4.5): string {
  switch (MARKERS[i % MARKERS.length]) {
    case 'circle':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    case 'square':
      return `M${x - r},${y - r}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'triangle':
      return `M${x},${y - r * 1.2}L${x + r * 1.1},${y + r * 0.9}L${x - r * 1.1},${y + r * 0.9}Z`;
    default:
      return `M${x},${y - r * 1.3}L${x + r},${y}L${x},${y + r * 1.3}L${x - r},${y}Z`;
  }
}

/** A small run marker for the legend. */
function RunMarker({ i }: { i: number }) {
  return (
    <svg width="14" height="14" aria-hidden="true" className="run-marker">
      <path d={markerPath(i, 7, 7, 5)} fill={runColour(i)} stroke="var(--fg)" strokeWidth="1" />
    </svg>
  );
}

/** Two or more stored runs side by side: overlaid curves, the settings that differ, and test metrics vs the first. */
export function CompareView({ runs }: { runs: RunRecord[] }) {
  const regression = runs.filter((r) => r.test?.task === 'regression' || isRegressionDataset(r.settings.dataset)).length;
  const scoreTitle = regression === 0 ? 'Accuracy' : regression === runs.length ? 'R² (1 is perfect)' : 'Accuracy or R²';
  const diffs = useMemo(() => diffSettings(runs.map((r) => r.settings)), [runs]);
  const metrics = useMemo(() => compareMetrics(runs), [runs]);

  return (
    <section className="compare-view" data-testid="compare-view" data-runs={runs.length} aria-label="Compare runs">
      <h3>Compare runs</h3>
      <ul className="compare-legend">
        {runs.map((r, i) => (
          <li key={r.id} data-run-id={r.id}>
            <RunMarker i={i} />
            <strong>{runLetter(i)}</strong> <span>{r.name}</span>
          </li>
        ))}
        <li className="muted">solid = training, dashed = validation; each run has its own colour and marker</li>
      </ul>
      <div className="compare-charts">
        <OverlayChart runs={runs} metric="loss" title="Loss" />
        <OverlayChart runs={runs} metric="acc" title={scoreTitle} />
      </div>
      <div className="compare-tables">
        <div>
          <h4>Settings that differ</h4>
          {diffs.length ? (
            <table className="compare-table" data-testid="settings-diff">
              <RunColumns first="Setting" runs={runs} />
              <tbody>
                {diffs.map((d) => (
                  <tr key={d.name} data-setting={d.name}>
                    <th scope="row">{d.label}</th>
                    {d.values.map((v, i) => (
                      <td key={runs[i].id} className={i > 0 && v !== d.values[0] ? 'changed' : undefined}>
                        {v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted" data-testid="settings-diff" data-empty="true">
              Same settings: any difference comes from the backend or timing.
            </p>
          )}
        </div>
        <div>
          <h4>Test metrics (Δ vs A)</h4>
          <table className="compare-table" data-testid="compare-metrics">
            <RunColumns first="Metric" runs={runs} />
            <tbody>
              {metrics.map((m) => (
                <tr key={m.key} data-metric={m.key}>
                  <th scope="row">{m.label}</th>
                  {m.values.map((v, i) => {
                    const d = m.deltas[i];
                    const better = d !== null && d !== 0 && d > 0 === m.higherIsBetter;
                    const digits = m.key === 'count' ? 0 : 4;
                    return (
                      <td key={runs[i].id} data-value={v ?? undefined}>
                        {fmtNum(v, digits)}
                        {d !== null && (
                          <span className={`delta ${d === 0 ? '' : better ? 'better' : 'worse'}`} data-testid="metric-delta">
                            {' '}
                            ({d >= 0 ? '+' : '−'}
                            {fmtNum(Math.abs(d), digits)})
                          </span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr>
                <th scope="row">Epochs run</th>
                {runs.map((r) => (
                  <td key={r.id}>{r.history.length}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">Duration</th>
                {runs.map((r) => (
                  <td key={r.id}>{r.durationMs == null ? '–' : formatDuration(r.durationMs)}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">Backend</th>
                {runs.map((r) => (
                  <td key={r.id}>{r.backend ?? '–'}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : '–');

const OverlayChart = memo(function OverlayChart({ runs, metric, title }: { runs: RunRecord[]; metric: 'loss' | 'acc'; title: string }) {
  const data = useMemo(
    () =>
      overlayCurves(
        runs.map((r) => r.history),
        metric,
      ),
    [runs, metric],
  );
  const summary = runs
    .map((r, i) => {
      const last = r.history[r.history.length - 1];
      return `${runLetter(i)}: ${last ? `validation ${fmt(metric === 'loss' ? last.val_loss : last.val_acc)} after epoch ${last.epoch}` : 'no epochs'}`;
    })
    .join('; ');
  return (
    <figure className="chart" data-testid={`compare-chart-${metric}`}>
      <figcaption>
        <span data-png-title="">{title}</span> <PngButton name={`compare-${metric}`} title={`${title} comparison`} />
      </figcaption>
      {/* The lines' names for the PNG export (the legend above names the runs for people). */}
      <ul hidden>
        {runs.flatMap((r, i) => [
          <li key={`t-${r.id}`} data-png-legend="" data-colour={runColour(i)}>{`${runLetter(i)} train`}</li>,
          <li key={`v-${r.id}`} data-png-legend="" data-colour={runColour(i)} data-dash="7 3">{`${runLetter(i)} validation`}</li>,
        ])}
      </ul>
      <div className="chart-box" role="img" aria-label={`${title} per epoch, ${runs.length} runs. ${summary}.`}>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fill: 'var(--fg)' }} />
            <YAxis
              domain={metric === 'acc' ? [(min: number) => Math.min(0, Math.floor(min * 4) / 4), 1] : ['auto', 'auto']}
              tick={{ fill: 'var(--fg)' }}
              width={52}
              tickFormatter={(v: number) => v.toFixed(2)}
            />
            <Tooltip formatter={fmt} labelFormatter={(e) => `epoch ${e}`} />
            {runs.flatMap((r, i) => {
              // Markers on a few epochs only (about six per line), offset per run so they do not sit on each other.
              const every = Math.max(1, Math.ceil(data.length / 6));
              const dot = (props: { cx?: number; cy?: number; index?: number }) => {
                const { cx, cy, index = 0 } = props;
                if (cx == null || cy == null || !Number.isFinite(cy) || (index + i) % every !== 0) return <g key={`m-${r.id}-${index}`} />;
                return <path key={`m-${r.id}-${index}`} d={markerPath(i, cx, cy)} fill={runColour(i)} stroke="var(--bg)" strokeWidth={1} />;
              };
              return [
                <Line
                  key={`t-${r.id}`}
                  type="monotone"
                  dataKey={trainKey(i)}
                  name={`${runLetter(i)} train`}
                  stroke={runColour(i)}
                  strokeWidth={2.5}
                  dot={dot}
                  isAnimationActive={false}
                />,
                <Line
                  key={`v-${r.id}`}
                  type="monotone"
                  dataKey={valKey(i)}
                  name={`${runLetter(i)} validation`}
                  stroke={runColour(i)}
                  strokeWidth={2.5}
                  strokeDasharray="7 3"
                  dot={dot}
                  isAnimationActive={false}
                />,
              ];
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

/** The header row of a comparison table: a label column, then one column per run (A, B, …). */
function RunColumns({ first, runs }: { first: string; runs: { id: string }[] }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {runs.map((r, i) => (
          <th scope="col" key={r.id}>
            {runLetter(i)}
          </th>
        ))}
      </tr>
    </thead>
  );
}
