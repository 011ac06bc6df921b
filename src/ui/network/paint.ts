import type { NetworkLayer, NetworkSnapshot } from '../../core/network/types';
import { classColour, OKABE_ITO } from '../common/palette';
import type { Geometry } from './geometry';

/**
 * Canvas painting for the network view: called for each snapshot, straight onto the canvases (no React
 * render). Sign is hue and size is strength, as in Playground, with Okabe–Ito blue (+) and orange (−), so
 * the two stay apart with the common colour-vision deficiencies.
 */
export const POSITIVE = OKABE_ITO[0];
export const NEGATIVE = OKABE_ITO[1];

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
const POS = rgb(POSITIVE);
const NEG = rgb(NEGATIVE);

/** White at 0, blue towards +1, orange towards −1. */
function diverging(t: number, out: Uint8ClampedArray, at: number): void {
  const c = t >= 0 ? POS : NEG;
  const a = Math.min(1, Math.abs(t));
  for (let k = 0; k < 3; k++) out[at + k] = 255 + (c[k] - 255) * a;
  out[at + 3] = 255;
}

/** The scale a unit's heatmap is drawn at: its own largest |value|, or 1 for probabilities. */
export function heatScale(layer: NetworkLayer, values: Float32Array): number {
  if (layer.activation === 'softmax' || layer.activation === 'sigmoid') return 1;
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m || 1;
}

/** One unit's values over the plane (`values`, resolution² of them), at the canvas's own resolution. */
export function paintHeatmap(canvas: HTMLCanvasElement, values: Float32Array, resolution: number, scale: number): void {
  if (canvas.width !== resolution) canvas.width = resolution;
  if (canvas.height !== resolution) canvas.height = resolution;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(resolution, resolution);
  for (let i = 0; i < values.length; i++) diverging(values[i] / scale, img.data, 4 * i);
  ctx.putImageData(img, 0, 0);
}

/** The inputs x₁ (left to right) and x₂ (bottom to top), as Playground draws its feature nodes. */
export function paintInput(canvas: HTMLCanvasElement, feature: number, resolution: number): void {
  const values = new Float32Array(resolution * resolution);
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      const x = ((col + 0.5) / resolution) * 2 - 1;
      const y = 1 - ((row + 0.5) / resolution) * 2;
      values[row * resolution + col] = feature === 0 ? x : y;
    }
  }
  paintHeatmap(canvas, values, resolution, 1);
}

/** The output's predicted class per cell, stronger where the model is surer: the decision boundary. */
export function paintBoundary(canvas: HTMLCanvasElement, output: NetworkLayer, resolution: number): void {
  const cells = resolution * resolution;
  if (!output.heatmaps || output.shown < 2) return;
  canvas.width = resolution;
  canvas.height = resolution;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(resolution, resolution);
  const chance = 1 / output.units;
  for (let i = 0; i < cells; i++) {
    let best = 0;
    for (let k = 1; k < output.shown; k++) if (output.heatmaps[k * cells + i] > output.heatmaps[best * cells + i]) best = k;
    const p = output.heatmaps[best * cells + i];
    img.data.set(rgb(classColour(best)), 4 * i);
    img.data[4 * i + 3] = 255 * (0.15 + 0.75 * Math.max(0, (p - chance) / (1 - chance)));
  }
  ctx.putImageData(img, 0, 0);
}

/**
 * A unit on data that is not 2-D: a bar for its mean value (blue +, orange −, scaled to the layer's largest
 * |mean|) over a grey strip whose filled share is the share of examples on which it is inactive.
 */
export function paintStat(canvas: HTMLCanvasElement, mean: number, scale: number, inactiveShare: number | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  if (inactiveShare !== null) {
    ctx.fillStyle = 'rgba(90, 90, 90, 0.45)';
    ctx.fillRect(0, h - 4, w * inactiveShare, 4);
  }
  const t = Math.max(-1, Math.min(1, mean / (scale || 1)));
  ctx.fillStyle = t >= 0 ? POSITIVE : NEGATIVE;
  const half = w / 2;
  ctx.fillRect(t >= 0 ? half : half + t * half, 2, Math.abs(t) * half, h - 8);
  ctx.fillStyle = '#444';
  ctx.fillRect(half - 0.5, 0, 1, h - 4);
}

/** Every drawn weight as a line: hue for its sign, width for its size relative to the largest drawn. */
export function paintLinks(canvas: HTMLCanvasElement, g: Geometry, snapshot: NetworkSnapshot): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.ceil(g.width * dpr);
  canvas.height = Math.ceil(g.height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, g.width, g.height);
  let largest = 0;
  for (const l of snapshot.layers) if (l.weights) for (const w of l.weights) largest = Math.max(largest, Math.abs(w));
  if (!largest) return;
  snapshot.layers.forEach((layer, li) => {
    const from = g.columns[li].units;
    const to = g.columns[li + 1].units;
    if (!layer.weights) return;
    for (let i = 0; i < from.length; i++) {
      for (let j = 0; j < to.length; j++) {
        const w = layer.weights[i * to.length + j];
        ctx.strokeStyle = w >= 0 ? POSITIVE : NEGATIVE;
        ctx.globalAlpha = 0.35 + 0.5 * (Math.abs(w) / largest);
        ctx.lineWidth = 0.4 + 3.6 * (Math.abs(w) / largest);
        ctx.beginPath();
        ctx.moveTo(from[i].x + g.unitWidth, from[i].y + g.unitHeight / 2);
        ctx.lineTo(to[j].x, to[j].y + g.unitHeight / 2);
        ctx.stroke();
      }
    }
  });
  ctx.globalAlpha = 1;
}
