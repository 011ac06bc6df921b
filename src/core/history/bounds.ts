/**
 * What the run history accepts, stated once so the runs-file reader enforces it and the UI can say it. A runs
 * file is untrusted: every field has a type, a size and a range, and anything outside is refused with a message
 * naming the run and the field (never silently clipped, never kept to slow every later reload).
 */

const MB = 1024 * 1024;

export const HISTORY_LIMITS = {
  /** A runs file, checked from File.size before it is read. 50,000 small runs written compactly are ~60 MB. */
  fileBytes: 200 * MB,
  /** Runs the history keeps; an import or a new run beyond it drops the oldest only after asking. */
  keptRuns: 50_000,
  /** Runs in one file. */
  runsPerFile: 100_000,
  /** A run's id, name, backend and each class name, in characters. */
  shortText: 200,
  /** A run's error message, in characters. */
  errorText: 2_000,
  /** Classes of a test result or confusion matrix (an imported table has at most 100; image sets fewer). */
  classes: 1_000,
  /** Numbers in all of one run's per-epoch confusion matrices together (1,000 epochs of a 30-class matrix). */
  matrixCellsPerRun: 1_000_000,
  /** A run's wall time: 30 days. */
  durationMs: 30 * 24 * 3600 * 1000,
  /** A per-epoch time or a test sample count. */
  bigCount: 1e12,
} as const;

/** 40000000 → "40,000,000": sizes in messages read at a glance. */
export const fmtCount = (n: number): string => Math.round(n).toLocaleString('en-US');

export function fmtMegabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}
