import type { WeightPrecision } from './types';

/**
 * Weight quantisation as TF.js stores it, on plain typed arrays. The encodings are the ones tfjs-converter
 * writes (`--quantize_float16`, `--quantize_uint8`) and tfjs-core's `decodeWeights` reads back, so what
 * these functions compute is exactly what a downloaded quantised model loads as.
 */

/** Largest finite half: (2 − 2⁻¹⁰) · 2¹⁵. */
export const FLOAT16_MAX = 65504;
const HALF_MAX_BITS = 0x7bff;

/**
 * IEEE 754 half-precision bits of each value, rounded to nearest with ties to even; float32 subnormals and
 * values below half the smallest half subnormal (2⁻²⁵) become signed zero, NaN stays NaN, ±Infinity stays
 * ±Infinity.
 *
 * Overflow saturates: a finite value beyond the half range becomes ±65504, not ±Infinity as numpy's
 * `astype(float16)` would give. An infinite weight turns every activation it touches into NaN, while a
 * clipped one only distorts; this differs from the converter only for |x| ≥ 65520, far beyond any trained
 * weight here.
 */
export function toFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBits(bits[i]);
  return out;
}

function halfBits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const exp = (f >>> 23) & 0xff;
  const mant = f & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  // Half's biased exponent: float32's bias is 127, half's 15.
  const e = exp - 112;
  if (e >= 31) return sign | HALF_MAX_BITS;
  if (e <= 0) {
    // Half subnormal m·2⁻²⁴: m is the 24-bit significand shifted right by 14 − e, rounded to even.
    const shift = 14 - e;
    if (shift > 24) return sign;
    const m = mant | 0x800000;
    return sign | roundShift(m, shift);
  }
  // Added, not OR-ed: a carry out of the mantissa bumps the exponent, which is the right result; only a
  // carry into the infinity exponent needs clamping.
  const h = (e << 10) + roundShift(mant, 13);
  return sign | (h >= 0x7c00 ? HALF_MAX_BITS : h);
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const q = value >>> shift;
  const rest = value - q * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && (q & 1) === 1) ? q + 1 : q;
}

/**
 * Float32 values of IEEE half bits; exact (every half is a float32). Bit for bit what tfjs-core's float16
 * decoder returns, infinities and NaN payloads included.
 */
export function fromFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = (h & 0x8000) << 16;
    const exp = (h >>> 10) & 0x1f;
    let mant = h & 0x3ff;
    if (exp === 0x1f) {
      words[i] = (sign | 0x7f800000 | (mant << 13)) >>> 0;
    } else if (exp !== 0) {
      words[i] = (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
    } else if (mant === 0) {
      words[i] = sign >>> 0;
    } else {
      // Subnormal: normalise, so the leading 1 becomes float32's implicit bit.
      let e = 113;
      while ((mant & 0x400) === 0) {
        mant <<= 1;
        e--;
      }
      words[i] = (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
    }
  }
  return out;
}

/** A tensor in 8 bits: value ≈ q · scale + min (TF.js's `quantization: { dtype: 'uint8', min, scale }`). */
export interface Int8Quantized {
  q: Uint8Array;
  scale: number;
  min: number;
}

const UINT8_MAX = 255;

/**
 * Per-tensor affine 8-bit quantisation, as tfjs-converter's `quantize_weights`: scale = (max − min) / 255,
 * and when the range covers zero, min is nudged to a multiple of the scale so that 0 is exactly
 * representable (pruned weights stay exactly zero, as TF Lite requires for zero padding). Values are
 * clipped to the nudged range and rounded half to even (numpy's rounding), so the error is at most scale/2.
 *
 * A constant tensor has no range: q is all zeros, min is the value and scale is 1 (the converter's choice),
 * so decoding gives the value back exactly and nothing divides by zero. An empty tensor gets min 0.
 */
export function quantizeInt8(values: Float32Array): Int8Quantized {
  const q = new Uint8Array(values.length);
  if (values.length === 0) return { q, scale: 1, min: 0 };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  if (lo === hi) return { q, scale: 1, min: lo };
  const scale = (hi - lo) / UINT8_MAX;
  let min = lo;
  let max = hi;
  if (lo <= 0 && 0 <= hi) {
    const zeroPoint = roundHalfEven(-lo / scale);
    min = -zeroPoint * scale;
    max = UINT8_MAX * scale + min;
  }
  for (let i = 0; i < values.length; i++) {
    const v = Math.min(max, Math.max(min, values[i]));
    // Clamped because a Uint8Array wraps out-of-range integers (256 → 0) instead of saturating.
    q[i] = Math.min(UINT8_MAX, Math.max(0, roundHalfEven((v - min) / scale)));
  }
  return { q, scale, min };
}

/** q · scale + min, in double precision and then stored as float32: the arithmetic of tfjs-core's loader. */
export function dequantizeInt8({ q, scale, min }: Int8Quantized): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i] * scale + min;
  return out;
}

/** numpy's `round`: halves go to the even neighbour, so ties do not all drift upwards. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The values after storing them at `precision` and loading them back, with the largest absolute change.
 * float32 is the identity (a copy, so callers may keep or change either array).
 */
export function roundTrip(values: Float32Array, precision: WeightPrecision): { values: Float32Array; maxAbsError: number } {
  const out =
    precision === 'float16' ? fromFloat16(toFloat16(values)) : precision === 'int8' ? dequantizeInt8(quantizeInt8(values)) : values.slice();
  let maxAbsError = 0;
  for (let i = 0; i < values.length; i++) {
    const d = Math.abs(out[i] - values[i]);
    // NaN weights (a diverged model) make the error NaN rather than hiding behind a max() that skips them.
    if (d > maxAbsError || Number.isNaN(d)) maxAbsError = d;
  }
  return { values: out, maxAbsError };
}
