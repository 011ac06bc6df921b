import type * as tf from '@tensorflow/tfjs';
import { modelArtifacts } from '../core/efficiency/export';
import type { FromTrainer } from './protocol';

/** Weights go to the page at most this often: a fast run (dozens of epochs a second) sends a few a second. */
export const WEIGHTS_MIN_MS = 500;
/**
 * And never closer than this share of the time between them allows: weights that took 10 ms to read back
 * wait at least 10 / 0.02 = 500 ms, so keeping them costs training at most about 2 % whatever the model.
 */
const MAX_SHARE = 0.02;

export type WeightsEvent = Extract<FromTrainer, { type: 'weights' }>;

/**
 * The run's last good weights, sent at the end of an epoch so a run cut short (reload, dead worker, lost
 * context) keeps a model the user can download or evaluate. The files are the model download's own
 * (model.json and .weights.bin, float32), named after the run and epoch; the bytes are handed over, not copied.
 */
export function watchWeights(
  runId: string,
  model: tf.LayersModel,
  send: (event: WeightsEvent) => void,
  clock: () => number = () => performance.now(),
) {
  let nextAt = -Infinity;
  return async (epoch: number): Promise<void> => {
    if (clock() < nextAt) return;
    const t0 = clock();
    const files = await modelArtifacts(model, 'float32', `fitlab-${runId}-epoch-${epoch}`);
    const t1 = clock();
    send({ type: 'weights', runId, epoch, modelJson: files.modelJson, weights: files.weights, ms: t1 - t0 });
    nextAt = t1 + Math.max(WEIGHTS_MIN_MS, (t1 - t0) / MAX_SHARE);
  };
}
