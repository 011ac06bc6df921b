/**
 * Which columns a table's import uses and how: the target and the options' columns looked up by name, the
 * target checked against the task, and each remaining column's profile turned into a feature (numeric or
 * one-hot categorical) or skipped, with a note or a clear error for anything that needs the user's choice.
 */
import type { ParsedCsv } from './csv';
import { ImportError, fmt } from './errors';
import { LIMITS } from './limits';
import { mixedColumnNote, notNumberError, q, rowLabel } from './table-notes';
import type { ColumnProfile } from './table-profile';
import type { TabularOptions } from './table-types';

export interface Feature {
  column: number;
  name: string;
  kind: 'numeric' | 'categorical';
  decimalComma: boolean;
  /** Categorical: one-hot levels in natural order, and each level's position among them (see fitLevels). */
  levels: string[];
  levelIndex?: Map<string, number>;
  /** Categorical, impute: the most frequent value. */
  mode?: string;
}

/** The options' columns as indices into the header. */
export interface TableColumns {
  target: number;
  excluded: Set<number>;
  attributes: number[];
  types: Record<string, 'numeric' | 'categorical'>;
  /** Columns read as numbers, their text cells as missing. */
  textAsMissing: number[];
}

/** Looks up every column the options name; an unknown name is an error listing the columns there are. */
export function findColumns({ header }: ParsedCsv, options: TabularOptions): TableColumns {
  const colIndex = new Map(header.map((n, j) => [n, j]));
  const find = (name: string, role: string): number => {
    const j = colIndex.get(name);
    if (j === undefined) {
      throw new ImportError(
        'unknown-column',
        `There is no column ${q(name)} (asked for as the ${role}).`,
        `The columns are: ${header.slice(0, 12).map(q).join(', ')}${header.length > 12 ? `, … (${header.length} in all)` : ''}.`,
      );
    }
    return j;
  };
  const target = find(options.target, 'target');
  const excluded = new Set(options.exclude.map((n) => find(n, 'column to exclude')));
  const attributes = (options.attributes ?? []).map((n) => find(n, 'attribute'));
  const types = options.columnTypes ?? {};
  for (const n of Object.keys(types)) find(n, 'column with a chosen type');
  // An excluded column is not read at all, whatever was chosen for it (the target is never excluded).
  const textAsMissing = (options.textAsMissing ?? [])
    .map((n) => find(n, 'column read as numbers'))
    .filter((j) => j === target || !excluded.has(j));
  return { target, excluded, attributes, types, textAsMissing };
}

/** The target must have values, and numbers only when it is predicted as a number. */
export function checkTarget(parsed: ParsedCsv, profile: ColumnProfile, options: TabularOptions): void {
  if (profile.kind === 'empty') {
    throw new ImportError(
      'empty-target',
      `The target ${q(options.target)} has no values: every cell is empty or missing.`,
      'Choose another column as the target.',
    );
  }
  if (options.task === 'regression' && profile.kind !== 'numeric') {
    const bad = profile.firstNonNumeric!;
    throw notNumberError(
      parsed,
      options.target,
      bad.row,
      bad.value,
      ' (a regression target must be numeric)',
      'Fix that cell (or empty it: rows with a missing target are dropped), or predict the column as classes (classification).',
    );
  }
}

/** The feature columns in table order: every column but the target, the excluded and the empty ones. */
export function planFeatures(
  parsed: ParsedCsv,
  profiles: ColumnProfile[],
  columns: TableColumns,
  targetName: string,
  notes: string[],
): Feature[] {
  const features: Feature[] = [];
  for (const p of profiles) {
    if (p.index === columns.target || columns.excluded.has(p.index)) continue;
    if (p.kind === 'empty') notes.push(`Column ${q(p.name)} is empty (every value missing), so it is not a feature.`);
    else features.push(featureOf(parsed, p, columns.types[p.name], notes));
  }
  if (features.length === 0) {
    throw new ImportError(
      'no-features',
      `No feature columns are left: every column other than the target ${q(targetName)} is excluded or empty.`,
      'Include at least one column besides the target.',
    );
  }
  return features;
}

/** One column as a feature: its profiled kind unless the options declare one. */
function featureOf(parsed: ParsedCsv, p: ColumnProfile, declared: 'numeric' | 'categorical' | undefined, notes: string[]): Feature {
  const rows = parsed.rows.length;
  // planFeatures skips empty columns, so the profiled kind is numeric or categorical here.
  const kind = declared ?? (p.kind as 'numeric' | 'categorical');
  if (declared === 'numeric' && p.kind !== 'numeric') {
    const bad = p.firstNonNumeric!;
    throw notNumberError(
      parsed,
      p.name,
      bad.row,
      bad.value,
      ' (the column was declared numeric)',
      'Fix or empty that cell (empty counts as missing), or treat the column as categorical.',
    );
  }
  if (!declared && p.kind === 'categorical' && p.numericCount >= 10 && p.numericCount >= 0.9 * (rows - p.missing)) {
    // Nearly all numbers: one typo would otherwise turn a numeric column into hundreds of one-hot features.
    const bad = p.firstNonNumeric!;
    throw notNumberError(
      parsed,
      p.name,
      bad.row,
      bad.value,
      ` (${fmt(p.numericCount)} of the column's ${fmt(rows - p.missing)} values are numbers)`,
      'Fix or empty that cell (empty counts as missing), exclude the column, or declare it categorical.',
    );
  }
  if (kind === 'categorical' && p.distinctCapped) {
    throw new ImportError(
      'too-many-categories',
      `Column ${q(p.name)} has more than ${LIMITS.categories} different values; one-hot encoding gives one feature per value, and at most ${LIMITS.categories} are supported.`,
      'Exclude it (names, ids and free text rarely help a model), or group its values into fewer categories.',
    );
  }
  if (!declared && p.kind === 'categorical' && p.numericCount > 0)
    notes.push(mixedColumnNote(p, rows, rowLabel(parsed, p.firstNonNumeric!.row), 'feature'));
  return { column: p.index, name: p.name, kind, decimalComma: p.decimalComma, levels: [] };
}
