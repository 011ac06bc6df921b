import convnetjs from 'convnetjs';
import { createRng, deriveSeed } from '../../src/core/rng';
import { loadSplits } from './data';

export interface ConvnetRun {
  trainCount: number;
  warmupSamples: number;
  timedSamples: number;
  ms: number;
  samplesPerS: number;
  /** Mean training loss over the timed samples (a sanity check that it learns). */
  meanLoss: number;
}

/**
 * ConvNetJS 0.3.0 training the same network as Fitlab's CNN settings (conv3×3 → [pool 2×2] blocks, dense
 * head, softmax; 'valid' convolutions, ReLU) with plain SGD (no momentum, no decay) in batches of the
 * query's batch size, on the same training split, on the page's main thread. Only the `train` calls are
 * timed; building the volumes is not. The weights are drawn from a seeded generator (ConvNetJS uses
 * Math.random, swapped for the build only).
 */
export async function convnetjsRun(query: string, warmupSamples: number, timedSamples: number): Promise<ConvnetRun> {
  const { settings: s, shape, numClasses, train } = await loadSplits(query);
  if (shape.length !== 3 || s.model !== 'cnn') throw new Error('convnetjsRun needs a CNN on images.');
  const [h, w, c] = shape;
  const defs: { type: string; [k: string]: unknown }[] = [{ type: 'input', out_sx: w, out_sy: h, out_depth: c }];
  for (const block of s.conv) {
    defs.push({ type: 'conv', sx: s.kernel, filters: block.filters, stride: 1, pad: 0, activation: s.activation });
    if (block.pool) defs.push({ type: 'pool', sx: 2, stride: 2 });
  }
  for (const units of s.dense) defs.push({ type: 'fc', num_neurons: units, activation: s.activation });
  defs.push({ type: 'softmax', num_classes: numClasses });

  const net = new convnetjs.Net();
  const rng = createRng(deriveSeed(s.seed, 'init'));
  const random = Math.random;
  Math.random = rng.next;
  try {
    net.makeLayers(defs);
  } finally {
    Math.random = random;
  }
  const trainer = new convnetjs.Trainer(net, {
    method: 'sgd',
    learning_rate: s.lr,
    momentum: 0,
    l1_decay: 0,
    l2_decay: 0,
    batch_size: s.batchSize,
  });
  const size = h * w * c;
  const vols = Array.from({ length: train.count }, (_, i) => {
    const v = new convnetjs.Vol(w, h, c, 0);
    // Vol index ((y·sx) + x)·depth + d: the same order as Fitlab's [h, w, c] samples.
    v.w.set(train.x.subarray(i * size, (i + 1) * size));
    return v;
  });
  const at = (i: number) => i % train.count;
  for (let i = 0; i < warmupSamples; i++) trainer.train(vols[at(i)], train.y[at(i)]);
  let lossSum = 0;
  const t0 = performance.now();
  for (let i = warmupSamples; i < warmupSamples + timedSamples; i++) lossSum += trainer.train(vols[at(i)], train.y[at(i)]).loss;
  const ms = performance.now() - t0;
  return {
    trainCount: train.count,
    warmupSamples,
    timedSamples,
    ms,
    samplesPerS: timedSamples / (ms / 1000),
    meanLoss: lossSum / timedSamples,
  };
}
