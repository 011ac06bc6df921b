import { memo, useId, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PERTURBATIONS } from '../../core/analysis/perturbations';
import { PERTURBATION_KINDS, type PerturbationKind, type RobustnessCurve } from '../../core/analysis/types';
import { OKABE_ITO } from '../common/palette';
import './analysis.css';

interface Props {
  kinds: PerturbationKind[];
  curves: Partial<Record<PerturbationKind, RobustnessCurve>>;
  running: PerturbationKind | null;
  onRun(kind: PerturbationKind): void;
  /** Unperturbed test accuracy. */
  baseline: number;
  /**
   * Whether the model reads images or 2-D points: only the shift's unit differs (pixels vs data units).
   * Inferred from `kinds` when left out, since brightness applies to images only.
   */
  inputKind?: 'image' | 'points';
}

/**
 * Test accuracy under growing input shifts, one small chart per sweep run so far. A select picks the
 * perturbation and a button runs it; the dashed line is the unperturbed accuracy, so the gap reads directly.
 */
export function RobustnessChart({ kinds, curves, running, onRun, baseline, inputKind }: Props) {
  const [selected, setSelected] = useState<PerturbationKind | null>(null);
  const current = selected !== null && kinds.includes(selected) ? selected : kinds[0];
  const images = inputKind ? inputKind === 'image' : kinds.includes('brightness');
  const selectId = useId();
  const done = kinds.filter((k) => curves[k]);
  return (
    <div className="robustness" data-testid="robustness-chart" data-running={running ?? ''}>
      <div className="robustness-controls">
        <div className="field">
          <label htmlFor={selectId}>Perturbation</label>
          <select
            id={selectId}
            value={current ?? ''}
            onChange={(e) => setSelected(e.target.value as PerturbationKind)}
            disabled={kinds.length === 0}
            data-testid="robustness-kind"
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {PERTURBATIONS[k].label} ({unitName(k, images)})
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="primary"
          onClick={() => current && onRun(current)}
          disabled={!current || running !== null}
          data-testid="robustness-run"
        >
          {running !== null && running === current ? 'Running…' : current && curves[current] ? 'Run again' : 'Run sweep'}
        </button>
      </div>
      <p className="muted robustness-status" aria-live="polite">
        {running !== null
          ? `Running the ${PERTURBATIONS[running].label.toLowerCase()} sweep on the test split…`
          : done.length === 0
            ? 'Pick a perturbation and run it: the test split is re-scored at growing strengths, starting from no change.'
            : ''}
      </p>
      <div className="robustness-charts">
        {done.map((k) => (
          <CurveChart key={k} curve={curves[k]!} baseline={baseline} images={images} colour={OKABE_ITO[PERTURBATION_KINDS.indexOf(k)]} />
        ))}
      </div>
    </div>
  );
}

function unitName(kind: PerturbationKind, images: boolean): string {
  switch (kind) {
    case 'rotation':
      return 'degrees';
    case 'noise':
      return 'σ of added noise';
    case 'brightness':
      return 'added to pixel values';
    case 'shift':
      return images ? 'pixels' : 'data units';
  }
}

/** A strength with its unit, as read aloud and in the summary: "30°", "σ 0.2", "+0.3", "2 px". */
function formatStrength(kind: PerturbationKind, strength: number, images: boolean): string {
  switch (kind) {
    case 'rotation':
      return `${strength}°`;
    case 'noise':
      return `σ ${strength}`;
    case 'brightness':
      return `+${strength}`;
    case 'shift':
      return images ? `${strength} px` : `${strength} units`;
  }
}

/** "−0.21" / "+0.03": a real minus sign, and always a sign. */
function signed(delta: number): string {
  const text = Math.abs(delta).toFixed(2);
  return delta < 0 && text !== '0.00' ? `−${text}` : `+${text}`;
}

const CurveChart = memo(function CurveChart({
  curve,
  baseline,
  images,
  colour,
}: {
  curve: RobustnessCurve;
  baseline: number;
  images: boolean;
  colour: string;
}) {
  const kind = curve.perturbation;
  const spec = PERTURBATIONS[kind];
  const pts = curve.points;
  const describe = (p: { strength: number; accuracy: number }) =>
    `${formatStrength(kind, p.strength, images)}: ${p.accuracy.toFixed(2)} (${signed(p.accuracy - baseline)} vs unperturbed)`;
  const strongest = pts[pts.length - 1];
  const summary = strongest ? describe(strongest) : 'no points';
  const label = `${spec.label}: test accuracy by strength, unperturbed ${baseline.toFixed(2)}. ${pts.map(describe).join('; ')}.`;
  return (
    <figure
      className="chart robustness-curve"
      data-testid="robustness-curve"
      data-kind={kind}
      data-points={JSON.stringify(pts.map((p) => p.accuracy))}
    >
      <figcaption>
        {spec.label} ({unitName(kind, images)})
      </figcaption>
      <div className="chart-box" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={pts} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              tickMargin={8}
              dataKey="strength"
              type="number"
              domain={[0, 'dataMax']}
              ticks={pts.map((p) => p.strength)}
              tickFormatter={(s: number) => formatStrength(kind, s, images)}
              tick={{ fill: 'var(--fg)' }}
            />
            <YAxis domain={[0, 1]} tick={{ fill: 'var(--fg)' }} width={44} tickFormatter={(v: number) => v.toFixed(1)} />
            <Tooltip
              formatter={(v: unknown) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
              labelFormatter={(s) => (typeof s === 'number' ? formatStrength(kind, s, images) : String(s))}
            />
            <ReferenceLine
              y={baseline}
              stroke="var(--fg)"
              strokeDasharray="6 4"
              label={{ value: 'unperturbed', position: 'insideBottomLeft', fill: 'var(--fg)' }}
            />
            <Line
              type="linear"
              dataKey="accuracy"
              name="accuracy"
              stroke={colour}
              strokeWidth={3}
              dot={{ r: 4 }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="robustness-summary" data-testid="robustness-summary">
        {summary}
      </p>
    </figure>
  );
});
