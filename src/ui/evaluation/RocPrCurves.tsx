import { memo, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from '../../core/metrics';
import { explainMetric } from '../../core/teach/explain';
import { classColour } from '../common/palette';
import { PngButton } from '../teach/PngButton';
import { Explained, rovingKeyDown } from '../teach/Tip';
import './evaluation.css';

interface Props {
  labels: number[];
  /** Sample-major, labels.length × classNames.length. */
  probabilities: number[];
  classNames: string[];
}

interface Pt {
  x: number;
  y: number;
}

/** One class against the rest. NaN marks a score that is undefined for this test split (see classCurve). */
interface ClassCurve {
  classIndex: number;
  auc: number;
  ap: number;
  /** Share of test samples in this class: the precision of a classifier that guesses, i.e. the PR chance line. */
  prevalence: number;
  roc: Pt[];
  pr: Pt[];
}

/** Enough points for a smooth line at any chart width; SVG with thousands of vertices per class makes slider drags stutter. */
const MAX_POINTS = 300;
const DEFAULT_LOWEST = 3;
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

/**
 * One-vs-rest ROC and precision–recall curves, per class, from the test probabilities. Two classes show the single
 * curve of class 1 (the positive class, sklearn's convention). With more, a checkbox list picks the classes drawn:
 * all of them up to 4 classes, else the 3 with the lowest AUC, since those are the ones worth a look. The headline
 * AUC is class 1's for two classes, else the macro average of the one-vs-rest AUCs over every class where it is
 * defined (a class absent from the test split, or the only one present, has none; sklearn would refuse to answer).
 */
export function RocPrCurves({ labels, probabilities, classNames }: Props) {
  const k = classNames.length;
  const valid = labels.length > 0 && k >= 2 && probabilities.length === labels.length * k;
  const curves = useMemo(
    () => (valid ? classNames.map((_, c) => classCurve(labels, probabilities, k, c)) : []),
    [valid, labels, probabilities, classNames, k],
  );
  const [picked, setPicked] = useState<number[] | null>(null);

  if (!valid) {
    return (
      <p className="muted">
        {labels.length === 0
          ? 'No test samples to draw curves from.'
          : 'Curves need at least two classes and one probability per class and sample.'}
      </p>
    );
  }

  const binary = k === 2;
  const shown = binary ? [1] : (picked ?? defaultClasses(curves)).filter((c) => c < k);
  const defined = curves.filter((c) => Number.isFinite(c.auc));
  const headline = binary ? curves[1].auc : defined.length ? defined.reduce((s, c) => s + c.auc, 0) / defined.length : NaN;
  const toggle = (c: number) => setPicked(shown.includes(c) ? shown.filter((x) => x !== c) : [...shown, c].sort((a, b) => a - b));
  const drawn = shown.map((c) => curves[c]);

  return (
    <div className="roc-pr">
      <p className="callout">
        {binary ? (
          <>
            ROC AUC ({classNames[1]} vs {classNames[0]}):{' '}
          </>
        ) : (
          <>
            Macro-average one-vs-rest ROC AUC
            {defined.length === k ? ` (all ${k} classes)` : ` (${defined.length} of ${k} classes; the rest have no AUC on this test split)`}
            :{' '}
          </>
        )}
        <Explained
          text={
            binary
              ? explainMetric('roc_auc', { value: headline, className: classNames[1] })
              : `${explainMetric('roc_auc', { value: headline })} This is the plain mean of each class's one-vs-rest AUC.`
          }
        >
          <strong data-testid="roc-auc" data-value={headline}>
            {fmt(headline)}
          </strong>
        </Explained>
      </p>
      <div className="roc-pr-charts">
        <CurveChart
          title="ROC (one-vs-rest)"
          xLabel="false-positive rate"
          yLabel="true-positive rate"
          curves={drawn}
          classNames={classNames}
          series="roc"
          summary={`ROC curves for ${describe(drawn, classNames, 'AUC', (c) => c.auc)}. The dashed diagonal is chance.`}
        />
        <CurveChart
          title="Precision–recall"
          xLabel="recall"
          yLabel="precision"
          curves={drawn}
          classNames={classNames}
          series="pr"
          summary={`Precision–recall curves for ${describe(drawn, classNames, 'average precision', (c) => c.ap)}. Dashed horizontal lines are each class's prevalence, the precision of guessing.`}
        />
      </div>
      <fieldset className="class-picker">
        <legend>{binary ? `Positive class: ${classNames[1]}` : 'Classes to plot (one vs rest)'}</legend>
        {!binary && (
          <div className="picker-buttons">
            <button type="button" onClick={() => setPicked(curves.map((c) => c.classIndex))}>
              All
            </button>
            <button type="button" onClick={() => setPicked(lowestAuc(curves))}>
              Lowest {DEFAULT_LOWEST} AUC
            </button>
            <button type="button" onClick={() => setPicked([])}>
              None
            </button>
          </div>
        )}
        <table className="report-table" data-testid="roc-pr-classes" onKeyDown={rovingKeyDown}>
          <thead>
            <tr>
              <th scope="col">class</th>
              <th scope="col">ROC AUC</th>
              <th scope="col">average precision</th>
              <th scope="col">prevalence</th>
            </tr>
          </thead>
          <tbody>
            {(binary ? [curves[1]] : curves).map((c, row) => (
              <tr key={c.classIndex} data-class={classNames[c.classIndex]} data-auc={c.auc} data-ap={c.ap}>
                <th scope="row">
                  <label className="field-check">
                    {!binary && <input type="checkbox" checked={shown.includes(c.classIndex)} onChange={() => toggle(c.classIndex)} />}
                    <span className="swatch" style={{ background: classColour(c.classIndex) }} aria-hidden="true" />
                    {classNames[c.classIndex]}
                  </label>
                </th>
                <td>
                  <Explained
                    tabIndex={row === 0 ? 0 : -1}
                    text={explainMetric('roc_auc', { value: c.auc, className: classNames[c.classIndex] })}
                  >
                    {fmt(c.auc)}
                  </Explained>
                </td>
                <td>
                  <Explained tabIndex={-1} text={explainMetric('average_precision', { value: c.ap, className: classNames[c.classIndex] })}>
                    {fmt(c.ap)}
                  </Explained>
                </td>
                <td>
                  <Explained
                    tabIndex={-1}
                    text={`Prevalence of '${classNames[c.classIndex]}' is ${fmt(c.prevalence)}: its share of the test set, and the precision a model that guesses at random would get (the dashed line on the precision–recall chart).`}
                  >
                    {fmt(c.prevalence)}
                  </Explained>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
    </div>
  );
}

const CurveChart = memo(function CurveChart(props: {
  title: string;
  xLabel: string;
  yLabel: string;
  curves: ClassCurve[];
  classNames: string[];
  series: 'roc' | 'pr';
  summary: string;
}) {
  const { title, xLabel, yLabel, curves, classNames, series, summary } = props;
  return (
    <figure className="chart" data-testid={`chart-${series}`}>
      <figcaption>
        <span data-png-title="">{title}</span> <PngButton name={series === 'roc' ? 'roc' : 'precision-recall'} title={title} />
      </figcaption>
      <div className="chart-box" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              dataKey="x"
              type="number"
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              tick={{ fill: 'var(--fg)' }}
              tickMargin={6}
              label={{ value: xLabel, position: 'insideBottom', offset: -16, fill: 'var(--fg)' }}
            />
            <YAxis
              dataKey="y"
              type="number"
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              tick={{ fill: 'var(--fg)' }}
              width={66}
              label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 0, fill: 'var(--fg)', style: { textAnchor: 'middle' } }}
            />
            {series === 'roc' && (
              <Line
                data={CHANCE_DIAGONAL}
                dataKey="y"
                name="chance"
                stroke="var(--muted)"
                strokeWidth={1.5}
                strokeDasharray="6 4"
                dot={false}
                isAnimationActive={false}
                legendType="none"
              />
            )}
            {series === 'pr' &&
              curves.map((c) => (
                <ReferenceLine
                  key={`prev-${c.classIndex}`}
                  y={c.prevalence}
                  stroke={classColour(c.classIndex)}
                  strokeWidth={1.5}
                  strokeDasharray="6 4"
                  ifOverflow="extendDomain"
                />
              ))}
            {curves.map((c) => (
              <Line
                key={c.classIndex}
                data={series === 'roc' ? c.roc : c.pr}
                dataKey="y"
                name={classNames[c.classIndex]}
                type={series === 'roc' ? 'linear' : 'stepBefore'}
                stroke={classColour(c.classIndex)}
                // Okabe–Ito has 8 colours: from the 9th class on, a dash pattern tells repeats apart.
                strokeDasharray={c.classIndex >= 8 ? '10 4' : undefined}
                strokeWidth={3}
                dot={false}
                isAnimationActive={false}
              />
            ))}
            {curves.length > 0 && (
              <Legend verticalAlign="top" formatter={(value: unknown) => <span style={{ color: 'var(--fg)' }}>{String(value)}</span>} />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

const CHANCE_DIAGONAL: Pt[] = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];

function describe(curves: ClassCurve[], classNames: string[], what: string, value: (c: ClassCurve) => number): string {
  if (curves.length === 0) return 'no classes (none selected)';
  return curves.map((c) => `${classNames[c.classIndex]} (${what} ${fmt(value(c))})`).join(', ');
}

function classCurve(labels: number[], probabilities: number[], k: number, c: number): ClassCurve {
  const n = labels.length;
  const yTrue = labels.map((l) => (l === c ? 1 : 0));
  const scores = labels.map((_, i) => probabilities[i * k + c]);
  const positives = yTrue.reduce<number>((s, v) => s + v, 0);
  const base = { classIndex: c, prevalence: positives / n };
  // No positives: recall is undefined, so neither curve nor AP means anything (sklearn's AP of 0 would read as "awful").
  if (positives === 0) return { ...base, auc: NaN, ap: NaN, roc: [], pr: [] };
  const pr = precisionRecallCurve(yTrue, scores);
  // Ascending recall, so a stepBefore line draws each recall gain at the precision reached there (the AP integral).
  const prPoints = pr.recall.map((r, i) => ({ x: r, y: pr.precision[i] })).reverse();
  const ap = averagePrecision(yTrue, scores);
  // Every sample in this class: no negatives, so no false-positive rate and no ROC.
  if (positives === n) return { ...base, auc: NaN, ap, roc: [], pr: downsample(prPoints) };
  const roc = rocCurve(yTrue, scores);
  return {
    ...base,
    auc: rocAuc(yTrue, scores),
    ap,
    roc: downsample(roc.fpr.map((x, i) => ({ x, y: roc.tpr[i] }))),
    pr: downsample(prPoints),
  };
}

function lowestAuc(curves: ClassCurve[]): number[] {
  return curves
    .filter((c) => Number.isFinite(c.auc))
    .sort((a, b) => a.auc - b.auc || a.classIndex - b.classIndex)
    .slice(0, DEFAULT_LOWEST)
    .map((c) => c.classIndex)
    .sort((a, b) => a - b);
}

function defaultClasses(curves: ClassCurve[]): number[] {
  return curves.length <= 4 ? curves.map((c) => c.classIndex) : lowestAuc(curves);
}

/**
 * Largest-triangle-three-buckets: keeps the first and last points and, from each of MAX_POINTS − 2 buckets in
 * between, the point that spans the largest triangle with the previous pick and the next bucket's mean. Unlike
 * taking every n-th point, it keeps the corners that give ROC and PR curves their shape.
 */
function downsample(points: Pt[], max = MAX_POINTS): Pt[] {
  const n = points.length;
  if (n <= max) return points;
  const out: Pt[] = [points[0]];
  const size = (n - 2) / (max - 2);
  let prev = points[0];
  for (let b = 0; b < max - 2; b++) {
    const start = Math.floor(b * size) + 1;
    const end = Math.min(Math.floor((b + 1) * size) + 1, n - 1);
    const nextEnd = Math.min(Math.floor((b + 2) * size) + 1, n);
    let mx = 0;
    let my = 0;
    for (let i = end; i < nextEnd; i++) {
      mx += points[i].x;
      my += points[i].y;
    }
    mx /= nextEnd - end;
    my /= nextEnd - end;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((prev.x - mx) * (points[i].y - prev.y) - (prev.x - points[i].x) * (my - prev.y));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.push(points[best]);
    prev = points[best];
  }
  out.push(points[n - 1]);
  return out;
}
