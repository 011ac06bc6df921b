import { lazy, Suspense, useDeferredValue } from 'react';
import { setView } from '../../store/view';
import { useLab } from '../../store/lab';
import { explainMetric } from '../../core/teach/explain';
import { selectCell } from '../../store/analyses';
import { Panel } from '../common/Panel';
import { Explained } from '../teach/Tip';
import { ConfusionMatrix } from './ConfusionMatrix';

// Its charts (recharts) load with the first regression result, not with the page.
const RegressionViews = lazy(() => import('./RegressionViews').then((m) => ({ default: m.RegressionViews })));

/** A cell's test examples, in the Evaluate view. One function for the page, so the memoised cells keep their props. */
function openCellInEvaluate(row: number, col: number): void {
  selectCell({ row, col });
  setView('evaluate');
}

/** Held-out test results: shown once a run ends (done or stopped); the test split never trained anything. */
export function EvaluationPanel() {
  const test = useLab((s) => s.run.test);
  const selected = useLab((s) => s.view.selectedCell);
  // The matrix (a hundred cells and more) renders at transition priority, in slices React can interrupt: the
  // numbers come with the run's end, the matrix a frame or two later, and no single task draws both.
  const matrixOf = useDeferredValue(test);
  const matrixPending = matrixOf !== test;
  return (
    <Panel title="Held-out test" className="heldout-card">
      {!test ? (
        <p className="muted" data-testid="heldout-empty">
          When the run ends, the model is scored here on the test split, which training never sees.
        </p>
      ) : test.task === 'regression' ? (
        <Suspense fallback={<p className="muted">Loading the result…</p>}>
          <RegressionViews result={test} />
        </Suspense>
      ) : (
        <>
          <div className="big-numbers">
            <div>
              <Explained
                text={explainMetric('accuracy', {
                  value: test.accuracy,
                  correct: test.confusionMatrix.reduce((s, row, i) => s + (row[i] ?? 0), 0),
                  total: test.count,
                  classes: test.classNames.length,
                })}
              >
                <span className="big" data-testid="test-accuracy" data-value={test.accuracy}>
                  {(test.accuracy * 100).toFixed(1)}%
                </span>
              </Explained>
              <span className="muted">test accuracy</span>
            </div>
            <div>
              <Explained
                text={`Test loss is ${test.loss.toFixed(3)}: the same cross-entropy as the training curves, on the ${test.count} test samples the model never saw. Lower is better.`}
              >
                <span className="big" data-testid="test-loss" data-value={test.loss}>
                  {test.loss.toFixed(3)}
                </span>
              </Explained>
              <span className="muted">test loss ({test.count} samples)</span>
            </div>
          </div>
          {/* `data-pending` while the matrix has yet to catch up with the result (browser tests wait for it). */}
          <div className="heldout-matrix" data-testid="heldout-matrix" data-pending={matrixPending || undefined}>
            {matrixOf?.task === 'classification' && (
              <ConfusionMatrix
                matrix={matrixOf.confusionMatrix}
                classNames={matrixOf.classNames}
                selected={selected}
                onCellClick={openCellInEvaluate}
              />
            )}
          </div>
          <p className="muted cm-hint">Click a cell to see its test examples (in Evaluate).</p>
        </>
      )}
    </Panel>
  );
}
