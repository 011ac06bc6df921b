import { useCallback, useMemo, useRef } from 'react';
import type { RunSummary } from '../../core/history/summary';
import { setSelected, toggleSelected } from '../../store/history';
import { useWindowedRows } from '../common/useWindowedRows';
import { ROW_HEIGHT, RunRow } from './RunRow';

/** Height of the scrolling box (px): about 11 rows in view. */
const VIEWPORT = 420;

interface HistoryListProps {
  /** The runs the filter shows, newest first. */
  runs: RunSummary[];
  /** Every stored run (for data-count). */
  total: number;
  selected: string[];
  loaded: boolean;
  comparing: boolean;
  onExport: (id: string) => void;
}

/**
 * The history table, windowed: however many runs are stored, only the ~30 around the scroll position are in
 * the page. Ticking with Shift ticks the range from the last ticked row; the header box ticks every shown run.
 */
export function HistoryList({ runs, total, selected, loaded, comparing, onExport }: HistoryListProps) {
  const { onScroll, start, end, padTop, padBottom } = useWindowedRows(runs.length, ROW_HEIGHT, VIEWPORT);
  const positions = useMemo(() => new Map(selected.map((id, i) => [id, i])), [selected]);
  const lastTicked = useRef<string | null>(null);
  const shownTicked = useMemo(() => runs.reduce((n, r) => n + (positions.has(r.id) ? 1 : 0), 0), [runs, positions]);
  const allTicked = runs.length > 0 && shownTicked === runs.length;

  // Reads the latest list through a ref, so the rows' memo is not broken by a new callback on every render.
  const latest = useRef({ runs, positions });
  latest.current = { runs, positions };
  const onTick = useCallback((id: string, shift: boolean) => {
    const { runs: list, positions: ticked } = latest.current;
    const from = lastTicked.current === null ? -1 : list.findIndex((r) => r.id === lastTicked.current);
    const to = list.findIndex((r) => r.id === id);
    if (shift && from >= 0 && to >= 0) {
      const range = list.slice(Math.min(from, to), Math.max(from, to) + 1).map((r) => r.id);
      setSelected(range, !ticked.has(id));
    } else toggleSelected(id);
    lastTicked.current = id;
  }, []);

  return (
    <div className="history-scroll" style={{ maxHeight: VIEWPORT }} onScroll={onScroll} data-testid="history-scroll">
      <table
        className="history-table"
        data-testid="run-history"
        data-count={total}
        data-shown={runs.length}
        data-loaded={loaded}
        aria-rowcount={runs.length + 1}
      >
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <input
                type="checkbox"
                data-testid="history-select-all"
                checked={allTicked}
                ref={(el) => void (el && (el.indeterminate = shownTicked > 0 && !allTicked))}
                disabled={!runs.length}
                onChange={() =>
                  setSelected(
                    runs.map((r) => r.id),
                    !allTicked,
                  )
                }
                aria-label={`Select all ${runs.length.toLocaleString('en-US')} runs shown`}
              />
            </th>
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
          {padTop > 0 && <tr aria-hidden="true" className="spacer" style={{ height: padTop }} />}
          {runs.slice(start, end).map((r, i) => (
            <RunRow
              key={r.id}
              run={r}
              index={start + i + 1}
              position={positions.get(r.id) ?? -1}
              comparing={comparing}
              onTick={onTick}
              onExport={onExport}
            />
          ))}
          {padBottom > 0 && <tr aria-hidden="true" className="spacer" style={{ height: padBottom }} />}
        </tbody>
      </table>
      {loaded && !total && <p className="muted">No runs yet: each run is kept here when it ends.</p>}
      {loaded && total > 0 && !runs.length && <p className="muted">No run matches the filter.</p>}
    </div>
  );
}
