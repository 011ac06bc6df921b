import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { RunRecord } from '../../core/history/record';
import { matchesFilter } from '../../core/history/summary';
import { dismissHistoryMessage, useHistory } from '../../store/history';
import { getRuns } from '../../store/history-db';
import { exportRuns } from '../../store/history-transfer';
import { saveFile } from '../common/download';
import { Panel } from '../common/Panel';
import { CompareView } from './CompareView';
import { HistoryActions } from './HistoryActions';
import { HistoryList } from './HistoryList';
import './compare.css';

/** Most runs one comparison overlays: one colour and marker each (OKABE_ITO has 8). */
const MAX_COMPARE = 8;

/** Every finished run (kept across reloads): filter, tick, compare, rename, export, import and delete. */
export function HistoryPanel() {
  const runs = useHistory((s) => s.runs);
  const selected = useHistory((s) => s.selected);
  const loaded = useHistory((s) => s.loaded);
  const message = useHistory((s) => s.message);
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const shown = useMemo(
    () => (deferredFilter.trim() ? runs.filter((r) => matchesFilter(r, deferredFilter)) : runs),
    [runs, deferredFilter],
  );
  const comparing = selected.length >= 2 && selected.length <= MAX_COMPARE;
  const compared = useComparedRuns(comparing ? selected : null);

  const save = async (ids?: string[]) => {
    const file = await exportRuns(ids);
    if (file) saveFile(file.name, file.file, 'application/json');
  };

  return (
    <Panel title="Run history" className="run-history-panel">
      <HistoryActions total={runs.length} onExport={(ids) => void save(ids)} />
      {message && (
        <div
          className={`notice ${message.kind === 'error' ? 'notice-error' : ''}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="history-message"
          data-kind={message.kind}
        >
          {message.text}{' '}
          <button type="button" onClick={dismissHistoryMessage} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <div className="history-actions">
        <label>
          Filter{' '}
          <input
            type="search"
            data-testid="history-filter"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="name, dataset, model, backend"
          />
        </label>
        <span className="muted" data-testid="history-summary">
          {shown.length === runs.length
            ? `${runs.length.toLocaleString('en-US')} runs`
            : `${shown.length.toLocaleString('en-US')} of ${runs.length.toLocaleString('en-US')} runs`}
          {' · '}
          {selected.length < 2
            ? 'Tick two or more runs to compare them.'
            : comparing
              ? `Comparing ${selected.length} runs; the first ticked (A) is the baseline.`
              : `${selected.length.toLocaleString('en-US')} ticked: compare up to ${MAX_COMPARE} at a time.`}
        </span>
      </div>
      <HistoryList
        runs={shown}
        total={runs.length}
        selected={selected}
        loaded={loaded}
        comparing={comparing}
        onExport={(id) => void save([id])}
      />
      {compared && compared.length >= 2 && <CompareView runs={compared} />}
    </Panel>
  );
}

/** The full records of the runs being compared, read from IndexedDB when the ticked runs change. */
function useComparedRuns(ids: string[] | null): RunRecord[] | null {
  const [records, setRecords] = useState<RunRecord[] | null>(null);
  const key = ids?.join('\n') ?? '';
  useEffect(() => {
    if (!key) return setRecords(null);
    let current = true;
    getRuns(key.split('\n')).then(
      (r) => current && setRecords(r),
      () => current && setRecords(null),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return ids ? records : null;
}
