/**
 * A parsed table → a Dataset the trainer understands: numeric columns become one feature each, categorical
 * columns one feature per value (one-hot), the target becomes class indices (or regression targets), and
 * chosen categorical columns are kept as subgroup attributes.
 *
 * In stages, each in its module: profile the columns (table-profile.ts) and choose the features from the
 * profiles (table-columns.ts; a mixed column the user chose to read as numbers has its text emptied first,
 * table-mixed.ts), keep the rows (table-rows.ts), encode the target (table-target.ts) and the
 * features and attributes (table-encode.ts); after the split, standardise (table-standardize.ts).
 *
 * Missing values, policy: rows with a missing target are always dropped. With missing: 'drop', rows with a
 * missing value in any used column are dropped too. With 'impute':
 *  - numeric cells stay NaN here and are filled by `standardize` with the median of the TRAINING rows, after
 *    the split: a median over all rows would let validation and test rows shape the training data. So a
 *    table's dataset is only ready for a model after `standardize` (src/core/data/custom.ts does that).
 *  - categorical cells get the most frequent value of all rows, at import. This leaks only which category
 *    is the most common, and it keeps one-hot features exact 0/1 values that need no scaling.
 */
import type { Dataset } from '../types';
import type { ParsedCsv } from './csv';
import { ImportError } from './errors';
import { checkTarget, findColumns, planFeatures } from './table-columns';
import { encodeAttributes, encodeFeatures, fitLevels } from './table-encode';
import { blankTextCells } from './table-mixed';
import { q } from './table-notes';
import { profileColumns } from './table-profile';
import { keepRows } from './table-rows';
import { encodeTarget } from './table-target';
import type { TabularOptions, TabularResult } from './table-types';

export type { TabularOptions, TabularResult } from './table-types';
export { MISSING_ATTRIBUTE } from './table-encode';
export { standardize } from './table-standardize';

/** Builds the dataset; see the file comment for the stages and the missing-value policy. */
export function buildTabularDataset(table: ParsedCsv, options: TabularOptions): TabularResult {
  const columns = findColumns(table, options);
  const notes: string[] = [];
  const parsed = blankTextCells(table, columns.textAsMissing, notes);
  const profiles = profileColumns(parsed);
  // findColumns found the target among the header's names, and there is a profile per name; checked anyway,
  // as the table may come from a message.
  const targetProfile = profiles[columns.target];
  if (!targetProfile)
    throw new ImportError(
      'unknown-column',
      `There is no column ${q(options.target)} (asked for as the target).`,
      'Import the file again, then choose the target anew.',
    );
  checkTarget(parsed, targetProfile, options);
  const features = planFeatures(parsed, profiles, columns, options.target, notes);
  const { keep, missingTarget, missingValue } = keepRows(parsed, columns.target, features, options, notes);
  fitLevels(features, parsed.rows, keep);
  const { y, classNames, targets } = encodeTarget(parsed, targetProfile, keep, options, notes);
  const { x, featureNames, numericColumns, imputed } = encodeFeatures(features, parsed.rows, keep, notes);
  const attributes = encodeAttributes(parsed, columns.attributes, keep);
  const dataset: Dataset = {
    id: options.id ?? 'table',
    kind: 'points',
    shape: [featureNames.length],
    count: keep.length,
    x,
    y,
    classNames,
    task: options.task,
    featureNames,
    ...(targets ? { targets } : {}),
    ...(columns.attributes.length ? { attributes } : {}),
  };
  return { dataset, featureNames, numericColumns, dropped: { missingTarget, missingValue }, imputed, notes };
}
