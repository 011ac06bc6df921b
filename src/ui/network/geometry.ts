import type { NetworkSnapshot } from '../../core/network/types';

/** What the view's layout depends on: it changes with the model, not with every snapshot. */
export interface NetworkShape {
  inputs: { count: number; shown: number };
  layers: { units: number; shown: number; activation: string; role: 'hidden' | 'output' }[];
  /** Heatmap cells per side (2-D data), or 0: units then show their mean and inactive share. */
  resolution: number;
}

export function shapeOf(s: NetworkSnapshot): NetworkShape {
  return {
    inputs: s.inputs,
    layers: s.layers.map(({ units, shown, activation, role }) => ({ units, shown, activation, role })),
    resolution: s.plane?.resolution ?? 0,
  };
}

/** A string that changes exactly when the shape does, for React to re-render the layout on. */
export function shapeKey(s: NetworkSnapshot | null): string {
  return s ? JSON.stringify(shapeOf(s)) : '';
}

/** Where a unit sits, in CSS pixels from the view's top left. */
export interface UnitBox {
  x: number;
  y: number;
}

export interface Geometry {
  width: number;
  height: number;
  unitWidth: number;
  unitHeight: number;
  /** Column 0 holds the inputs, column i + 1 the snapshot's layer i. */
  columns: { x: number; units: UnitBox[] }[];
  /** The top of the notes under the columns ("+N more", inactive counts). */
  notesTop: number;
}

/** Heatmap units are squares (Playground's picture); statistic units are wider, for a bar. */
const HEATMAP_UNIT = 28;
const STAT_UNIT = { width: 44, height: 18 };
const UNIT_GAP = 5;
const COLUMN_GAP = 44;
/** Room for the column titles above the units. */
export const HEADER = 18;
/** Two lines of notes under the columns. */
const NOTES = 32;

export function layoutNetwork(shape: NetworkShape): Geometry {
  const unitWidth = shape.resolution ? HEATMAP_UNIT : STAT_UNIT.width;
  const unitHeight = shape.resolution ? HEATMAP_UNIT : STAT_UNIT.height;
  const counts = [shape.inputs.shown, ...shape.layers.map((l) => l.shown)];
  const tallest = Math.max(2, ...counts);
  const pitch = unitHeight + UNIT_GAP;
  const columns = counts.map((n, c) => {
    const x = c * (unitWidth + COLUMN_GAP);
    const top = HEADER + ((tallest - n) * pitch) / 2;
    return { x, units: Array.from({ length: n }, (_, u) => ({ x, y: top + u * pitch })) };
  });
  return {
    width: counts.length * unitWidth + (counts.length - 1) * COLUMN_GAP,
    height: HEADER + tallest * pitch + NOTES,
    unitWidth,
    unitHeight,
    columns,
    notesTop: HEADER + tallest * pitch,
  };
}
