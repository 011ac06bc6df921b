/**
 * What one input looks like inside an image model: plain data (no tensors), so it crosses the worker boundary
 * and the UI draws it as it is.
 */

/** One conv or pool stage's output for the input: `shown` of its `channels` maps, each height × width. */
export interface FeatureLayer {
  /** The tapped layer's name (the model's own), so a test can build the same sub-model. */
  name: string;
  kind: 'conv' | 'pool';
  height: number;
  width: number;
  channels: number;
  /** Raw activations, one row-major height × width array per shown channel (the first `maps.length`). */
  maps: number[][];
  /** Range over every shown map, so the UI scales a layer's maps together (a dim map stays dim). */
  min: number;
  max: number;
}

/** The first conv layer's kernels, each scaled to [0, 1] on its own (a filter's pattern, not its size). */
export interface FilterGrid {
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB): the input's channels. */
  channels: number;
  /** One HWC array per filter, values in [0, 1]. */
  filters: number[][];
}

/** A hidden dense stage's output (after its activation): the first `values.length` of `units`. */
export interface DenseLayer {
  name: string;
  units: number;
  values: number[];
}

export interface InsideSnapshot {
  /** Which test example (−1 for an input the user made). */
  testIndex: number;
  /** The input itself, HWC in [0, 1], so the view shows exactly what went in. */
  input: number[];
  shape: number[];
  features: FeatureLayer[];
  filters: FilterGrid | null;
  dense: DenseLayer[];
  probabilities: number[];
  predicted: number;
}

/** At most this many maps per layer and units per dense layer cross the boundary: a grid beyond is unreadable. */
export const MAX_MAPS = 32;
export const MAX_UNITS = 128;
