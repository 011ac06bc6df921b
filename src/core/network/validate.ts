import { MAX_DRAWN_UNITS, type NetworkSnapshot } from './types';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const count = (v: unknown, max = Infinity): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
/** A Float32Array of exactly `n` values (null allowed only where the field is optional). */
const floats = (v: unknown, n: number) => v instanceof Float32Array && v.length === n;

/**
 * Whether a network snapshot from the trainer is whole: every array as long as the drawn units say, so the
 * view never reads past an array or draws a unit from another layer's values.
 */
export function isNetworkSnapshot(v: unknown): v is NetworkSnapshot {
  if (!isRecord(v) || !isRecord(v.inputs) || !Array.isArray(v.layers) || !count(v.examples)) return false;
  const { count: inputs, shown: inputsShown } = v.inputs;
  if (!count(inputs) || !count(inputsShown, MAX_DRAWN_UNITS)) return false;
  const plane = v.plane;
  if (plane !== null && !(isRecord(plane) && count(plane.resolution, 256) && typeof plane.extent === 'number' && plane.extent > 0))
    return false;
  const cells = plane ? (plane.resolution as number) ** 2 : 0;
  let previousShown = inputsShown as number;
  for (const layer of v.layers as unknown[]) {
    if (!isRecord(layer) || typeof layer.name !== 'string' || typeof layer.activation !== 'string') return false;
    if ((layer.role !== 'hidden' && layer.role !== 'output') || !count(layer.units) || !count(layer.shown, MAX_DRAWN_UNITS)) return false;
    const shown = layer.shown as number;
    if (shown > (layer.units as number)) return false;
    if (!(layer.weights === null ? previousShown === 0 : floats(layer.weights, previousShown * shown))) return false;
    if (!(plane ? floats(layer.heatmaps, shown * cells) : layer.heatmaps === null)) return false;
    if (!floats(layer.mean, shown)) return false;
    const inactive = layer.inactive;
    if (inactive === null) {
      if (layer.inactiveShare !== null || layer.inactiveUnits !== null) return false;
    } else if (!(
      (inactive === 'dead' || inactive === 'saturated') &&
      floats(layer.inactiveShare, shown) &&
      count(layer.inactiveUnits, layer.units as number)
    )) {
      return false;
    }
    previousShown = shown;
  }
  return true;
}
