import { memo, useId, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EfficiencyReport, WeightPrecision } from '../../core/efficiency/types';
import { OKABE_ITO } from '../common/palette';
import './efficiency.css';

interface Props {
  report: EfficiencyReport | null;
  running: boolean;
  error: string | null;
  onMeasure(): void;
  onDownload(precision: WeightPrecision): void;
  /** The precision being exported right now, if any. */
  downloading: WeightPrecision | null;
}

const PRECISIONS: readonly WeightPrecision[] = ['float32', 'float16', 'int8'];
const PRECISION_NOTES: Record<WeightPrecision, string> = {
  float32: '4 bytes per weight, as trained',
  float16: '2 bytes per weight, 11 significant bits',
  int8: '1 byte per weight, 256 levels per tensor',
};
const CURVE_COLOUR = OKABE_ITO[0];
const MARKER_COLOUR = OKABE_ITO[5];
const SLIDER_MAX = 95;
const SLIDER_STEP = 5;

/**
 * How small and fast the trained model is, and what it costs in test accuracy to shrink it: size at each
 * precision, inference latency, accuracy with quantised weights, and accuracy as more of each kernel is
 * pruned. Props only; the measurement runs where the model lives (the worker).
 */
export function EfficiencyPanel({ report, running, error, onMeasure, onDownload, downloading }: Props) {
  return (
    <div className="efficiency" data-testid="efficiency-panel" data-running={running ? 'true' : 'false'}>
      <div className="efficiency-controls">
        <button type="button" className="primary" onClick={onMeasure} disabled={running} data-testid="efficiency-run">
          {running ? 'Measuring…' : report ? 'Measure again' : 'Measure'}
        </button>
        <p className="muted efficiency-status" aria-live="polite">
          {running
            ? 'Timing inference, then re-scoring the test split with quantised and pruned copies of the model…'
            : report
              ? ''
              : 'Measure size, speed, and the test accuracy left after quantising or pruning the weights.'}
        </p>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div className="efficiency-grid">
          <SizeTable report={report} />
          <LatencyView latency={report.latency} />
          <QuantizedTable report={report} />
          <PruningChart report={report} />
        </div>
      )}
      <Downloads report={report} onDownload={onDownload} downloading={downloading} />
    </div>
  );
}

// ---------------------------------------------------------------- formatting

const count = (n: number) => n.toLocaleString('en-US');

/** "588 B", "18.8 KiB", "1.25 MiB". */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** Milliseconds with about three significant figures: "0.152 ms", "4.31 ms", "128 ms". */
function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return `${ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '—');

/** "−1.2 pts" / "+0.0 pts": a real minus sign, always a sign, in percentage points. */
function signedPoints(delta: number): string {
  if (!Number.isFinite(delta)) return '—';
  const text = Math.abs(delta * 100).toFixed(1);
  return `${delta < 0 && text !== '0.0' ? '−' : '+'}${text} pts`;
}

// ---------------------------------------------------------------- size, latency, quantisation

function SizeTable({ report }: { report: EfficiencyReport }) {
  return (
    <table className="efficiency-table" data-testid="model-size" data-bytes={report.bytes.float32} data-params={report.params}>
      <caption>Model size: {count(report.params)} parameters</caption>
      <thead>
        <tr>
          <th scope="col">Precision</th>
          <th scope="col">Weights</th>
          <th scope="col">vs float32</th>
        </tr>
      </thead>
      <tbody>
        {PRECISIONS.map((p) => (
          <tr key={p} data-precision={p} data-bytes={report.bytes[p]}>
            <th scope="row" title={PRECISION_NOTES[p]}>
              {p}
            </th>
            <td title={`${count(report.bytes[p])} bytes`}>{formatBytes(report.bytes[p])}</td>
            <td>{p === 'float32' || !report.bytes[p] ? '—' : `${(report.bytes.float32 / report.bytes[p]).toFixed(1)}× smaller`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LatencyView({ latency }: { latency: EfficiencyReport['latency'] }) {
  return (
    <div
      className="efficiency-latency"
      data-testid="latency"
      data-per-sample-ms={latency.perSampleMs}
      data-per-batch32-ms={latency.perBatch32Ms}
      data-backend={latency.backend}
    >
      <h3>Inference time ({latency.backend})</h3>
      <dl>
        <div>
          <dt>One sample</dt>
          <dd>{formatMs(latency.perSampleMs)}</dd>
        </div>
        <div>
          <dt>Batch of 32</dt>
          <dd>
            {formatMs(latency.perBatch32Ms)} <span className="muted">({formatMs(latency.perBatch32Ms / 32)} each)</span>
          </dd>
        </div>
      </dl>
      <p className="muted efficiency-note">Median of repeated runs after a warm-up, waiting for the result each time.</p>
    </div>
  );
}

function QuantizedTable({ report }: { report: EfficiencyReport }) {
  const base = report.baselineAccuracy;
  const rows: { precision: WeightPrecision; accuracy: number; maxAbsError: number | null }[] = [
    { precision: 'float32', accuracy: base, maxAbsError: null },
    { precision: 'float16', ...report.quantized.float16 },
    { precision: 'int8', ...report.quantized.int8 },
  ];
  return (
    <table
      className="efficiency-table"
      data-testid="quantized-accuracy"
      data-float32={base}
      data-float16={report.quantized.float16.accuracy}
      data-int8={report.quantized.int8.accuracy}
    >
      <caption>Test accuracy with quantised weights</caption>
      <thead>
        <tr>
          <th scope="col">Precision</th>
          <th scope="col">Accuracy</th>
          <th scope="col">Change</th>
          <th scope="col">Largest weight change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.precision} data-precision={r.precision}>
            <th scope="row">{r.precision}</th>
            <td>{percent(r.accuracy)}</td>
            <td>{r.maxAbsError === null ? 'as trained' : signedPoints(r.accuracy - base)}</td>
            <td>{r.maxAbsError === null ? '—' : r.maxAbsError.toPrecision(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ---------------------------------------------------------------- pruning

/**
 * Accuracy at `sparsity` read off the measured curve: the measured value at a measured sparsity, a straight
 * line between the two nearest measurements elsewhere, the end value beyond the ends.
 */
function accuracyAt(points: EfficiencyReport['pruning'], sparsity: number): { accuracy: number; measured: boolean } {
  const sorted = [...points].sort((a, b) => a.sparsity - b.sparsity);
  if (sorted.length === 0) return { accuracy: NaN, measured: false };
  const exact = sorted.find((p) => Math.abs(p.sparsity - sparsity) < 1e-9);
  if (exact) return { accuracy: exact.accuracy, measured: true };
  if (sparsity <= sorted[0].sparsity) return { accuracy: sorted[0].accuracy, measured: false };
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (sparsity <= b.sparsity) {
      const t = (sparsity - a.sparsity) / (b.sparsity - a.sparsity);
      return { accuracy: a.accuracy + t * (b.accuracy - a.accuracy), measured: false };
    }
  }
  return { accuracy: sorted[sorted.length - 1].accuracy, measured: false };
}

const PruningChart = memo(function PruningChart({ report }: { report: EfficiencyReport }) {
  const [chosen, setChosen] = useState(50);
  const sliderId = useId();
  const base = report.baselineAccuracy;
  const data = report.pruning.map((p) => ({ sparsity: Math.round(p.sparsity * 1000) / 10, accuracy: p.accuracy }));
  const at = accuracyAt(report.pruning, chosen / 100);
  const reading = `${chosen} % of each kernel zeroed: accuracy ${percent(at.accuracy)} (${signedPoints(at.accuracy - base)})${at.measured ? '' : ', between measured points'}`;
  const label = `Test accuracy by pruned fraction of weights, unpruned ${percent(base)}. ${data
    .map((p) => `${p.sparsity} %: ${percent(p.accuracy)}`)
    .join('; ')}.`;
  return (
    <figure
      className="chart efficiency-pruning"
      data-testid="pruning-chart"
      data-points={JSON.stringify(report.pruning.map((p) => p.accuracy))}
      data-sparsities={JSON.stringify(report.pruning.map((p) => p.sparsity))}
    >
      <figcaption>Magnitude pruning: accuracy as the smallest weights of each kernel are zeroed</figcaption>
      <div className="chart-box" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              tickMargin={8}
              dataKey="sparsity"
              type="number"
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(s: number) => `${s} %`}
              tick={{ fill: 'var(--fg)' }}
            />
            <YAxis domain={[0, 1]} tick={{ fill: 'var(--fg)' }} width={44} tickFormatter={(v: number) => v.toFixed(1)} />
            <Tooltip
              formatter={(v: unknown) => (typeof v === 'number' ? percent(v) : String(v))}
              labelFormatter={(s) => `${String(s)} % pruned`}
            />
            <ReferenceLine
              y={base}
              stroke="var(--fg)"
              strokeDasharray="6 4"
              label={{ value: 'unpruned', position: 'insideBottomLeft', fill: 'var(--fg)' }}
            />
            <ReferenceLine x={chosen} stroke={MARKER_COLOUR} strokeWidth={2} />
            <Line
              type="linear"
              dataKey="accuracy"
              name="accuracy"
              stroke={CURVE_COLOUR}
              strokeWidth={3}
              dot={{ r: 4 }}
              isAnimationActive={false}
            />
            {Number.isFinite(at.accuracy) && (
              <ReferenceDot x={chosen} y={at.accuracy} r={6} fill={MARKER_COLOUR} stroke="var(--fg)" shape={diamond} />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="field efficiency-slider">
        <label htmlFor={sliderId}>Sparsity: {chosen} %</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={SLIDER_MAX}
          step={SLIDER_STEP}
          value={chosen}
          onChange={(e) => setChosen(Number(e.target.value))}
          aria-valuetext={reading}
          data-testid="sparsity-slider"
        />
      </div>
      <output htmlFor={sliderId} className="efficiency-reading" aria-live="polite" data-testid="sparsity-accuracy" data-value={at.accuracy}>
        {reading}
      </output>
    </figure>
  );
});

/** The chosen point is a diamond, so it differs from the curve's round dots by shape as well as colour. */
function diamond({ cx = 0, cy = 0 }: { cx?: number; cy?: number }) {
  const r = 7;
  return (
    <path
      d={`M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`}
      fill={MARKER_COLOUR}
      stroke="var(--fg)"
      strokeWidth={1.5}
    />
  );
}

// ---------------------------------------------------------------- downloads

function Downloads({ report, onDownload, downloading }: Pick<Props, 'report' | 'onDownload' | 'downloading'>) {
  const headingId = useId();
  return (
    <div className="efficiency-downloads" role="group" aria-labelledby={headingId} data-testid="download-model">
      <h3 id={headingId}>Download the model (TF.js layers format)</h3>
      <p className="muted efficiency-note">
        Two files, a .json model and its .weights.bin, to keep side by side and load with tf.loadLayersModel; quantised weights load back as
        float32.
      </p>
      <div className="efficiency-download-buttons">
        {PRECISIONS.map((p) => (
          <button
            key={p}
            type="button"
            data-precision={p}
            onClick={() => onDownload(p)}
            disabled={downloading !== null}
            aria-busy={downloading === p}
            title={PRECISION_NOTES[p]}
          >
            {downloading === p ? `Preparing ${p}…` : report ? `${p} (${formatBytes(report.bytes[p])})` : p}
          </button>
        ))}
      </div>
    </div>
  );
}
