import type { ParsedCsv } from './csv';
import { ImportError, clip, fmt } from './errors';
import type { ColumnProfile } from './table-profile';

/**
 * What the import says about a column that mixes numbers and text, so a stray word never silently turns a
 * numeric column into categories: the column, how many values are not numbers, the first with its line, how
 * the column is treated, and what to do to have it read as numbers.
 */
export function mixedColumnNote(p: ColumnProfile, rows: number, firstAt: string, role: 'feature' | 'target'): string {
  const present = rows - p.missing;
  const notNumbers = present - p.numericCount;
  const first = p.firstNonNumeric!;
  const head =
    `Column '${clip(p.name)}' mixes numbers and text: ${fmt(notNumbers)} of its ${fmt(present)} values ${notNumbers === 1 ? 'is' : 'are'} not a number ` +
    `(the first, '${clip(first.value)}', on ${firstAt}).`;
  const how =
    role === 'target'
      ? ' Each distinct value is treated as a class, numbers included.'
      : ' It is treated as categories (one feature per distinct value), not as numbers.';
  return `${head}${how} To use it as numbers, fix or empty those cells (an empty cell counts as missing) and load the file again${role === 'feature' ? ', or exclude the column' : ''}.`;
}

/** A column name quoted for a message. */
export const q = (name: string): string => `'${clip(name)}'`;

/** Data row r as people count it: 'row 17 (line 18)'. */
export const rowLabel = (parsed: ParsedCsv, r: number): string =>
  `row ${fmt(r + 1)}${parsed.lines?.[r] ? ` (line ${fmt(parsed.lines[r])})` : ''}`;

export function notNumberError(parsed: ParsedCsv, col: string, row: number, value: string, why: string, hint: string): ImportError {
  return new ImportError('not-a-number', `Column ${q(col)} ${rowLabel(parsed, row)}: '${clip(value)}' is not a number${why}.`, hint);
}

/** '3 rows' / '1 row', for notes that count. */
export const plural = (n: number, word: string): string => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
