/**
 * The user's choice for a column that mixes numbers and text (TabularOptions.textAsMissing): read it as
 * numbers, its text cells counting as missing (then dropped or filled by the missing-value policy), instead
 * of as categories. Applied before the columns are profiled, so every later stage sees a numeric column.
 */
import type { ParsedCsv } from './csv';
import { clip } from './errors';
import { plural, q, rowLabel } from './table-notes';
import { isMissing, parseNumber } from './values';

/**
 * The table with the text cells of `columns` emptied (a copy; the table itself when none has text), and a
 * note per column saying how many were emptied and the first of them.
 */
export function blankTextCells(parsed: ParsedCsv, columns: number[], notes: string[]): ParsedCsv {
  let rows = parsed.rows;
  for (const j of columns) {
    const decimalComma = readsWithComma(parsed, j);
    const text = rows.flatMap((row, r) => (!isMissing(row[j]) && Number.isNaN(parseNumber(row[j], decimalComma)) ? [r] : []));
    if (!text.length) continue;
    notes.push(
      `Column ${q(parsed.header[j])}: ${plural(text.length, 'value')} that ${text.length === 1 ? 'is' : 'are'} not a number (the first, ` +
        `'${clip(rows[text[0]][j].trim())}', on ${rowLabel(parsed, text[0])}) ${text.length === 1 ? 'counts' : 'count'} as missing, as chosen: the column is used as numbers.`,
    );
    if (rows === parsed.rows) rows = rows.map((row) => row.slice());
    for (const r of text) rows[r][j] = '';
  }
  return rows === parsed.rows ? parsed : { ...parsed, rows };
}

/** As profileColumns decides: decimal commas when the file is not comma-separated and more cells read that way. */
function readsWithComma(parsed: ParsedCsv, j: number): boolean {
  if (parsed.delimiter === ',') return false;
  let dot = 0;
  let comma = 0;
  for (const row of parsed.rows) {
    if (isMissing(row[j])) continue;
    if (!Number.isNaN(parseNumber(row[j]))) dot++;
    if (!Number.isNaN(parseNumber(row[j], true))) comma++;
  }
  return comma > dot;
}
