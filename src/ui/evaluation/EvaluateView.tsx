import { useLab } from '../../store/lab';
import { ViewLink } from '../layout/ViewLink';
import { Panel } from '../common/Panel';
import { TrainingDetailCurves } from '../training/DetailCurves';
import { EvaluationDetails } from './EvaluationDetails';
import { RegressionViews } from './RegressionViews';
import { WhatIfPanel } from './WhatIfPanel';

/**
 * The Evaluate view: everything past the lab's headline numbers. Classification gets the in-depth tabs,
 * regression its fit plots; both get the run in finer grain (per-batch loss, learning rate).
 */
export function EvaluateView() {
  const test = useLab((s) => s.run.test);
  const trained = useLab((s) => s.run.history.length > 0 || s.run.status === 'training');
  return (
    <div className="evaluate-view">
      {!test && (
        <p className="notice" data-testid="evaluate-empty">
          Nothing to evaluate yet: train a model in the <ViewLink view="lab">lab</ViewLink>. When its run ends, this view shows it on the
          held-out test split in depth.
        </p>
      )}
      {test?.task === 'regression' && (
        <Panel title="Held-out test: the fit">
          <RegressionViews result={test} />
        </Panel>
      )}
      <WhatIfPanel />
      <EvaluationDetails />
      {trained && (
        <Panel title="Training in detail">
          <TrainingDetailCurves />
        </Panel>
      )}
    </div>
  );
}
