import { networkPlan, networkSnapshot } from '../../src/core/network/network';
import { buildModel } from '../../src/core/model/build';
import { startBackend } from '../../src/worker/backend';
import { HEATMAP_RESOLUTION } from '../../src/worker/network-watch';
import { loadSplits } from './data';

/**
 * What one network-view snapshot costs, on the page (WASM, as the worker's runs): the run's model and
 * examples, the probe the worker uses (256 test examples, a 24² plane for 2-D data), timed `reps` times after a
 * warm-up. Returns the median in ms. A direct figure beside the noisy open-vs-closed throughput ratio.
 */
export async function snapshotCost(query: string, reps: number): Promise<number> {
  if (!(await startBackend('wasm'))) throw new Error('wasm did not start');
  // The validation split stands in for the test split the worker uses: same kind of examples, same count.
  const { settings: s, shape, numClasses, val: test } = await loadSplits(query);
  const model = buildModel(s, { shape, numClasses });
  try {
    const plan = networkPlan(model);
    if (!plan) throw new Error(`${query} is not an MLP`);
    const count = Math.min(256, test.count);
    const size = shape.reduce((a, b) => a * b, 1);
    const twoD = shape.length === 1 && shape[0] === 2;
    const probe = {
      shape,
      examples: test.x.subarray(0, count * size),
      count,
      ...(twoD ? { plane: { resolution: HEATMAP_RESOLUTION, extent: 1.2 } } : {}),
    };
    await networkSnapshot(model, plan, probe);
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await networkSnapshot(model, plan, probe);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    model.dispose();
  }
}
