/**
 * The user's choice for a column that mixes numbers and text (TabularOptions.textAsMissing): read it as
 * numbers, its text cells counting as missing (then dropped or filled by the missing-value policy), instead
 * of as categories. Applied before the columns are profiled, so every later stage sees a numeric column.
 */
import type { ParsedCsv } from './csv';
import { clip } from './errors';
import { plural, q, rowLabel } from './table-notes';
import { cellAt, columnCells, columnName, isMissing, parseNumber } from './values';

/**
 * The table with the text cells of `columns` emptied (a copy; the table itself when none has text), and a
 * note per column saying how many were emptied and the first of them.
 */
export function blankTextCells(parsed: ParsedCsv, columns: number[], notes: string[]): ParsedCsv {
  let rows = parsed.rows;
  for (const j of columns) {
    const decimalComma = readsWithComma(parsed, j);
    const cells = columnCells(rows, j);
    const text = cells.flatMap((cell, r) => (!isMissing(cell) && Number.isNaN(parseNumber(cell, decimalComma)) ? [r] : []));
    const [first] = text;
    if (first === undefined) continue;
    notes.push(
      `Column ${q(columnName(parsed.header, j))}: ${plural(text.length, 'value')} that ${text.length === 1 ? 'is' : 'are'} not a number (the first, ` +
        `'${clip(cellAt(rows, first, j).trim())}', on ${rowLabel(parsed, first)}) ${text.length === 1 ? 'counts' : 'count'} as missing, as chosen: the column is used as numbers.`,
    );
    // Rows with text here become copies with that cell emptied; the table itself is left as it is.
    const emptied = new Set(text);
    rows = rows.map((row, r) => (emptied.has(r) ? row.map((cell, k) => (k === j ? '' : cell)) : row));
  }
  return rows === parsed.rows ? parsed : { ...parsed, rows };
}

/** As profileColumns decides: decimal commas when the file is not comma-separated and more cells read that way. */
function readsWithComma(parsed: ParsedCsv, j: number): boolean {
  if (parsed.delimiter === ',') return false;
  let dot = 0;
  let comma = 0;
  for (const cell of columnCells(parsed.rows, j)) {
    if (isMissing(cell)) continue;
    if (!Number.isNaN(parseNumber(cell))) dot++;
    if (!Number.isNaN(parseNumber(cell, true))) comma++;
  }
  return comma > dot;
}
