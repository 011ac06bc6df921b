import type { SplitOptions } from './split';

/**
 * Whether a dataset is big enough for the split its settings ask for, told before anything trains: an empty
 * train, validation or test split would otherwise reach TensorFlow.js as an empty tensor list and fail with
 * its own words ("Pass at least one tensor to concat"). The counts follow splitDataset's per-class rounding
 * exactly (a unit test holds the two together).
 */

export interface SplitSizes {
  train: number;
  val: number;
  test: number;
  /** Per class: [train, val, test]. */
  byClass: [number, number, number][];
}

/** Rows per split for these class sizes, as splitDataset cuts them (`fixedTest`: that many rows are the test split). */
export function splitSizes(
  classSizes: readonly number[],
  o: Pick<SplitOptions, 'valFraction' | 'testFraction' | 'trainSize' | 'imbalance'>,
  fixedTest = 0,
): SplitSizes {
  const byClass = classSizes.map((size, k): [number, number, number] => {
    let n = size;
    if (o.imbalance && k === o.imbalance.classIndex && o.imbalance.share < 1)
      n = Math.min(n, Math.max(1, Math.round(n * o.imbalance.share)));
    const test = fixedTest ? 0 : Math.min(n, Math.round(n * o.testFraction));
    const val = Math.min(n - test, Math.round(n * o.valFraction));
    return [n - test - val, val, test];
  });
  const sum = (i: number) => byClass.reduce((s, c) => s + c[i], 0);
  const pool = sum(0);
  return { train: o.trainSize > 0 ? Math.min(pool, o.trainSize) : pool, val: sum(1), test: fixedTest || sum(2), byClass };
}

export function classSizesOf(y: Int32Array, numClasses: number, except?: Int32Array): number[] {
  const sizes = new Array<number>(numClasses).fill(0);
  const skip = except ? new Set(except) : null;
  for (let i = 0; i < y.length; i++) if (!skip?.has(i)) sizes[y[i]]++;
  return sizes;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why a split with these counts cannot train (an empty split), naming the counts and what to do; null when it
 * can. `what` names the data for the message ("Your table", "This dataset").
 */
export function splitProblem(
  counts: { rows: number; train: number; val: number; test: number },
  o: Pick<SplitOptions, 'valFraction' | 'testFraction'>,
  what: string,
  unit = 'row',
): string | null {
  const empty = (['train', 'val', 'test'] as const).filter((k) => counts[k] === 0);
  if (!empty.length) return null;
  const names = { train: 'training', val: 'validation', test: 'test' };
  return (
    `${what} has ${plural(counts.rows, unit)}: too few for the split (validation ${o.valFraction}, test ${o.testFraction}), which leaves the ` +
    `${empty.map((k) => names[k]).join(' and ')} split${empty.length > 1 ? 's' : ''} empty ` +
    `(train ${counts.train}, validation ${counts.val}, test ${counts.test}). ` +
    `Add ${unit}s (at least ${minRowsFor(o)} per class with this split), or change the validation and test fractions so each split gets one.`
  );
}

/** The smallest class size that gives every split at least one row with these fractions. */
export function minRowsFor(o: Pick<SplitOptions, 'valFraction' | 'testFraction'>): number {
  for (let n = 3; n < 1000; n++) {
    const [[tr, va, te]] = splitSizes([n], { ...o, trainSize: 0 }).byClass;
    if (tr > 0 && va > 0 && te > 0) return n;
  }
  return 1000;
}

/** Classes with too few rows to appear in train, validation and test, named (a class of one row first of all). */
export function smallClassNotes(classNames: readonly string[], classSizes: readonly number[], target: string): string[] {
  const notes: string[] = [];
  classSizes.forEach((n, k) => {
    if (n === 1)
      notes.push(
        `Class '${classNames[k]}' of the target '${target}' has only 1 row: it can be in only one of train, validation and test, so the model cannot both learn it and be tested on it. Add rows of that class, or remove it.`,
      );
    else if (n === 2)
      notes.push(
        `Class '${classNames[k]}' of the target '${target}' has only 2 rows: it cannot appear in all of train, validation and test.`,
      );
  });
  return notes;
}

/** What to do when a setup names the user's own data and none is loaded in this browser. */
export function missingUploadMessage(dataset: 'table' | 'images'): string {
  return dataset === 'table'
    ? 'This setup uses your own table: load a CSV or TSV file under "Your data" first.'
    : 'This setup uses your own images: load an image folder, a zip or CIFAR-10 batches under "Your data" first.';
}
