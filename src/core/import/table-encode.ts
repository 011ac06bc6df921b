/**
 * The encode stage of a table's import: each kept row's features as numbers (numeric columns as they are,
 * missing ones NaN until `standardize`; categorical columns one-hot, missing ones the most frequent value),
 * and the subgroup attributes as value indices.
 */
import type { ParsedCsv } from './csv';
import { ImportError, fmt } from './errors';
import { LIMITS } from './limits';
import type { Feature } from './table-columns';
import { plural, q } from './table-notes';
import { cellAt, columnName, isMissing, naturalSort, parseNumber } from './values';

/** The value of a subgroup attribute whose cell is missing: its own group, so nothing is hidden. */
export const MISSING_ATTRIBUTE = '(missing)';

/** Sets each categorical feature's levels (natural order) and most frequent value, from the kept rows. */
export function fitLevels(features: Feature[], rows: string[][], keep: number[]): void {
  for (const f of features) {
    if (f.kind !== 'categorical') continue;
    const counts = new Map<string, number>();
    for (const r of keep) {
      const cell = cellAt(rows, r, f.column);
      if (!isMissing(cell)) counts.set(cell.trim(), (counts.get(cell.trim()) ?? 0) + 1);
    }
    f.levels = naturalSort(counts.keys());
    f.levelIndex = new Map(f.levels.map((level, k) => [level, k]));
    // Most frequent; ties go to the first in natural order, so the choice does not depend on row order.
    let best = -1;
    for (const level of f.levels) {
      const n = counts.get(level) ?? 0;
      if (n > best) [best, f.mode] = [n, level];
    }
  }
}

export interface EncodedFeatures {
  /** Sample-major, featureNames.length per row. */
  x: Float32Array;
  featureNames: string[];
  numericColumns: number[];
  imputed: { numeric: number; categorical: number };
}

/** The kept rows' features; notes how many missing values are (or will be) filled. */
export function encodeFeatures(features: Feature[], rows: string[][], keep: number[], notes: string[]): EncodedFeatures {
  const { featureNames, numericColumns, slots } = featureLayout(features);
  const width = featureNames.length;
  const count = keep.length;
  if (count * width > LIMITS.cells) {
    throw new ImportError(
      'too-many-values',
      `The table would give ${fmt(count)} rows × ${fmt(width)} features = ${fmt(count * width)} values; at most ${fmt(LIMITS.cells)} are supported.`,
      'Exclude columns (categorical columns with many values add one feature per value), or import fewer rows.',
    );
  }
  const x = new Float32Array(count * width);
  const imputed = { numeric: 0, categorical: 0 };
  keep.forEach((r, i) => {
    const base = i * width;
    for (const { f, offset } of slots) encodeCell(x, base + offset, f, cellAt(rows, r, f.column), imputed);
  });
  if (imputed.numeric)
    notes.push(`${plural(imputed.numeric, 'missing numeric value')} will be filled with the column's median over the training rows.`);
  if (imputed.categorical)
    notes.push(`${plural(imputed.categorical, 'missing categorical value')} filled with the column's most frequent value.`);
  return { x, featureNames, numericColumns, imputed };
}

/** Each feature's first position in a row: one for a numeric column, one per level for a categorical one. */
function featureLayout(features: Feature[]): { featureNames: string[]; numericColumns: number[]; slots: { f: Feature; offset: number }[] } {
  const featureNames: string[] = [];
  const numericColumns: number[] = [];
  const slots: { f: Feature; offset: number }[] = [];
  for (const f of features) {
    slots.push({ f, offset: featureNames.length });
    if (f.kind === 'numeric') {
      numericColumns.push(featureNames.length);
      featureNames.push(f.name);
    } else for (const level of f.levels) featureNames.push(`${f.name}=${level}`);
  }
  return { featureNames, numericColumns, slots };
}

function encodeCell(x: Float32Array, o: number, f: Feature, cell: string, imputed: EncodedFeatures['imputed']): void {
  if (f.kind === 'numeric') {
    if (isMissing(cell)) {
      x[o] = NaN; // filled with the training median by `standardize`
      imputed.numeric++;
    } else x[o] = parseNumber(cell, f.decimalComma);
    return;
  }
  let level = isMissing(cell) ? undefined : cell.trim();
  if (level === undefined) {
    level = f.mode!;
    imputed.categorical++;
  }
  x[o + f.levelIndex!.get(level)!] = 1;
}

export type Attributes = Record<string, { values: string[]; index: Int32Array }>;

/** Each attribute column's value per kept row, as an index into its values (natural order). */
export function encodeAttributes(parsed: ParsedCsv, columns: number[], keep: number[]): Attributes {
  const { header, rows } = parsed;
  const attributes: Attributes = {};
  for (const j of columns) {
    const name = columnName(header, j);
    const raw = keep.map((r) => {
      const cell = cellAt(rows, r, j);
      return isMissing(cell) ? MISSING_ATTRIBUTE : cell.trim();
    });
    const values = naturalSort(new Set(raw));
    if (values.length > LIMITS.categories) {
      throw new ImportError(
        'too-many-categories',
        `The attribute ${q(name)} has ${fmt(values.length)} different values; a subgroup attribute may have at most ${LIMITS.categories}.`,
        'Choose a categorical column with few values (e.g. a group or region) as the attribute.',
      );
    }
    const pos = new Map(values.map((v, k) => [v, k]));
    attributes[name] = { values, index: Int32Array.from(raw, (v) => pos.get(v)!) };
  }
  return attributes;
}
