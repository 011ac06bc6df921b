/** Which data rows a table's import keeps, by the missing-value policy (see tabular.ts). */
import type { ParsedCsv } from './csv';
import { ImportError, fmt } from './errors';
import type { Feature } from './table-columns';
import { plural, q } from './table-notes';
import type { TabularOptions } from './table-types';
import { cellAt, columnName, isMissing } from './values';

export interface KeptRows {
  /** Data row indices kept, in table order. */
  keep: number[];
  /** Rows dropped for a missing target, and (missing: 'drop') for a missing feature value. */
  missingTarget: number;
  missingValue: number;
}

/**
 * Drops the rows with a missing target and, with missing: 'drop', those with a missing feature value; says
 * so in `notes`. Dropping every row is an error that names the column with the most gaps.
 */
export function keepRows(parsed: ParsedCsv, target: number, features: Feature[], options: TabularOptions, notes: string[]): KeptRows {
  const { rows } = parsed;
  const keep: number[] = [];
  let missingTarget = 0;
  let missingValue = 0;
  const missingByColumn = new Map<number, number>();
  for (let r = 0; r < rows.length; r++) {
    if (isMissing(cellAt(rows, r, target))) {
      missingTarget++;
      continue;
    }
    if (options.missing === 'drop') {
      const gap = features.find((f) => isMissing(cellAt(rows, r, f.column)));
      if (gap) {
        missingValue++;
        missingByColumn.set(gap.column, (missingByColumn.get(gap.column) ?? 0) + 1);
        continue;
      }
    }
    keep.push(r);
  }
  if (keep.length === 0) throw noRowsError(parsed, options.target, missingTarget, missingByColumn);
  if (missingTarget) notes.push(`Dropped ${plural(missingTarget, 'row')} with no value in the target ${q(options.target)}.`);
  if (missingValue) notes.push(`Dropped ${plural(missingValue, 'row')} with a missing value in a feature column.`);
  return { keep, missingTarget, missingValue };
}

function noRowsError(parsed: ParsedCsv, targetName: string, missingTarget: number, missingByColumn: Map<number, number>): ImportError {
  const { rows, header } = parsed;
  const worst = [...missingByColumn].sort((a, b) => b[1] - a[1])[0];
  const allTargets = missingTarget === rows.length;
  return new ImportError(
    'no-rows',
    allTargets
      ? `All ${fmt(rows.length)} rows were dropped: the target ${q(targetName)} is missing in every row.`
      : `All ${fmt(rows.length)} rows were dropped: each has a missing value` +
          (worst ? ` (most often in column ${q(columnName(header, worst[0]))}, ${fmt(worst[1])} rows)` : '') +
          '.',
    allTargets ? 'Choose another target column.' : "Choose 'impute' for missing values, or exclude the columns with many gaps.",
  );
}
