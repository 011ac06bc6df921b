import type { SplitArrays } from '../../train/types';
import type { Task } from '../../types';
import type { NpyArray } from './npy';

export interface ExportSplits {
  train: SplitArrays;
  val: SplitArrays;
  test: SplitArrays;
}

/**
 * data.npz: x_train, y_train, x_val, y_val, x_test, y_test exactly as the browser trained and scored on them
 * (training labels after label noise; regression targets as y). Images whose every value is an 8-bit level
 * (v = k / 255 in float32, as Fitlab's image datasets load) are stored as uint8, a quarter of the size;
 * train.py divides by 255 the same way, so the floats it trains on are the browser's bit for bit.
 */
export function dataArrays(splits: ExportSplits, shape: number[], task: Task): Record<string, NpyArray> {
  const out: Record<string, NpyArray> = {};
  const bytes = shape.length === 3 && (['train', 'val', 'test'] as const).every((k) => isEightBit(splits[k].x));
  for (const k of ['train', 'val', 'test'] as const) {
    const s = splits[k];
    const xShape = [s.count, ...shape];
    out[`x_${k}`] = bytes ? { dtype: 'uint8', shape: xShape, data: toBytes(s.x) } : { dtype: 'float32', shape: xShape, data: s.x };
    if (task === 'regression') {
      if (!s.targets) throw new Error(`The ${k} split has no regression targets to export.`);
      out[`y_${k}`] = { dtype: 'float32', shape: [s.count], data: s.targets };
    } else {
      out[`y_${k}`] = { dtype: 'int32', shape: [s.count], data: s.y };
    }
  }
  return out;
}

/** True when each value is exactly float32(k / 255) for an integer k in 0…255. */
export function isEightBit(x: Float32Array): boolean {
  for (const v of x) {
    const k = Math.round(v * 255);
    if (k < 0 || k > 255 || Math.fround(k / 255) !== v) return false;
  }
  return true;
}

function toBytes(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length);
  let i = 0;
  for (const v of x) out[i++] = Math.round(v * 255);
  return out;
}
