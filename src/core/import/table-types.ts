import type { Dataset, Task } from '../types';

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
  /**
   * Columns that mix numbers and text, read as numbers: their text cells count as missing (see
   * table-mixed.ts). Without this, such a column is categorical (one feature per distinct value).
   */
  textAsMissing?: string[];
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
