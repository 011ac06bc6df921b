import { backendLabel, describeChoice, type BackendChoice } from '../../core/backends/choice';
import { isRegressionDataset } from '../../core/preset/schema';
import { evaluateSavedModel, startRun, stopRun } from '../../store/actions';
import { useLab } from '../../store/lab';
import { trainRefusalText } from '../../store/settings-gate';
import { useUploads } from '../../store/uploads';
import { PlaybackControls } from './PlaybackControls';

const PHASE_TEXT = {
  starting: 'Starting the backend…',
  loading: 'Loading data and building the model…',
  training: 'Training…',
  evaluating: 'Evaluating on the test split…',
} as const;

/** Each measured backend's throughput, for the tooltip of the choice line. */
function timingsTitle(c: BackendChoice): string {
  if (!c.timings.length) return '';
  return c.timings
    .map((t) => {
      if (t.error) return `${backendLabel(t.backend)}: ${t.error}`;
      const how = t.estimated ? 'estimated from a matrix-multiply probe' : `first step ${Math.round(t.warmupMs)} ms`;
      return `${backendLabel(t.backend)}: ${Math.round(t.samplesPerSec)} samples/s (${how})`;
    })
    .join('\n');
}

/** Train / Stop, pause / step / pace / replay, the run's state, the active backend and progress. */
export function RunControls() {
  const run = useLab((s) => s.run);
  const experimenting = useLab((s) => s.experiment.status === 'training');
  useUploads((u) => u.finished); // a new table or image set can change the refusals (its class count)
  // A string, so a store change that leaves it equal re-renders nothing (a new array would, on every batch).
  const refusalText = useLab((s) => trainRefusalText(s.settings));
  const refusals = refusalText ? refusalText.split('\n') : [];
  const lastMemory = run.memory.at(-1);
  const regression = run.task ? run.task === 'regression' : run.settings !== null && isRegressionDataset(run.settings.dataset);
  const epochs = run.settings?.epochs ?? useLab.getState().settings.epochs;
  const training = run.status === 'training';
  const done = run.history.length;
  const lastEpoch = run.history[done - 1];
  const seconds = run.startedAt ? ((run.endedAt ?? Date.now()) - run.startedAt) / 1000 : 0;
  const statusText =
    run.status === 'training'
      ? run.paused
        ? 'Paused'
        : ((run.phase && PHASE_TEXT[run.phase]) ?? 'Training…')
      : { idle: 'Ready', done: 'Done', stopped: 'Stopped', error: 'Failed', interrupted: 'Interrupted' }[run.status];
  // 'paused' only once the trainer really holds, so epochs shown while it says paused no longer change.
  const state = run.status === 'training' && run.paused ? 'paused' : run.status;

  return (
    <div className="run-controls">
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="train-start"
          onClick={() => startRun()}
          disabled={training || experimenting || refusals.length > 0}
          aria-describedby={refusals.length ? 'train-refused' : undefined}
          title={
            experimenting
              ? 'An experiment is using the trainer: stop it or wait for it to end.'
              : refusals.length
                ? refusals.join(' ')
                : undefined
          }
        >
          ▶ Train
        </button>
        <button type="button" data-testid="train-stop" onClick={stopRun} disabled={!training}>
          ■ Stop
        </button>
        <label
          htmlFor="model-upload"
          className="button-like"
          title="Evaluate a model saved from Fitlab (its model.json and .bin) on this test split, without training."
        >
          Evaluate a saved model…
        </label>
        <input
          id="model-upload"
          data-testid="model-upload"
          aria-label="Evaluate a saved model: choose its model.json and .bin files"
          className="sr-only"
          type="file"
          multiple
          accept=".json,.bin"
          disabled={training || experimenting}
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length) evaluateSavedModel(files);
          }}
        />
      </div>
      {refusals.length > 0 && !training && (
        <p className="field-error" id="train-refused" data-testid="train-refused">
          Train is off until this is fixed: {refusals.join(' ')}
        </p>
      )}
      <PlaybackControls />
      <div
        className="run-status"
        data-testid="run-status"
        data-state={state}
        data-run={run.id ?? undefined}
        role="status"
        aria-live="polite"
      >
        <span className={`dot dot-${state}`} aria-hidden="true" />
        {/* Takes the row's free width and cuts its end rather than wrapping: the panel's rows, and so the
            charts below it, keep their height as the words change. */}
        <span className="run-status-text">
          {statusText}
          {run.status !== 'idle' && (
            <span className="muted">
              {' '}
              · epoch {done}/{epochs}
              {run.status !== 'training' && seconds ? ` · ${seconds.toFixed(1)} s` : ''}
            </span>
          )}
        </span>
      </div>
      <progress max={epochs} value={done} aria-label="Epochs completed" />
      <div className="backend">
        Backend: <strong data-testid="backend">{run.backend ?? '—'}</strong>
        {run.backendChoice && (
          <span
            className="muted"
            data-testid="backend-choice"
            data-reason={run.backendChoice.reason}
            title={timingsTitle(run.backendChoice)}
          >
            {' '}
            · {describeChoice(run.backendChoice)}
          </span>
        )}
        {run.counts && (
          <span className="muted">
            {' '}
            · train {run.counts.train} · val {run.counts.val} · test {run.counts.test}
          </span>
        )}
      </div>
      {/* Both readouts hold their place from the first screen, dashes until a run fills them: the charts below
          keep their size when the first epoch lands (a resized chart is a full recharts redraw). */}
      {lastMemory ? (
        <div
          className="muted tensor-memory"
          data-testid="tensor-memory"
          data-first-tensors={run.memory[0].tensors}
          data-tensors={lastMemory.tensors}
          data-bytes={lastMemory.bytes}
          title="Tensors the backend holds after each epoch: flat from epoch to epoch, or something leaks."
        >
          Backend memory: {lastMemory.tensors} tensors, {(lastMemory.bytes / 1e6).toFixed(1)} MB
        </div>
      ) : (
        <div className="muted tensor-memory">Backend memory: –– tensors, –.– MB</div>
      )}
      {lastEpoch ? (
        <div className="last-epoch muted" data-testid="last-epoch">
          loss {lastEpoch.loss.toFixed(3)} · val_loss {lastEpoch.val_loss.toFixed(3)} ·{' '}
          {regression
            ? `R² ${lastEpoch.acc.toFixed(3)} · val R² ${lastEpoch.val_acc.toFixed(3)}`
            : `acc ${(lastEpoch.acc * 100).toFixed(1)}% · val_acc ${(lastEpoch.val_acc * 100).toFixed(1)}%`}
        </div>
      ) : (
        <div className="last-epoch muted">
          loss –.––– · val_loss –.––– · {regression ? 'R² –.––– · val R² –.–––' : 'acc ––.–% · val_acc ––.–%'}
        </div>
      )}
    </div>
  );
}
