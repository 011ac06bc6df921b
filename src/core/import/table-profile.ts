/**
 * The first stage of a table's import: what each column holds (numeric, categorical or empty; missing
 * cells, distinct values, range, the first value that is not a number), which the import dialog shows and
 * the builder (tabular.ts) relies on.
 */
import type { Task } from '../types';
import { LIMITS } from './limits';
import type { ParsedCsv } from './csv';
import { cellAt, columnCells, isMissing, naturalSort, parseNumber } from './values';

export type ColumnKind = 'numeric' | 'categorical' | 'empty';

export interface ColumnProfile {
  name: string;
  index: number;
  kind: ColumnKind;
  /** Missing cells (empty, NA, NaN, null, ?). */
  missing: number;
  /** Distinct non-missing values, counted up to LIMITS.categories + 1 (numbers compared as numbers). */
  distinct: number;
  /** True when `distinct` stopped counting: more than LIMITS.categories values. */
  distinctCapped: boolean;
  /** Numeric and every value a whole number. */
  integer: boolean;
  /** Numeric with decimal commas ('1,5'), as semicolon-separated European exports write them. */
  decimalComma: boolean;
  /** Non-missing cells that read as numbers. */
  numericCount: number;
  /** The first non-missing cell that is not a number (data row index, 0-based), if any. */
  firstNonNumeric?: { row: number; value: string };
  /** The distinct values in natural order when there are at most LIMITS.categories of them, else null. */
  levels: string[] | null;
  min?: number;
  max?: number;
}

/** Per-column summary the import dialog shows and the builder relies on. */
export function profileColumns(parsed: ParsedCsv): ColumnProfile[] {
  const allowComma = parsed.delimiter !== ',';
  return parsed.header.map((name, j) => {
    const cap = LIMITS.categories + 1;
    const strings = new Set<string>();
    const numbers = new Set<number>();
    let missing = 0;
    let dotCount = 0;
    let commaCount = 0;
    let integer = true;
    let min = Infinity;
    let max = -Infinity;
    let firstNotDot: { row: number; value: string } | undefined;
    let firstNotComma: { row: number; value: string } | undefined;
    for (let r = 0; r < parsed.rows.length; r++) {
      const cell = cellAt(parsed.rows, r, j);
      if (isMissing(cell)) {
        missing++;
        continue;
      }
      const s = cell.trim();
      if (strings.size < cap) strings.add(s);
      const v = parseNumber(s);
      if (!Number.isNaN(v)) {
        dotCount++;
        if (numbers.size < cap) numbers.add(v);
        if (!Number.isInteger(v)) integer = false;
        if (v < min) min = v;
        if (v > max) max = v;
      } else firstNotDot ??= { row: r, value: s };
      if (allowComma) {
        if (!Number.isNaN(parseNumber(s, true))) commaCount++;
        else firstNotComma ??= { row: r, value: s };
      }
    }
    const present = parsed.rows.length - missing;
    const base = { name, index: j, missing };
    if (present === 0) {
      return {
        ...base,
        kind: 'empty',
        distinct: 0,
        distinctCapped: false,
        integer: false,
        decimalComma: false,
        numericCount: 0,
        levels: [],
      };
    }
    if (dotCount === present) {
      return {
        ...base,
        kind: 'numeric',
        distinct: numbers.size,
        distinctCapped: numbers.size >= cap,
        integer,
        decimalComma: false,
        numericCount: dotCount,
        levels: numbers.size < cap ? naturalSort(strings) : null,
        min,
        max,
      };
    }
    if (allowComma && commaCount === present) {
      // Re-read with the decimal comma for the range, integrality and distinct numbers.
      const values = columnCells(parsed.rows, j)
        .filter((c) => !isMissing(c))
        .map((c) => parseNumber(c, true));
      const distinct = new Set(values).size;
      return {
        ...base,
        kind: 'numeric',
        distinct: Math.min(distinct, cap),
        distinctCapped: distinct >= cap,
        integer: values.every(Number.isInteger),
        decimalComma: true,
        numericCount: commaCount,
        levels: distinct < cap ? naturalSort(strings) : null,
        min: values.reduce((a, b) => Math.min(a, b), Infinity),
        max: values.reduce((a, b) => Math.max(a, b), -Infinity),
      };
    }
    const useComma = allowComma && commaCount > dotCount;
    return {
      ...base,
      kind: 'categorical',
      distinct: strings.size,
      distinctCapped: strings.size >= cap,
      integer: false,
      decimalComma: false,
      numericCount: Math.max(dotCount, commaCount),
      firstNonNumeric: useComma ? firstNotComma : firstNotDot,
      levels: strings.size < cap ? naturalSort(strings) : null,
    };
  });
}

/** Classification when the column is not numeric or holds at most 20 distinct whole numbers, else regression. */
export function guessTask(column: ColumnProfile): Task {
  if (column.kind !== 'numeric') return 'classification';
  return column.integer && column.distinct <= 20 ? 'classification' : 'regression';
}
