import type { InsideSnapshot } from './types';

/**
 * Shape checks for the Inside view's data as it crosses the worker boundary: every map must hold one value
 * per cell and every filter one per pixel and channel, or the canvases would draw garbage.
 */
export function isInsideSnapshot(v: unknown): v is InsideSnapshot {
  if (!isRecord(v)) return false;
  return (
    Number.isInteger(v.testIndex) &&
    isNumbers(v.input) &&
    isNumbers(v.shape) &&
    Array.isArray(v.features) &&
    v.features.every(isFeatureLayer) &&
    (v.filters === null || isFilterGrid(v.filters)) &&
    Array.isArray(v.dense) &&
    v.dense.every((d) => isRecord(d) && typeof d.name === 'string' && isNumbers(d.values)) &&
    isNumbers(v.probabilities) &&
    Number.isInteger(v.predicted)
  );
}

function isFeatureLayer(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const cells = (v.height as number) * (v.width as number);
  return (
    typeof v.name === 'string' &&
    (v.kind === 'conv' || v.kind === 'pool') &&
    Number.isInteger(cells) &&
    Array.isArray(v.maps) &&
    v.maps.every((m) => isNumbers(m) && m.length === cells) &&
    typeof v.min === 'number' &&
    typeof v.max === 'number'
  );
}

function isFilterGrid(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const size = (v.height as number) * (v.width as number) * (v.channels as number);
  return (
    (v.channels === 1 || v.channels === 3) &&
    Number.isInteger(size) &&
    Array.isArray(v.filters) &&
    v.filters.every((f) => isNumbers(f) && f.length === size)
  );
}

/** Largest user input accepted (a 256×256 RGB image): anything larger is no Fitlab model's input. */
export const MAX_INPUT_VALUES = 256 * 256 * 3;

/** A user-made input: finite pixel values in [0, 1], not absurdly many. */
export function isUserInput(v: unknown): v is number[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.length <= MAX_INPUT_VALUES &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1)
  );
}

function isNumbers(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
