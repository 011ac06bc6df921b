/**
 * The one error type every importer throws for bad input. The UI shows `message` (what is wrong, naming the
 * file, row or column) and `hint` (what to do about it); `code` is stable, for tests and for choosing how
 * to present it, and never shown. Anything else thrown out of an importer is a bug, not a bad file.
 */
export class ImportError extends Error {
  readonly code: string;
  readonly hint: string;

  constructor(code: string, message: string, hint: string) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
    this.hint = hint;
  }
}

export function isImportError(err: unknown): err is ImportError {
  return err instanceof ImportError;
}

/** Thousands separators, so byte and row counts in messages are readable. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

/** User text (a cell, a file name) shortened for a message; quotes are added by the caller. */
export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Human-readable byte count: 52,428,800 → "50 MB" (MB = 2^20 bytes, as file dialogs show them). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${fmt(n)} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} kB`;
  const mb = n / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
}
