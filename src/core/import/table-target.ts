/** A table's target column encoded: class indices (classification) or numbers (regression). */
import { classSizesOf, smallClassNotes } from '../data/split-check';
import type { ParsedCsv } from './csv';
import { ImportError, clip } from './errors';
import { LIMITS } from './limits';
import { mixedColumnNote, q, rowLabel } from './table-notes';
import type { ColumnProfile } from './table-profile';
import type { TabularOptions } from './table-types';
import { cellAt, naturalSort, parseNumber } from './values';

export interface EncodedTarget {
  /** Class index per kept row (all 0 for regression). */
  y: Int32Array;
  classNames: string[];
  /** Regression only: the target per kept row. */
  targets?: Float32Array;
}

export function encodeTarget(
  parsed: ParsedCsv,
  profile: ColumnProfile,
  keep: number[],
  options: TabularOptions,
  notes: string[],
): EncodedTarget {
  return options.task === 'regression'
    ? regressionTarget(parsed, profile, keep, options.target)
    : classTarget(parsed, profile, keep, options.target, notes);
}

/** The numbers of the kept rows; a target with one value throughout has nothing to predict. */
function regressionTarget(parsed: ParsedCsv, profile: ColumnProfile, keep: number[], name: string): EncodedTarget {
  const targets = new Float32Array(keep.length);
  keep.forEach((r, i) => (targets[i] = parseNumber(cellAt(parsed.rows, r, profile.index), profile.decimalComma)));
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of targets) [lo, hi] = [Math.min(lo, t), Math.max(hi, t)];
  if (lo === hi) {
    throw new ImportError(
      'constant-target',
      `The target ${q(name)} has the same value (${lo}) in every row: there is nothing to predict.`,
      'Choose another target column.',
    );
  }
  return { y: new Int32Array(keep.length), classNames: ['value'], targets };
}

/** Classes in natural order, at least two and at most LIMITS.categories; notes on mixed values and small classes. */
function classTarget(parsed: ParsedCsv, profile: ColumnProfile, keep: number[], name: string, notes: string[]): EncodedTarget {
  const { rows } = parsed;
  const target = profile.index;
  // Numbers as classes compare as numbers, so '1' and '1.0' are one class.
  const isNum = profile.kind === 'numeric';
  const key = (cell: string): string => (isNum ? String(parseNumber(cell, profile.decimalComma)) : cell.trim());
  const distinct = new Set<string>();
  for (const r of keep) {
    distinct.add(key(cellAt(rows, r, target)));
    if (distinct.size > LIMITS.categories) {
      throw new ImportError(
        'too-many-classes',
        `The target ${q(name)} has more than ${LIMITS.categories} different values; a classifier here supports at most ${LIMITS.categories} classes.`,
        isNum
          ? 'It is numeric: predict it as a number (regression) instead.'
          : 'Choose a target with fewer distinct values, or group them.',
      );
    }
  }
  const classNames = naturalSort(distinct);
  if (classNames.length < 2) {
    const [only = ''] = classNames; // keepRows keeps at least one row, so there is one class
    throw new ImportError(
      'one-class',
      `The target ${q(name)} has only one value ('${clip(only)}'): a classifier needs at least two classes.`,
      'Choose another target column, or include rows of the other classes.',
    );
  }
  const index = new Map(classNames.map((c, k) => [c, k]));
  const y = new Int32Array(keep.length);
  keep.forEach((r, i) => (y[i] = index.get(key(cellAt(rows, r, target)))!));
  if (profile.kind === 'categorical' && profile.numericCount > 0)
    notes.push(mixedColumnNote(profile, rows.length, rowLabel(parsed, profile.firstNonNumeric!.row), 'target'));
  notes.push(...smallClassNotes(classNames, classSizesOf(y, classNames.length), name));
  return { y, classNames };
}
