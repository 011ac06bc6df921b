import { memo, useMemo } from 'react';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis, ZAxis } from 'recharts';
import type { RegressionTestResult } from '../../core/train/test-result';
import { OKABE_ITO } from '../common/palette';

/** Points drawn per chart: enough to read the fit, few enough that SVG stays quick. */
const MAX_POINTS = 800;
const fmt = (v: number) => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3));
const tick = (v: number) => (Math.abs(v) < 1e-9 ? '0' : v.toFixed(2));

/** A range padded out to quarter steps, with five evenly spaced ticks: both axes of the scatter share it. */
function niceRange(min: number, max: number): { lo: number; hi: number; ticks: number[] } {
  const lo = Math.floor(min * 4) / 4;
  const hi = Math.max(lo + 0.25, Math.ceil(max * 4) / 4);
  return { lo, hi, ticks: Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4) };
}

const MARGIN = { top: 8, right: 16, bottom: 24, left: 0 };

/**
 * The frame every scatter here shares: grid, two number axes named by their data keys (x labelled below),
 * and one dot size. An array of keyed elements, so recharts sees them as the chart's own children.
 */
function scatterFrame(x: string, y: string, range?: { lo: number; hi: number; ticks: number[] }) {
  const scale = range ? { domain: [range.lo, range.hi], ticks: range.ticks } : { domain: ['auto', 'auto'] };
  return [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke="var(--grid)" />,
    <XAxis
      key="x"
      tickMargin={8}
      type="number"
      dataKey={x}
      name={x}
      {...scale}
      tickFormatter={tick}
      tick={{ fill: 'var(--fg)' }}
      label={{ value: x, position: 'insideBottom', offset: -16, fill: 'var(--fg)' }}
    />,
    <YAxis key="y" type="number" dataKey={y} name={y} {...scale} tickFormatter={tick} tick={{ fill: 'var(--fg)' }} width={60} />,
    <ZAxis key="z" range={[18, 18]} />,
  ];
}

/** Held-out regression: MAE, MSE, RMSE and R², predicted vs actual, and residuals vs prediction. */
export const RegressionViews = memo(function RegressionViews({ result }: { result: RegressionTestResult }) {
  const { metrics } = result;
  const points = useMemo(() => {
    const step = Math.max(1, Math.ceil(result.count / MAX_POINTS));
    const out: { x: number; actual: number; predicted: number; residual: number }[] = [];
    for (let i = 0; i < result.count; i += step) {
      const actual = result.targets[i];
      const predicted = result.predictions[i];
      out.push({ x: result.inputs[i]?.[0] ?? NaN, actual, predicted, residual: actual - predicted });
    }
    return out;
  }, [result]);
  const { lo, hi, ticks } = useMemo(() => {
    let min = Infinity;
    let max = -Infinity;
    for (const p of points) {
      min = Math.min(min, p.actual, p.predicted);
      max = Math.max(max, p.actual, p.predicted);
    }
    return niceRange(min, max);
  }, [points]);
  return (
    <div className="regression">
      <div className="big-numbers wrap">
        <Metric testId="test-r2" label="R² (test)" value={metrics.r2} />
        <Metric testId="test-mae" label="MAE" value={metrics.mae} />
        <Metric testId="test-rmse" label="RMSE" value={metrics.rmse} />
        <Metric testId="test-mse" label="MSE" value={metrics.mse} />
      </div>
      <figure className="chart" data-testid="regression-scatter">
        <figcaption>Predicted vs actual ({result.count} test samples): on the diagonal is perfect</figcaption>
        <div className="chart-box" role="img" aria-label={`Predicted against actual values; R² ${metrics.r2.toFixed(3)}.`}>
          <ResponsiveContainer width="100%" height={260}>
            <ScatterChart margin={MARGIN}>
              {scatterFrame('actual', 'predicted', { lo, hi, ticks })}
              <ReferenceLine
                segment={[
                  { x: lo, y: lo },
                  { x: hi, y: hi },
                ]}
                stroke="var(--fg)"
                strokeDasharray="5 4"
                ifOverflow="hidden"
              />
              <Scatter data={points} fill={OKABE_ITO[0]} isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      </figure>
      {result.inputs[0]?.length === 1 && <FitOverInput points={points} />}
      <figure className="chart" data-testid="residual-plot">
        <figcaption>Residuals (actual − predicted) vs predicted: a pattern means the model misses structure</figcaption>
        <div className="chart-box" role="img" aria-label={`Residuals against predictions; RMSE ${metrics.rmse.toFixed(3)}.`}>
          <ResponsiveContainer width="100%" height={200}>
            <ScatterChart margin={MARGIN}>
              {scatterFrame('predicted', 'residual')}
              <ReferenceLine y={0} stroke="var(--fg)" strokeDasharray="5 4" />
              <Scatter data={points} fill={OKABE_ITO[5]} isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
});

/** 1-D inputs: the data and the model's curve over x, the view a student expects of a fitted function. */
function FitOverInput({ points }: { points: { x: number; actual: number; predicted: number }[] }) {
  const fitted = [...points].sort((a, b) => a.x - b.x);
  return (
    <figure className="chart" data-testid="regression-fit">
      <figcaption>Fit over the input: test targets (dots) and the model’s predictions (line)</figcaption>
      <div className="chart-box" role="img" aria-label="Test targets and model predictions against the input x.">
        <ResponsiveContainer width="100%" height={220}>
          <ScatterChart margin={MARGIN}>
            {scatterFrame('x', 'y')}
            <Scatter name="target" data={fitted.map((p) => ({ x: p.x, y: p.actual }))} fill={OKABE_ITO[0]} isAnimationActive={false} />
            <Scatter
              name="prediction"
              data={fitted.map((p) => ({ x: p.x, y: p.predicted }))}
              fill="none"
              line={{ stroke: OKABE_ITO[5], strokeWidth: 3 }}
              shape={() => <g />}
              isAnimationActive={false}
            />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function Metric({ testId, label, value }: { testId: string; label: string; value: number }) {
  return (
    <div>
      <span className="big" data-testid={testId} data-value={value}>
        {fmt(value)}
      </span>
      <span className="muted">{label}</span>
    </div>
  );
}
