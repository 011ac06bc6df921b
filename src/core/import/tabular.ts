/**
 * A parsed table → a Dataset the trainer understands: numeric columns become one feature each, categorical
 * columns one feature per value (one-hot), the target becomes class indices (or regression targets), and
 * chosen categorical columns are kept as subgroup attributes.
 *
 * Missing values, policy: rows with a missing target are always dropped. With missing: 'drop', rows with a
 * missing value in any used column are dropped too. With 'impute':
 *  - numeric cells stay NaN here and are filled by `standardize` with the median of the TRAINING rows, after
 *    the split: a median over all rows would let validation and test rows shape the training data. So a
 *    table's dataset is only ready for a model after `standardize` (src/core/data/custom.ts does that).
 *  - categorical cells get the most frequent value of all rows, at import. This leaks only which category
 *    is the most common, and it keeps one-hot features exact 0/1 values that need no scaling.
 */
import type { Dataset, Task } from '../types';
import { ImportError, clip, fmt } from './errors';
import { LIMITS } from './limits';
import type { ParsedCsv } from './csv';
import { isMissing, naturalSort, parseNumber } from './values';
import { mixedColumnNote } from './table-notes';
import { profileColumns } from './table-profile';
import { classSizesOf, smallClassNotes } from '../data/split-check';

export interface TabularOptions {
  /** Column to predict. */
  target: string;
  task: Task;
  /** Columns that are not features (ids, leaks, free text). Excluding the target is allowed and ignored. */
  exclude: string[];
  missing: 'drop' | 'impute';
  /**
   * Categorical columns kept per sample as subgroup attributes (for per-group metrics). They are also
   * features unless excluded.
   */
  attributes?: string[];
  /** Overrides the inferred kind of a feature column: e.g. a numeric code that is really a category. */
  columnTypes?: Record<string, 'numeric' | 'categorical'>;
  /** Dataset id; 'table' (the upload dataset id of the settings schema) when absent. */
  id?: string;
}

export interface TabularResult {
  dataset: Dataset;
  /** One name per feature: the column name, or 'column=value' for a one-hot feature. */
  featureNames: string[];
  /** Feature indices of numeric columns: standardise these (and fill their missing values) after the split. */
  numericColumns: number[];
  dropped: { missingTarget: number; missingValue: number };
  /** Cells imputed: numeric ones are NaN until `standardize`; categorical ones hold the most frequent value. */
  imputed: { numeric: number; categorical: number };
  /** Plain sentences about what the import did (rows dropped, empty columns skipped, …). */
  notes: string[];
}

interface Feature {
  column: number;
  name: string;
  kind: 'numeric' | 'categorical';
  decimalComma: boolean;
  /** Categorical: one-hot levels in natural order, and each level's position among them. */
  levels: string[];
  levelIndex?: Map<string, number>;
  /** Categorical, impute: the most frequent value. */
  mode?: string;
}

const q = (name: string): string => `'${clip(name)}'`;

/** Data row r as people count it: 'row 17 (line 18)'. */
const rowLabel = (parsed: ParsedCsv, r: number): string => `row ${fmt(r + 1)}${parsed.lines?.[r] ? ` (line ${fmt(parsed.lines[r])})` : ''}`;

function notNumberError(parsed: ParsedCsv, col: string, row: number, value: string, why: string, hint: string): ImportError {
  return new ImportError('not-a-number', `Column ${q(col)} ${rowLabel(parsed, row)}: '${clip(value)}' is not a number${why}.`, hint);
}

/** Builds the dataset; see the file comment for the missing-value policy. */
export function buildTabularDataset(parsed: ParsedCsv, options: TabularOptions): TabularResult {
  const { header, rows } = parsed;
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
  const attrCols = (options.attributes ?? []).map((n) => find(n, 'attribute'));
  const types = options.columnTypes ?? {};
  for (const n of Object.keys(types)) find(n, 'column with a chosen type');

  const profiles = profileColumns(parsed);
  const targetProfile = profiles[target];
  const notes: string[] = [];

  if (targetProfile.kind === 'empty') {
    throw new ImportError('empty-target', `The target ${q(options.target)} has no values: every cell is empty or missing.`, 'Choose another column as the target.');
  }
  if (options.task === 'regression' && targetProfile.kind !== 'numeric') {
    const bad = targetProfile.firstNonNumeric!;
    throw notNumberError(
      parsed, options.target, bad.row, bad.value, ' (a regression target must be numeric)',
      'Fix that cell (or empty it: rows with a missing target are dropped), or predict the column as classes (classification).',
    );
  }

  // ---- features
  const features: Feature[] = [];
  for (const p of profiles) {
    if (p.index === target || excluded.has(p.index)) continue;
    if (p.kind === 'empty') {
      notes.push(`Column ${q(p.name)} is empty (every value missing), so it is not a feature.`);
      continue;
    }
    const declared = types[p.name];
    const kind: 'numeric' | 'categorical' = declared ?? p.kind;
    if (declared === 'numeric' && p.kind !== 'numeric') {
      const bad = p.firstNonNumeric!;
      throw notNumberError(parsed, p.name, bad.row, bad.value, ' (the column was declared numeric)', 'Fix or empty that cell (empty counts as missing), or treat the column as categorical.');
    }
    if (!declared && p.kind === 'categorical' && p.numericCount >= 10 && p.numericCount >= 0.9 * (rows.length - p.missing)) {
      // Nearly all numbers: one typo would otherwise turn a numeric column into hundreds of one-hot features.
      const bad = p.firstNonNumeric!;
      throw notNumberError(
        parsed, p.name, bad.row, bad.value, ` (${fmt(p.numericCount)} of the column's ${fmt(rows.length - p.missing)} values are numbers)`,
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
    if (!declared && p.kind === 'categorical' && p.numericCount > 0) notes.push(mixedColumnNote(p, rows.length, rowLabel(parsed, p.firstNonNumeric!.row), 'feature'));
    features.push({ column: p.index, name: p.name, kind, decimalComma: p.decimalComma, levels: [] });
  }
  if (features.length === 0) {
    throw new ImportError(
      'no-features',
      `No feature columns are left: every column other than the target ${q(options.target)} is excluded or empty.`,
      'Include at least one column besides the target.',
    );
  }

  // ---- rows kept
  const targetDecimalComma = targetProfile.decimalComma;
  const keep: number[] = [];
  let missingTarget = 0;
  let missingValue = 0;
  const missingByColumn = new Map<number, number>();
  for (let r = 0; r < rows.length; r++) {
    if (isMissing(rows[r][target])) {
      missingTarget++;
      continue;
    }
    if (options.missing === 'drop') {
      const gap = features.find((f) => isMissing(rows[r][f.column]));
      if (gap) {
        missingValue++;
        missingByColumn.set(gap.column, (missingByColumn.get(gap.column) ?? 0) + 1);
        continue;
      }
    }
    keep.push(r);
  }
  if (keep.length === 0) {
    const worst = [...missingByColumn].sort((a, b) => b[1] - a[1])[0];
    throw new ImportError(
      'no-rows',
      missingTarget === rows.length
        ? `All ${fmt(rows.length)} rows were dropped: the target ${q(options.target)} is missing in every row.`
        : `All ${fmt(rows.length)} rows were dropped: each has a missing value` +
            (worst ? ` (most often in column ${q(header[worst[0]])}, ${fmt(worst[1])} rows)` : '') + '.',
      missingTarget === rows.length ? 'Choose another target column.' : "Choose 'impute' for missing values, or exclude the columns with many gaps.",
    );
  }
  if (missingTarget) notes.push(`Dropped ${fmt(missingTarget)} row${missingTarget === 1 ? '' : 's'} with no value in the target ${q(options.target)}.`);
  if (missingValue) notes.push(`Dropped ${fmt(missingValue)} row${missingValue === 1 ? '' : 's'} with a missing value in a feature column.`);

  // ---- levels and modes from the kept rows
  for (const f of features) {
    if (f.kind !== 'categorical') continue;
    const counts = new Map<string, number>();
    for (const r of keep) {
      const cell = rows[r][f.column];
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

  // ---- target
  const count = keep.length;
  const y = new Int32Array(count);
  let classNames: string[];
  let targets: Float32Array | undefined;
  if (options.task === 'regression') {
    targets = new Float32Array(count);
    keep.forEach((r, i) => (targets![i] = parseNumber(rows[r][target], targetDecimalComma)));
    classNames = ['value'];
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of targets) [lo, hi] = [Math.min(lo, t), Math.max(hi, t)];
    if (lo === hi) {
      throw new ImportError('constant-target', `The target ${q(options.target)} has the same value (${lo}) in every row: there is nothing to predict.`, 'Choose another target column.');
    }
  } else {
    // Numbers as classes compare as numbers, so '1' and '1.0' are one class.
    const isNum = targetProfile.kind === 'numeric';
    const key = (cell: string): string => (isNum ? String(parseNumber(cell, targetDecimalComma)) : cell.trim());
    const distinct = new Set<string>();
    for (const r of keep) {
      distinct.add(key(rows[r][target]));
      if (distinct.size > LIMITS.categories) {
        throw new ImportError(
          'too-many-classes',
          `The target ${q(options.target)} has more than ${LIMITS.categories} different values; a classifier here supports at most ${LIMITS.categories} classes.`,
          isNum ? 'It is numeric: predict it as a number (regression) instead.' : 'Choose a target with fewer distinct values, or group them.',
        );
      }
    }
    classNames = naturalSort(distinct);
    if (classNames.length < 2) {
      throw new ImportError(
        'one-class',
        `The target ${q(options.target)} has only one value ('${clip(classNames[0])}'): a classifier needs at least two classes.`,
        'Choose another target column, or include rows of the other classes.',
      );
    }
    const index = new Map(classNames.map((c, k) => [c, k]));
    keep.forEach((r, i) => (y[i] = index.get(key(rows[r][target]))!));
    if (targetProfile.kind === 'categorical' && targetProfile.numericCount > 0)
      notes.push(mixedColumnNote(targetProfile, rows.length, rowLabel(parsed, targetProfile.firstNonNumeric!.row), 'target'));
    notes.push(...smallClassNotes(classNames, classSizesOf(y, classNames.length), options.target));
  }

  // ---- features → x
  const featureNames: string[] = [];
  const numericColumns: number[] = [];
  const offsets: number[] = [];
  for (const f of features) {
    offsets.push(featureNames.length);
    if (f.kind === 'numeric') {
      numericColumns.push(featureNames.length);
      featureNames.push(f.name);
    } else for (const level of f.levels) featureNames.push(`${f.name}=${level}`);
  }
  const width = featureNames.length;
  if (count * width > LIMITS.cells) {
    throw new ImportError(
      'too-many-values',
      `The table would give ${fmt(count)} rows × ${fmt(width)} features = ${fmt(count * width)} values; at most ${fmt(LIMITS.cells)} are supported.`,
      'Exclude columns (categorical columns with many values add one feature per value), or import fewer rows.',
    );
  }
  const x = new Float32Array(count * width);
  let imputedNumeric = 0;
  let imputedCategorical = 0;
  for (let i = 0; i < count; i++) {
    const row = rows[keep[i]];
    const base = i * width;
    features.forEach((f, k) => {
      const cell = row[f.column];
      const o = base + offsets[k];
      if (f.kind === 'numeric') {
        if (isMissing(cell)) {
          x[o] = NaN; // filled with the training median by `standardize`
          imputedNumeric++;
        } else x[o] = parseNumber(cell, f.decimalComma);
      } else {
        let level = isMissing(cell) ? undefined : cell.trim();
        if (level === undefined) {
          level = f.mode!;
          imputedCategorical++;
        }
        x[o + f.levelIndex!.get(level)!] = 1;
      }
    });
  }
  if (imputedNumeric) notes.push(`${fmt(imputedNumeric)} missing numeric value${imputedNumeric === 1 ? '' : 's'} will be filled with the column's median over the training rows.`);
  if (imputedCategorical) notes.push(`${fmt(imputedCategorical)} missing categorical value${imputedCategorical === 1 ? '' : 's'} filled with the column's most frequent value.`);

  // ---- attributes
  const attributes: Record<string, { values: string[]; index: Int32Array }> = {};
  for (const j of attrCols) {
    const name = header[j];
    const raw = keep.map((r) => (isMissing(rows[r][j]) ? MISSING_ATTRIBUTE : rows[r][j].trim()));
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

  const dataset: Dataset = {
    id: options.id ?? 'table',
    kind: 'points',
    shape: [width],
    count,
    x,
    y,
    classNames,
    task: options.task,
    featureNames,
    ...(targets ? { targets } : {}),
    ...(attrCols.length ? { attributes } : {}),
  };
  return {
    dataset,
    featureNames,
    numericColumns,
    dropped: { missingTarget, missingValue },
    imputed: { numeric: imputedNumeric, categorical: imputedCategorical },
    notes,
  };
}

/** The value of a subgroup attribute whose cell is missing: its own group, so nothing is hidden. */
export const MISSING_ATTRIBUTE = '(missing)';

/**
 * Fills and standardises the `columns` of sample-major `x` (nFeatures per row) with statistics of the
 * training rows only: missing values (NaN) become the training median, then each column is shifted by the
 * training mean and divided by the training standard deviation (population, as scikit-learn's
 * StandardScaler). A column constant on the training rows (std 0) is only centred, never divided by zero;
 * a column with no value at all on the training rows becomes 0. Returns a new array.
 */
export function standardize(
  x: Float32Array,
  nFeatures: number,
  columns: number[],
  trainIndices: Int32Array,
): { x: Float32Array; mean: Float64Array; std: Float64Array; fill: Float64Array } {
  const out = new Float32Array(x);
  const rows = nFeatures > 0 ? Math.floor(x.length / nFeatures) : 0;
  const mean = new Float64Array(columns.length);
  const std = new Float64Array(columns.length);
  const fill = new Float64Array(columns.length);
  columns.forEach((c, k) => {
    const observed: number[] = [];
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c];
      if (!Number.isNaN(v)) observed.push(v);
    }
    if (observed.length === 0) {
      for (let i = 0; i < rows; i++) out[i * nFeatures + c] = 0;
      std[k] = 1;
      return;
    }
    observed.sort((a, b) => a - b);
    const mid = observed.length >> 1;
    fill[k] = observed.length % 2 ? observed[mid] : (observed[mid - 1] + observed[mid]) / 2;
    // Statistics after filling, as an imputer followed by a scaler would compute them.
    let sum = 0;
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c];
      sum += Number.isNaN(v) ? fill[k] : v;
    }
    const m = sum / trainIndices.length;
    let sq = 0;
    for (const i of trainIndices) {
      const v = x[i * nFeatures + c];
      const d = (Number.isNaN(v) ? fill[k] : v) - m;
      sq += d * d;
    }
    const s = Math.sqrt(sq / trainIndices.length);
    mean[k] = m;
    std[k] = s;
    const scale = s > 1e-12 ? 1 / s : 1;
    for (let i = 0; i < rows; i++) {
      const o = i * nFeatures + c;
      const v = Number.isNaN(x[o]) ? fill[k] : x[o];
      out[o] = (v - m) * scale;
    }
  });
  return { x: out, mean, std, fill };
}
