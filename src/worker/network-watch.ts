import type * as tf from '@tensorflow/tfjs';
import { networkPlan, networkSnapshot, type NetworkProbe } from '../core/network/network';
import type { SplitArrays } from '../core/train/types';
import { featureSize } from '../core/types';
import type { FromTrainer } from './protocol';

/** Snapshots while training come at most this often: smooth enough to watch, rare enough to cost little. */
export const NETWORK_MIN_MS = 300;
/**
 * And never closer than this share of the time between them allows: a snapshot that took 20 ms waits at
 * least 20 / 0.05 = 400 ms, so the network view costs training at most about 5 % whatever the model.
 */
const MAX_SHARE = 0.05;
/** Test examples the means and dead shares are taken over: enough for a share in whole per cent. */
const PROBE_EXAMPLES = 256;
/** Heatmap cells per side: Playground-sized unit pictures (its own are 10×10 px, drawn from a 100² grid). */
export const HEATMAP_RESOLUTION = 24;
/** The plane the heatmaps cover: the decision boundary's, so the two line up. */
const PLANE_EXTENT = 1.2;

export interface NetworkWatch {
  /** Between batches and at epoch ends: a snapshot when the view is open and the last one is old enough. */
  tick(epochsDone: number): Promise<void>;
  /** Now, whatever the clock: the run is holding (paused) or has finished training. */
  now(epochsDone: number): Promise<void>;
}

/**
 * The network view's side of a run: snapshots of an MLP from its live weights, throttled, computed only
 * while the view is open (`isOpen`, set by the page's 'watch' message). Null for models the view does not
 * draw (CNNs). `examples`: the split the statistics are taken on (the test split's first examples).
 */
export function watchNetwork(
  model: tf.LayersModel,
  shape: number[],
  examples: SplitArrays,
  emit: (snapshot: Extract<FromTrainer, { type: 'network' }>['snapshot'], epochsDone: number) => void,
  isOpen: () => boolean,
  clock: () => number = () => performance.now(),
): NetworkWatch | null {
  const plan = networkPlan(model);
  if (!plan || examples.count === 0) return null;
  const count = Math.min(PROBE_EXAMPLES, examples.count);
  const probe: NetworkProbe = {
    shape,
    examples: examples.x.subarray(0, count * featureSize(shape)),
    count,
    ...(shape.length === 1 && shape[0] === 2 ? { plane: { resolution: HEATMAP_RESOLUTION, extent: PLANE_EXTENT } } : {}),
  };
  let nextAt = -Infinity;
  const take = async (epochsDone: number) => {
    const t0 = clock();
    emit(await networkSnapshot(model, plan, probe), epochsDone);
    const t1 = clock();
    nextAt = t1 + Math.max(NETWORK_MIN_MS, (t1 - t0) / MAX_SHARE);
  };
  return {
    async tick(epochsDone) {
      if (isOpen() && clock() >= nextAt) await take(epochsDone);
    },
    now: take,
  };
}
