import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { headlineScore, type RunRecord } from '../../core/history/record';
import { loadQuery } from '../../store/actions';
import {
  clearSelection,
  deleteRun,
  dismissHistoryMessage,
  exportRuns,
  importRunsText,
  renameRun,
  toggleSelected,
  useHistory,
} from '../../store/history';
import { useLab } from '../../store/lab';
import { startReplay } from '../../store/replay';
import { saveFile } from '../common/download';
import { Panel } from '../common/Panel';
import { CompareView } from './CompareView';
import './compare.css';
import { fmtNum, formatDuration, runLetter } from './format';

/** Every finished run (kept across reloads), with rename, delete, export, import and picking runs to compare. */
export function HistoryPanel() {
  const runs = useHistory((s) => s.runs);
  const selected = useHistory((s) => s.selected);
  const loaded = useHistory((s) => s.loaded);
  const message = useHistory((s) => s.message);
  const fileInput = useRef<HTMLInputElement>(null);

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be picked again
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      useHistory.setState({ message: { kind: 'error', text: `The file could not be read: ${err instanceof Error ? err.message : String(err)}` } });
      return;
    }
    await importRunsText(text);
  };

  const save = (ids?: string[]) => {
    const file = exportRuns(ids);
    if (file) saveFile(file.name, file.text, 'application/json');
  };

  const chosen = selected.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => !!r);

  return (
    <Panel title="Run history" className="run-history-panel">
      <div className="history-actions">
        <button type="button" data-testid="history-import-button" onClick={() => fileInput.current?.click()}>
          Import runs…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="sr-only"
          tabIndex={-1}
          aria-label="Import a runs file"
          data-testid="history-import"
          onChange={onImport}
        />
        <button type="button" data-testid="history-export-all" onClick={() => save()} disabled={!runs.length}>
          Export all
        </button>
        {selected.length > 0 && (
          <button type="button" onClick={clearSelection}>
            Clear selection
          </button>
        )}
        <span className="muted">
          {selected.length < 2 ? 'Tick two or more runs to compare them.' : `Comparing ${selected.length} runs; the first ticked (A) is the baseline.`}
        </span>
      </div>
      {message && (
        <div className={`notice ${message.kind === 'error' ? 'notice-error' : ''}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="history-message" data-kind={message.kind}>
          {message.text}{' '}
          <button type="button" onClick={dismissHistoryMessage} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <div className="history-scroll">
        <table className="history-table" data-testid="run-history" data-count={runs.length} data-loaded={loaded}>
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Name</th>
              <th scope="col">Dataset</th>
              <th scope="col">Model</th>
              <th scope="col">Test score</th>
              <th scope="col">Epochs</th>
              <th scope="col">Duration</th>
              <th scope="col">Backend</th>
              <th scope="col">Date</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <RunRow key={r.id} run={r} position={selected.indexOf(r.id)} onExport={() => save([r.id])} />
            ))}
          </tbody>
        </table>
        {loaded && !runs.length && <p className="muted">No runs yet: each run is kept here when it ends.</p>}
      </div>
      {chosen.length >= 2 && <CompareView runs={chosen} />}
    </Panel>
  );
}

function RunRow({ run, position, onExport }: { run: RunRecord; position: number; onExport: () => void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(run.name);
  const [confirming, setConfirming] = useState(false);
  const score = headlineScore(run);
  const training = useLab((l) => l.run.status === 'training');
  const s = run.settings;
  const epochs = run.history.length;

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

  return (
    <tr data-run-id={run.id} data-status={run.status} className={position >= 0 ? 'selected' : undefined}>
      <td>
        <label className="select-run">
          <input type="checkbox" data-testid="run-select" checked={position >= 0} onChange={() => toggleSelected(run.id)} aria-label={`Compare ${run.name}`} />
          {position >= 0 && <span className="run-letter">{runLetter(position)}</span>}
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
          <span data-testid="run-name" title={run.error ?? undefined}>
            {run.name}
            {run.status !== 'done' && <span className="muted"> ({run.status})</span>}
          </span>
        )}
      </td>
      <td data-testid="run-dataset">{s.dataset}</td>
      <td>{s.model === 'cnn' ? 'CNN' : `MLP ${s.hidden.join('-') || 'linear'}`}</td>
      <td data-testid="run-score" data-value={score?.value}>
        {score ? (score.label === 'R²' ? `R² ${fmtNum(score.value, 3)}` : Number.isFinite(score.value) ? `${(score.value * 100).toFixed(1)}%` : '–') : '–'}
      </td>
      <td data-testid="run-epochs">
        {epochs}
        {epochs !== s.epochs ? ` / ${s.epochs}` : ''}
      </td>
      <td>{run.durationMs == null ? '–' : formatDuration(run.durationMs)}</td>
      <td>{run.backend ?? '–'}</td>
      <td>
        <time dateTime={run.createdAt}>{new Date(run.createdAt).toLocaleString()}</time>
      </td>
      <td className="run-actions">
        <button type="button" data-testid="run-open" onClick={() => loadQuery(run.query)} title={run.query ? `?${run.query}` : 'default settings'}>
          Load settings
        </button>
        <button
          type="button"
          data-testid="run-replay"
          onClick={() => {
            startReplay(run.id);
            document.getElementById('training')?.scrollIntoView({ block: 'start' });
          }}
          disabled={training || epochs === 0}
          title="Play this run's curves and validation matrices back epoch by epoch in the training panel (no training)"
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
        <button type="button" data-testid="run-export" onClick={onExport}>
          Export
        </button>
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
}
