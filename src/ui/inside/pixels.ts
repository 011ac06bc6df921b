/**
 * RGBA buffers for the Inside view's small canvases. Feature maps and filters are grey (a brighter pixel is a
 * stronger response, readable by everyone and in print); saliency is Okabe–Ito vermillion over a grey input.
 */

/** Values scaled from [min, max] to grey; a flat range shows black. */
export function greyRgba(values: ArrayLike<number>, min: number, max: number): Uint8ClampedArray {
  const span = max - min;
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const g = span > 0 ? (255 * (values[i] - min)) / span : 0;
    out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** HWC values in [0, 1] with 1 or 3 channels (an input, a filter) as RGBA. */
export function imageRgba(values: ArrayLike<number>, channels: number): Uint8ClampedArray {
  const n = values.length / channels;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < 3; ch++) out[i * 4 + ch] = 255 * values[i * channels + (channels === 3 ? ch : 0)];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Okabe–Ito vermillion: distinct from grey for every common colour-vision deficiency. */
const HOT = [213, 94, 0];

/** The input in grey, dimmed, with saliency (in [0, 1]) blended in as vermillion. */
export function saliencyRgba(input: ArrayLike<number>, channels: number, saliency: ArrayLike<number>): Uint8ClampedArray {
  const out = new Uint8ClampedArray(saliency.length * 4);
  for (let i = 0; i < saliency.length; i++) {
    const grey = channels === 3 ? (input[i * 3] + input[i * 3 + 1] + input[i * 3 + 2]) / 3 : input[i];
    const s = Math.min(1, Math.max(0, saliency[i]));
    for (let ch = 0; ch < 3; ch++) out[i * 4 + ch] = (1 - s) * 160 * grey + s * HOT[ch];
    out[i * 4 + 3] = 255;
  }
  return out;
}
