import { memo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { RunSummary } from '../../core/history/summary';
import { loadQuery } from '../../store/actions';
import { deleteRun, renameRun } from '../../store/history';
import { useLab } from '../../store/lab';
import { startHistoryReplay } from '../../store/replay';
import { setView } from '../../store/view';
import { PytorchExportButton } from '../export/PytorchExportButton';
import { KeptWeightsActions } from '../history/KeptWeightsActions';
import { fmtNum, formatDuration, runLetter } from './format';

/** Row height in px: fixed, so the list can be windowed (see useWindowedRows). */
export const ROW_HEIGHT = 36;

interface RunRowProps {
  run: RunSummary;
  /** 1-based row number among the rows shown (for aria-rowindex). */
  index: number;
  /** Position among the ticked runs, −1 when not ticked. */
  position: number;
  /** Whether this tick can compare (2 … MAX_COMPARE ticked): shows the run's letter. */
  comparing: boolean;
  onTick: (id: string, shift: boolean) => void;
  onExport: (id: string) => void;
}

/** One stored run: tick, name (rename), what it trained, its score, and its actions. */
export const RunRow = memo(function RunRow({ run, index, position, comparing, onTick, onExport }: RunRowProps) {
  const training = useLab((l) => l.run.status === 'training');
  // Only the run whose model the trainer still holds can go to PyTorch (runs cut short keep weights, not splits).
  const live = useLab((l) => l.run.id === run.id && !!l.run.test);
  const [torchStatus, setTorchStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(run.name);
  const [confirming, setConfirming] = useState(false);
  const score = run.score;

  const commit = () => {
    setEditing(false);
    void renameRun(run.id, draft);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') {
      setDraft(run.name);
      setEditing(false);
    }
  };
  // Shift-click ticks a range; the click, not the change event, knows about Shift.
  const onClick = (e: MouseEvent<HTMLInputElement>) => onTick(run.id, e.shiftKey);

  return (
    <tr data-run-id={run.id} data-status={run.status} aria-rowindex={index + 1} className={`run-row${position >= 0 ? ' selected' : ''}`}>
      <td>
        <label className="select-run">
          <input
            type="checkbox"
            data-testid="run-select"
            checked={position >= 0}
            onChange={() => undefined}
            onClick={onClick}
            aria-label={`Select ${run.name}`}
          />
          {position >= 0 && comparing && <span className="run-letter">{runLetter(position)}</span>}
        </label>
      </td>
      <td className="run-name-cell">
        {editing ? (
          <input
            type="text"
            data-testid="run-name-input"
            value={draft}
            maxLength={200}
            autoFocus
            aria-label="Run name"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
            onBlur={commit}
          />
        ) : (
          <span data-testid="run-name" title={run.error ?? run.name}>
            {run.name}
            {run.status !== 'done' && <span className="muted"> ({run.status})</span>}
          </span>
        )}
      </td>
      <td data-testid="run-dataset">{run.dataset}</td>
      <td>{run.model}</td>
      <td data-testid="run-score" data-value={score?.value}>
        {score
          ? score.label === 'R²'
            ? `R² ${fmtNum(score.value, 3)}`
            : Number.isFinite(score.value)
              ? `${(score.value * 100).toFixed(1)}%`
              : '–'
          : '–'}
      </td>
      <td data-testid="run-epochs">
        {run.epochs}
        {run.epochs !== run.plannedEpochs ? ` / ${run.plannedEpochs}` : ''}
      </td>
      <td>{run.durationMs == null ? '–' : formatDuration(run.durationMs)}</td>
      <td>{run.backend ?? '–'}</td>
      <td>
        <time dateTime={run.createdAt}>{new Date(run.createdAt).toLocaleString()}</time>
      </td>
      <td className="run-actions">
        {/* Both take the user to the lab, where the loaded settings train and the replay plays. */}
        <button
          type="button"
          data-testid="run-open"
          onClick={() => {
            loadQuery(run.query);
            setView('lab');
          }}
          title={run.query ? `?${run.query}` : 'default settings'}
        >
          Load settings
        </button>
        <button
          type="button"
          data-testid="run-replay"
          disabled={training || run.epochs === 0}
          onClick={() => void startHistoryReplay(run.id).then((started) => started && setView('lab'))}
          title="Play this run's curves and validation matrices back epoch by epoch in the lab (no training)"
        >
          Replay
        </button>
        <button
          type="button"
          data-testid="run-rename"
          onClick={() => {
            setDraft(run.name);
            setEditing(true);
          }}
        >
          Rename
        </button>
        <button type="button" data-testid="run-export" onClick={() => onExport(run.id)}>
          Export
        </button>
        <KeptWeightsActions run={run} />
        {live && (
          <>
            <PytorchExportButton testId="run-export-pytorch" label="PyTorch" onStatus={setTorchStatus} />
            <span className="sr-only" role="status">
              {torchStatus}
            </span>
          </>
        )}
        {confirming ? (
          <>
            <button type="button" data-testid="run-delete-confirm" className="danger" onClick={() => void deleteRun(run.id)}>
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" data-testid="run-delete" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
});
