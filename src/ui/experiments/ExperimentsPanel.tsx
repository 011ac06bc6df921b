import { useLab } from '../../store/lab';
import { Panel } from '../common/Panel';
import { usePreviewData } from '../setup/usePreviewData';
import { CrossValidation } from './CrossValidation';
import { Search } from './Search';
import './experiments.css';

/** Experiments on the training pool with the current settings: cross-validation and hyperparameter search. */
export function ExperimentsPanel() {
  const { preview } = usePreviewData();
  const pool = preview ? preview.splits.train.length + preview.splits.val.length : null;
  const status = useLab((s) => s.experiment.status);
  const kind = useLab((s) => s.experiment.spec?.kind ?? '');
  return (
    <Panel title="Experiments (validation only — the test split stays unseen)">
      <p className="muted" data-testid="experiment-status" data-state={status} data-kind={kind} aria-live="polite">
        {status === 'training'
          ? `Running ${kind === 'cv' ? 'cross-validation' : 'a search'}…`
          : status === 'idle'
            ? ''
            : `Last experiment: ${status}.`}
      </p>
      <div className="eval-grid">
        <CrossValidation poolSize={pool} />
        <Search />
      </div>
    </Panel>
  );
}
