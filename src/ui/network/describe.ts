import type { NetworkLayer } from '../../core/network/types';

/** Column titles: "Layer 2" for hidden layers (1-based, as the model summary counts), "Output" last. */
export function columnTitle(layer: NetworkLayer | { role: 'hidden' | 'output' }, index: number): string {
  return layer.role === 'output' ? 'Output' : `Layer ${index + 1}`;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(2)).toString());
const pct = (v: number) => `${Math.round(100 * v)}%`;

/** What a heatmap unit shows, for screen readers and the enlarged view. */
export function describeHeatmap(title: string, unit: number, layer: NetworkLayer, values: Float32Array): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const what = layer.role === 'output' ? `probability of class ${unit + 1}` : layer.activation;
  return `${title}, unit ${unit + 1} (${what}): from ${fmt(lo)} to ${fmt(hi)} over the input plane; ${describeStat(layer, unit)}`;
}

/** A unit's mean over the test examples and how often it is inactive. */
export function describeStat(layer: NetworkLayer, unit: number): string {
  const share = layer.inactiveShare?.[unit];
  const inactive = share === undefined || layer.inactive === null ? '' : `, ${layer.inactive} on ${pct(share)} of them`;
  return `mean ${fmt(layer.mean[unit])} over the test examples${inactive}`;
}

/** The per-layer note: how many units are inactive on every test example (dying ReLU, saturation). */
export function inactiveNote(layer: NetworkLayer): string {
  if (layer.inactive === null || layer.inactiveUnits === null) return '';
  return `${layer.inactiveUnits}/${layer.units} ${layer.inactive}`;
}
