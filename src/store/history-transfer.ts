import { fmtCount } from '../core/history/bounds';
import { runsFileSizeProblem } from '../core/history/file';
import { mergeNewestFirst, newestFirst, type RunSummary } from '../core/history/summary';
import { isFromHistoryWorker, type FromHistoryWorker, type ToHistoryWorker } from '../worker/history-protocol';
import { MAX_KEPT_RUNS, useHistory } from './history';

/**
 * Runs-file import and export through the history worker. The page only posts the File, shows progress, asks
 * before the oldest runs are dropped, and adds the new runs' summaries to the list once the import is done
 * (all at once, so a cancelled import never shows half).
 */

let worker: Worker | null = null;
let nextId = 1;
/** The import under way: its id and the summaries stored so far. */
let current: { id: number; summaries: RunSummary[] } | null = null;
const exports = new Map<number, (file: { name: string; file: Blob } | null) => void>();

function historyWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../worker/history.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<unknown>) => (isFromHistoryWorker(e.data) ? onMessage(e.data) : undefined);
  worker.onerror = (e) => {
    e.preventDefault();
    worker?.terminate();
    worker = null;
    // The worker died (out of memory on a huge file): nothing is half-imported in the list.
    finishImport(`Nothing imported: the file could not be read (${e.message || 'the reader stopped'}). A smaller file may work.`, 'error');
    for (const done of exports.values()) done(null);
    exports.clear();
  };
  return worker;
}

const send = (m: ToHistoryWorker) => historyWorker().postMessage(m);

function finishImport(text: string | null, kind: 'info' | 'error' = 'info'): void {
  current = null;
  useHistory.setState({ importing: null, askDrop: null, ...(text ? { message: { kind, text } } : {}) });
}

function onMessage(m: FromHistoryWorker): void {
  if (m.type === 'exported' || (m.type === 'error' && exports.has(m.id))) {
    exports.get(m.id)?.(m.type === 'exported' ? { name: m.name, file: m.file } : null);
    exports.delete(m.id);
    if (m.type === 'error') useHistory.setState({ message: { kind: 'error', text: m.message } });
    return;
  }
  if (!current || m.id !== current.id) return;
  switch (m.type) {
    case 'progress':
      useHistory.setState({ importing: { phase: m.phase, done: m.done, total: m.total } });
      return;
    case 'saved':
      for (const s of m.summaries) current.summaries.push(s);
      return;
    case 'ask-drop':
      useHistory.setState({ askDrop: { total: m.total, limit: m.limit, dropExisting: m.dropExisting, skipIncoming: m.skipIncoming } });
      return;
    case 'cancelled':
      return finishImport('Import cancelled: nothing was imported.');
    case 'error':
      return finishImport(m.message, 'error');
    case 'done': {
      // The worker stores (and so sends) the runs newest first: sorting again would cost a long task at 50,000.
      const added = isNewestFirst(current.summaries) ? current.summaries : current.summaries.sort(newestFirst);
      const dropped = new Set(m.dropped);
      useHistory.setState((s) => ({
        runs: mergeNewestFirst(dropped.size ? s.runs.filter((r) => !dropped.has(r.id)) : s.runs, added),
        selected: dropped.size ? s.selected.filter((x) => !dropped.has(x)) : s.selected,
      }));
      const renamed = m.renamed ? ` (${fmtCount(m.renamed)} given a new id: it was already in use)` : '';
      const gone = m.dropped.length
        ? `; the ${fmtCount(m.dropped.length)} oldest run${m.dropped.length === 1 ? ' was' : 's were'} deleted`
        : '';
      return finishImport(`Imported ${fmtCount(m.imported)} run${m.imported === 1 ? '' : 's'}${renamed}${gone}.`);
    }
  }
}

function isNewestFirst(list: RunSummary[]): boolean {
  for (let i = 1; i < list.length; i++) if (newestFirst(list[i - 1], list[i]) > 0) return false;
  return true;
}

/** Imports a runs file in the worker; progress, questions and the outcome land in the history store. */
export function importRunsFile(file: Blob): void {
  if (current) return;
  const tooBig = runsFileSizeProblem(file.size);
  if (tooBig) {
    useHistory.setState({ message: { kind: 'error', text: `Nothing imported: ${tooBig}` } });
    return;
  }
  current = { id: nextId++, summaries: [] };
  useHistory.setState({ importing: { phase: 'reading', done: 0, total: 1 }, askDrop: null, message: null });
  send({ type: 'import', id: current.id, file, limit: MAX_KEPT_RUNS });
}

export function cancelImport(): void {
  if (current) send({ type: 'cancel', id: current.id });
}

/** The answer to the limit question: drop the oldest and go on, or stop with nothing imported. */
export function answerDrop(drop: boolean): void {
  if (!current) return;
  useHistory.setState({ askDrop: null });
  send({ type: 'answer', id: current.id, drop });
}

/** The runs file of these ids (every run when none are given), written in the worker; null when it failed. */
export function exportRuns(ids?: string[]): Promise<{ name: string; file: Blob } | null> {
  const id = nextId++;
  return new Promise((resolve) => {
    exports.set(id, resolve);
    send({ type: 'export', id, ids: ids ?? null });
  });
}
