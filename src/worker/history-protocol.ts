import type { RunSummary } from '../core/history/summary';

/**
 * Messages to and from the history worker, which reads, checks and stores runs files (and writes exports) off
 * the main thread, in chunks, so a 50,000-run file never freezes the page. The file travels as a Blob (shared,
 * not copied); stored runs come back only as small summaries.
 */
export type ImportPhase = 'reading' | 'checking' | 'saving' | 'undoing';

export type ToHistoryWorker =
  | { type: 'import'; id: number; file: Blob; limit: number }
  /** Stops an import; what it stored so far is deleted again. */
  | { type: 'cancel'; id: number }
  /** The answer to 'ask-drop': drop the oldest runs and go on, or stop with nothing imported. */
  | { type: 'answer'; id: number; drop: boolean }
  /** A runs file of these ids (every run when null). */
  | { type: 'export'; id: number; ids: string[] | null };

export type FromHistoryWorker =
  | { type: 'progress'; id: number; phase: ImportPhase; done: number; total: number }
  /** Summaries of runs just stored (a chunk); the page shows them when the import is done. */
  | { type: 'saved'; id: number; summaries: RunSummary[] }
  /** Keeping every run would pass the limit: asks before dropping the oldest. */
  | { type: 'ask-drop'; id: number; total: number; limit: number; dropExisting: number; skipIncoming: number }
  | { type: 'done'; id: number; imported: number; renamed: number; dropped: string[] }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string }
  | { type: 'exported'; id: number; name: string; file: Blob };

const PHASES: readonly string[] = ['reading', 'checking', 'saving', 'undoing'];
const isRecord = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isSummary = (s: unknown) => isRecord(s) && typeof s.id === 'string' && typeof s.createdAt === 'string' && typeof s.name === 'string';

export function isFromHistoryWorker(m: unknown): m is FromHistoryWorker {
  if (!isRecord(m) || !isNum(m.id)) return false;
  switch (m.type) {
    case 'progress':
      return typeof m.phase === 'string' && PHASES.includes(m.phase) && isNum(m.done) && isNum(m.total);
    case 'saved':
      return Array.isArray(m.summaries) && m.summaries.every(isSummary);
    case 'ask-drop':
      return isNum(m.total) && isNum(m.limit) && isNum(m.dropExisting) && isNum(m.skipIncoming);
    case 'done':
      return isNum(m.imported) && isNum(m.renamed) && Array.isArray(m.dropped) && m.dropped.every((d) => typeof d === 'string');
    case 'cancelled':
      return true;
    case 'error':
      return typeof m.message === 'string';
    case 'exported':
      return typeof m.name === 'string' && m.file instanceof Blob;
    default:
      return false;
  }
}

export function isToHistoryWorker(m: unknown): m is ToHistoryWorker {
  if (!isRecord(m) || !isNum(m.id)) return false;
  switch (m.type) {
    case 'import':
      return m.file instanceof Blob && isNum(m.limit) && m.limit > 0;
    case 'cancel':
      return true;
    case 'answer':
      return typeof m.drop === 'boolean';
    case 'export':
      return m.ids === null || (Array.isArray(m.ids) && m.ids.every((x) => typeof x === 'string'));
    default:
      return false;
  }
}
