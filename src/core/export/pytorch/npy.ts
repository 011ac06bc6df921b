import { writeZip } from './zip-writer';

/** The dtypes Fitlab exports, with their numpy descriptors (little-endian). */
export type NpyArray =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'uint8'; shape: number[]; data: Uint8Array };

const DESCR = { float32: '<f4', int32: '<i4', uint8: '|u1' } as const;

/**
 * One array in numpy's .npy format (version 1.0): magic, a header dict padded so the data starts on a
 * 64-byte boundary, then the raw little-endian values in C order.
 */
export function npyBytes(a: NpyArray): Uint8Array {
  const size = a.shape.reduce((n, d) => n * d, 1);
  if (size !== a.data.length) throw new Error(`An array of shape [${a.shape.join(', ')}] needs ${size} values, not ${a.data.length}.`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let dict = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = new TextEncoder().encode(dict);
  const body = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const out = new Uint8Array(10 + head.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(out.buffer).setUint16(8, head.length, true);
  out.set(head, 10);
  out.set(body, 10 + head.length);
  return out;
}

/** numpy's .npz: a zip of `${name}.npy` files, as np.savez writes and np.load reads. */
export function npzBytes(arrays: Record<string, NpyArray>): Uint8Array<ArrayBuffer> {
  return writeZip(Object.entries(arrays).map(([name, a]) => ({ path: `${name}.npy`, bytes: npyBytes(a) })));
}
