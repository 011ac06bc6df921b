import { useRef, useState, type ChangeEvent } from 'react';
import { HISTORY_LIMITS, fmtCount, fmtMegabytes } from '../../core/history/bounds';
import { MAX_KEPT_RUNS, clearSelection, deleteAllRuns, deleteOldestOverLimit, deleteSelected, useHistory } from '../../store/history';
import { answerDrop, cancelImport, importRunsFile } from '../../store/history-transfer';

const PHASE_LABEL = { reading: 'Reading the file', checking: 'Checking runs', saving: 'Saving runs', undoing: 'Undoing' } as const;

/** Import, export and delete for the whole history or the ticked runs; destructive ones confirm inline. */
export function HistoryActions({ total, onExport }: { total: number; onExport: (ids?: string[]) => void }) {
  const selected = useHistory((s) => s.selected);
  const importing = useHistory((s) => s.importing);
  const fileInput = useRef<HTMLInputElement>(null);
  const [confirm, setConfirm] = useState<'all' | 'selected' | null>(null);

  const onImport = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be picked again
    if (file) importRunsFile(file);
  };
  const n = selected.length;

  return (
    <>
      <div className="history-actions">
        <button type="button" data-testid="history-import-button" onClick={() => fileInput.current?.click()} disabled={!!importing}>
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
        <button type="button" data-testid="history-export-all" onClick={() => onExport()} disabled={!total}>
          Export all
        </button>
        {n > 0 && (
          <>
            <button type="button" data-testid="history-export-selected" onClick={() => onExport(selected)}>
              Export {fmtCount(n)} selected
            </button>
            <button type="button" data-testid="history-delete-selected" onClick={() => setConfirm('selected')} disabled={!!importing}>
              Delete {fmtCount(n)} selected
            </button>
            <button type="button" onClick={clearSelection}>
              Clear selection
            </button>
          </>
        )}
        <button type="button" data-testid="history-delete-all" onClick={() => setConfirm('all')} disabled={!total || !!importing}>
          Delete all
        </button>
      </div>
      {confirm && (
        <div className="notice notice-warn history-confirm" role="alertdialog" aria-label="Confirm delete" data-testid="history-confirm">
          {confirm === 'all'
            ? `Delete all ${fmtCount(total)} runs for good?`
            : `Delete the ${fmtCount(n)} selected run${n === 1 ? '' : 's'} for good?`}{' '}
          <button
            type="button"
            className="danger"
            data-testid={confirm === 'all' ? 'history-delete-all-confirm' : 'history-delete-selected-confirm'}
            autoFocus
            onClick={() => {
              setConfirm(null);
              void (confirm === 'all' ? deleteAllRuns() : deleteSelected());
            }}
          >
            Delete for good
          </button>
          <button type="button" data-testid="history-delete-keep" onClick={() => setConfirm(null)}>
            Keep them
          </button>
        </div>
      )}
      <ImportStatus />
      {total > MAX_KEPT_RUNS && (
        <div className="notice notice-warn" role="status" data-testid="history-over-limit">
          The history holds {fmtCount(total)} runs, more than the {fmtCount(MAX_KEPT_RUNS)} it keeps.{' '}
          <button type="button" data-testid="history-delete-oldest" onClick={() => void deleteOldestOverLimit()}>
            Delete the {fmtCount(total - MAX_KEPT_RUNS)} oldest
          </button>
        </div>
      )}
      <p className="muted history-limits" data-testid="history-limits">
        Keeps up to {fmtCount(MAX_KEPT_RUNS)} runs in this browser (the oldest are deleted only after asking); runs files up to{' '}
        {fmtMegabytes(HISTORY_LIMITS.fileBytes)}.
      </p>
    </>
  );
}

/** The import's progress bar and Cancel, and the question before the oldest runs are dropped. */
function ImportStatus() {
  const importing = useHistory((s) => s.importing);
  const ask = useHistory((s) => s.askDrop);
  if (!importing) return null;
  const label = `${PHASE_LABEL[importing.phase]}${importing.total > 1 ? `: ${fmtCount(importing.done)} of ${fmtCount(importing.total)}` : '…'}`;
  return (
    <div className="history-import-status" data-testid="history-import-status" data-phase={importing.phase}>
      <label>
        {label}{' '}
        <progress data-testid="history-import-progress" value={importing.total > 1 ? importing.done : undefined} max={importing.total} />
      </label>{' '}
      <button type="button" data-testid="history-import-cancel" onClick={cancelImport} disabled={importing.phase === 'undoing'}>
        Cancel
      </button>
      {ask && (
        <div className="notice notice-warn" role="alertdialog" aria-label="Over the history limit" data-testid="history-limit-question">
          Keeping every run would make {fmtCount(ask.total)}, more than the {fmtCount(ask.limit)} the history keeps. The{' '}
          {fmtCount(ask.dropExisting + ask.skipIncoming)} oldest would be left out
          {ask.dropExisting ? ` (${fmtCount(ask.dropExisting)} already in the history would be deleted)` : ''}.{' '}
          <button type="button" className="danger" data-testid="history-limit-drop" autoFocus onClick={() => answerDrop(true)}>
            Import and drop the oldest
          </button>
          <button type="button" data-testid="history-limit-cancel" onClick={() => answerDrop(false)}>
            Cancel the import
          </button>
        </div>
      )}
    </div>
  );
}
