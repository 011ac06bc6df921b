import { useLab } from '../../store/lab';
import { Panel } from '../common/Panel';
import { ConfusionMatrix } from './ConfusionMatrix';

/** Held-out test results: shown once a run ends (done or stopped); the test split never trained anything. */
export function EvaluationPanel() {
  const test = useLab((s) => s.run.test);
  return (
    <Panel title="Held-out test">
      {!test ? (
        <p className="muted">Train a model: when the run ends it is evaluated on the test split, which training never sees.</p>
      ) : (
        <>
          <div className="big-numbers">
            <div>
              <span className="big" data-testid="test-accuracy" data-value={test.accuracy}>
                {(test.accuracy * 100).toFixed(1)}%
              </span>
              <span className="muted">test accuracy</span>
            </div>
            <div>
              <span className="big" data-testid="test-loss" data-value={test.loss}>
                {test.loss.toFixed(3)}
              </span>
              <span className="muted">test loss ({test.count} samples)</span>
            </div>
          </div>
          <ConfusionMatrix matrix={test.confusionMatrix} classNames={test.classNames} />
        </>
      )}
    </Panel>
  );
}
