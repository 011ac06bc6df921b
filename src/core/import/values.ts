/**
 * How the text of one cell is read: missing or not, a number or not, and how values are ordered for display.
 * One place, so the CSV header guess, column profiling and dataset building agree on what a number is.
 */
import { ImportError, fmt } from './errors';

/**
 * Cells read as missing, compared trimmed and case-insensitively. Deliberately short: 'None' or 'N' can be
 * real categories, and treating them as missing would silently change the data.
 */
export const MISSING_TOKENS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', '?'];
const MISSING = new Set(MISSING_TOKENS);

export function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

// Plain decimal notation only. Number() alone would also accept '0x1F', 'Infinity' and '' (as 0), none of
// which a table means as a number.
const DOT_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The cell's number, or NaN. `decimalComma` reads '1,5' as 1.5 (semicolon-separated exports from European
 * spreadsheets); it is only ever set for a whole column whose every value reads that way.
 */
export function parseNumber(cell: string, decimalComma = false): number {
  const s = cell.trim();
  if (decimalComma) return COMMA_NUMBER.test(s) ? Number(s.replace(',', '.')) : NaN;
  if (!DOT_NUMBER.test(s)) return NaN;
  const v = Number(s);
  // '1e999' matches the pattern but overflows: not a usable number.
  return Number.isFinite(v) ? v : NaN;
}

// Made on first use: building a collator loads ICU's collation data, ~9 ms that the page's startup (which
// imports this module but sorts nothing) should not pay.
let collator: Intl.Collator | null = null;

/**
 * "Natural" order: 'class 2' before 'class 10', '9' before '10'. Falls back to code-unit order when the
 * collator calls two different strings equal ('1' and '01'), so the order is total and stable everywhere.
 */
export function naturalCompare(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function naturalSort(values: Iterable<string>): string[] {
  return [...values].sort(naturalCompare);
}

/**
 * Cell `j` of data row `r`. parseCsv gives every row as many cells as the header, but a table rebuilt from
 * a message is only as sound as its sender: a row without that cell gets Fitlab's error, not `undefined`.
 */
export function cellAt(rows: readonly (readonly string[])[], r: number, j: number): string {
  const cell = rows[r]?.[j];
  if (cell === undefined) {
    throw new ImportError(
      'ragged',
      `Row ${fmt(r + 1)} of the table has no value in column ${fmt(j + 1)}: its rows are not all as long as its header.`,
      'Import the file again; if this repeats, check that every row has as many values as the header.',
    );
  }
  return cell;
}

/** Column `j`'s cells, one per data row (checked as cellAt does). */
export const columnCells = (rows: readonly (readonly string[])[], j: number): string[] => rows.map((_, r) => cellAt(rows, r, j));

/** The header's name for column `j`; a column index the header does not have is refused as cellAt does. */
export function columnName(header: readonly string[], j: number): string {
  const name = header[j];
  if (name === undefined) {
    throw new ImportError(
      'unknown-column',
      `The table has no column ${fmt(j + 1)}: its header names ${fmt(header.length)}.`,
      'Import the file again, then choose the columns anew.',
    );
  }
  return name;
}
