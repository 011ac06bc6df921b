/**
 * What the network view draws of an MLP while it trains (TensorFlow Playground's picture): per layer, a few
 * units, the weights between the drawn units, and what each unit responds to. Plain data: it crosses the
 * worker boundary, so typed arrays and numbers only.
 */

/** Units drawn per column; the rest are counted ("+N more"). Playground shows up to 8; a little more fits. */
export const MAX_DRAWN_UNITS = 10;

/**
 * How a unit can stop passing gradient: 'dead' for ReLU (output exactly 0), 'saturated' for sigmoid and
 * tanh (output within 1 % of its bounds, where the slope is near zero); null where neither applies.
 */
export type InactiveKind = 'dead' | 'saturated';

export interface NetworkLayer {
  /** The Dense layer's name in the model. */
  name: string;
  role: 'hidden' | 'output';
  /** All units of the layer; units 0 … shown−1 are drawn. */
  units: number;
  shown: number;
  /** The function producing the unit's value: relu, tanh, sigmoid, elu, selu, leaky, prelu, softmax, linear. */
  activation: string;
  /**
   * Kernel weights from the previous column's drawn units into this layer's drawn units, row-major
   * [previous shown × shown]; null when the previous column is not drawn unit by unit (many inputs).
   */
  weights: Float32Array | null;
  /** 2-D data: each drawn unit's value over the plane grid, resolution² each, concatenated; else null. */
  heatmaps: Float32Array | null;
  /** Each drawn unit's mean value over the probe examples. */
  mean: Float32Array;
  inactive: InactiveKind | null;
  /** Share of the probe examples on which each drawn unit is inactive; null when `inactive` is null. */
  inactiveShare: Float32Array | null;
  /** Units of the whole layer (drawn or not) inactive on every probe example; null when `inactive` is null. */
  inactiveUnits: number | null;
}

export interface NetworkSnapshot {
  /** Input features; `shown` is that count when each is drawn, 0 when there are too many to draw. */
  inputs: { count: number; shown: number };
  layers: NetworkLayer[];
  /** The grid the heatmaps are taken on (2-D data only): resolution² cell centres over [−extent, extent]². */
  plane: { resolution: number; extent: number } | null;
  /** Probe examples the means and inactive shares are taken over. */
  examples: number;
}
