/**
 * Plain data shared by the whole core. No tensors here: datasets stay typed arrays until a batch is built,
 * so they can be split, sampled and posted to a worker without touching a TF.js backend.
 */

export type DatasetKind = 'points' | 'image';

/** What a model learns from a dataset: a class per sample, or a real value per sample. */
export type Task = 'classification' | 'regression';

export interface Dataset {
  /** Stable id, e.g. 'spiral', 'digits', 'fashion', 'shapes'. */
  id: string;
  kind: DatasetKind;
  /** Per-sample feature shape: [2] for 2-D points, [height, width, channels] for images. */
  shape: number[];
  /** Number of samples. */
  count: number;
  /** Features, sample-major. Images are scaled to [0, 1]; points keep their coordinates. */
  x: Float32Array;
  /**
   * Class label per sample, 0 … classNames.length − 1. Regression datasets keep it all zeros with
   * classNames ['value'], so the stratified split sees one class and cuts a plain seeded random split.
   */
  y: Int32Array;
  classNames: string[];
  /** Absent means classification, so every dataset made before regression existed keeps its meaning. */
  task?: Task;
  /** Regression targets, one per sample; present exactly when task is 'regression'. */
  targets?: Float32Array;
  /** Tables: one name per feature (the column, or 'column=value' for a one-hot feature), for forms and labels. */
  featureNames?: string[];
  /** Optional per-sample attributes (e.g. a shape's colour), index into `values`; used by subgroup views. */
  attributes?: Record<string, { values: string[]; index: Int32Array }>;
}

/** Number of features per sample (product of the shape). */
export function featureSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The dataset's task; absent means classification. */
export function taskOf(data: Pick<Dataset, 'task'>): Task {
  return data.task ?? 'classification';
}
