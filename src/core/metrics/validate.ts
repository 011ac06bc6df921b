/**
 * Boundary checks shared by every metric. Metrics are fed from model outputs and dataset labels that cross a
 * worker boundary as plain arrays, so a wrong shape or a stray NaN would otherwise surface as a silently wrong
 * number on a chart. We fail loudly instead, naming the function and the offending index.
 */

/** Anything indexable: plain arrays, and the typed arrays the data layer uses (Int32Array labels, Float32Array scores). */
export type NumericArray = ArrayLike<number>;

export function checkSameLength(fn: string, a: NumericArray, aName: string, b: NumericArray, bName: string): void {
  if (a.length !== b.length) {
    throw new Error(`${fn}: ${aName} has length ${a.length} but ${bName} has length ${b.length}; they must match`);
  }
}

export function checkNonEmpty(fn: string, a: NumericArray, name: string): void {
  if (a.length === 0) throw new Error(`${fn}: ${name} is empty; at least one sample is needed`);
}

export function checkNumClasses(fn: string, numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`${fn}: numClasses must be a positive integer, got ${numClasses}`);
  }
}

/** Class labels must be integers in [0, numClasses): they index rows/columns of the confusion matrix. */
export function checkLabels(fn: string, y: NumericArray, name: string, numClasses: number): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new Error(`${fn}: ${name}[${i}] = ${v} is not an integer class label in [0, ${numClasses - 1}]`);
    }
  }
}

/** Binary ground truth must be exactly 0 or 1 (1 = positive class); we do not guess a pos_label like sklearn can. */
export function checkBinary(fn: string, y: NumericArray, name: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new Error(`${fn}: ${name}[${i}] = ${v} is not a binary label (0 or 1)`);
  }
}

/** NaN/±Infinity would break sorting and sums silently; sklearn's check_array rejects them too. */
export function checkFinite(fn: string, a: NumericArray, name: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new Error(`${fn}: ${name}[${i}] = ${a[i]} is not a finite number`);
  }
}
