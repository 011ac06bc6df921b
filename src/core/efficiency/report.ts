import type * as tf from '@tensorflow/tfjs';
import { predictProbabilities, scoreProbabilities, scoreValues } from '../train/evaluate';
import type { SplitArrays } from '../train/types';
import { measureLatency } from './latency';
import { copyWithWeights } from './model-copy';
import { prunedCopy } from './prune';
import { roundTrip } from './quantize';
import { parameterBytes } from './size';
import type { EfficiencyReport } from './types';

export const DEFAULT_SPARSITIES = [0, 0.25, 0.5, 0.75, 0.9, 0.95];

export interface EfficiencyOptions {
  /** Checked between steps; a stopped report throws, since half a report would read as a finished one. */
  shouldStop?(): boolean;
  /** Awaited between steps, so a UI or worker stays responsive. */
  yieldControl?(): Promise<void>;
}

/**
 * Size, latency, and test score of the model as trained, with its weights quantised (float16, int8) and
 * with its kernels magnitude-pruned at each sparsity. The score is the one training reports: accuracy for
 * classification, R² for a regression model (one output, with test targets). Quantised copies round
 * every weight, biases included, exactly as a downloaded model of that precision loads. The model is not
 * changed; every copy is freed.
 */
export async function efficiencyReport(
  model: tf.LayersModel,
  test: SplitArrays,
  shape: number[],
  sparsities: number[] = DEFAULT_SPARSITIES,
  options: EfficiencyOptions = {},
): Promise<EfficiencyReport> {
  const step = async () => {
    await options.yieldControl?.();
    if (options.shouldStop?.()) throw new Error('The efficiency report was stopped: its model was replaced.');
  };
  const score = scorer(model, test, shape);
  const { params, bytes } = parameterBytes(model);
  const latency = await measureLatency(model, shape);
  await step();
  const baselineAccuracy = await score(model);
  await step();

  const quantized = {} as EfficiencyReport['quantized'];
  for (const precision of ['float16', 'int8'] as const) {
    let maxAbsError = 0;
    const copy = await copyWithWeights(model, (w) => {
      const r = roundTrip(w, precision);
      // Math.max keeps a NaN (a diverged weight) instead of skipping it.
      maxAbsError = Math.max(maxAbsError, r.maxAbsError);
      return r.values;
    });
    quantized[precision] = { accuracy: await scoreAndDispose(copy, score), maxAbsError };
    await step();
  }

  const pruning: EfficiencyReport['pruning'] = [];
  for (const sparsity of sparsities) {
    pruning.push({ sparsity, accuracy: await scoreAndDispose(await prunedCopy(model, sparsity), score) });
    await step();
  }
  return { params, bytes, latency, baselineAccuracy, quantized, pruning };
}

async function scoreAndDispose(copy: tf.LayersModel, score: (m: tf.LayersModel) => Promise<number>): Promise<number> {
  try {
    return await score(copy);
  } finally {
    copy.dispose();
  }
}

/** The task's score for any model of this architecture on `test`; NaN for an empty split. */
function scorer(model: tf.LayersModel, test: SplitArrays, shape: number[]): (m: tf.LayersModel) => Promise<number> {
  const outputs = model.outputs[0].shape;
  const units = outputs[outputs.length - 1] ?? 1;
  const regression = units === 1 && test.targets !== undefined;
  if (units === 1 && !regression) throw new Error('A one-output model needs regression targets on its test split.');
  return async (m) => {
    if (test.count === 0) return NaN;
    const out = await predictProbabilities(m, test, shape);
    return regression ? scoreValues(out, test.targets!, 'mse').metrics.r2 : scoreProbabilities(out, test.y, units).accuracy;
  };
}
