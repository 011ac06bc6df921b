import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build';
import { planModel, type ModelInput, type ModelSettings } from '../../src/core/model/plan';
import { summarizeModel, summarizePlan, type ModelSummary } from '../../src/core/model/summary';
import { PRESETS } from '../../src/core/preset/presets';
import { ACTIVATIONS, INITIALIZERS, defaultSettings, isImageDataset, type ConvBlock } from '../../src/core/preset/schema';
import { effectiveModelSettings } from '../../src/core/train/run-config';

// The page shows the model summary from the plan alone (no TF.js on the page): it must say what the
// worker's built model says, layer by layer, for every kind of layer the settings can ask for.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Layer names are TF.js's own counters; everything else must match. */
const unnamed = (s: ModelSummary) => ({ ...s, layers: s.layers.map(({ name: _name, ...rest }) => rest) });

function bothSummaries(s: ModelSettings, input: ModelInput) {
  const model = buildModel(s, input);
  const built = summarizeModel(model);
  model.dispose();
  return { built: unnamed(built), planned: unnamed(summarizePlan(planModel(s, input))) };
}

const POINTS: ModelInput = { shape: [2], numClasses: 2 };
const TABLE_REGRESSION: ModelInput = { shape: [13], numClasses: 1, task: 'regression' };
const DIGITS: ModelInput = { shape: [8, 8, 1], numClasses: 10 };
const CIFAR: ModelInput = { shape: [32, 32, 3], numClasses: 10 };
const blocks: ConvBlock[] = [
  { filters: 4, pool: true },
  { filters: 3, pool: false },
];

describe('the model plan', () => {
  it('summarises like the built model: every activation, initialiser, batch norm, dropout and penalty, MLP and CNN', () => {
    let cases = 0;
    for (const activation of ACTIVATIONS)
      for (const init of INITIALIZERS)
        for (const batchNorm of [false, true])
          for (const [model, input] of [
            ['mlp', POINTS],
            ['mlp', TABLE_REGRESSION],
            ['mlp', DIGITS],
            ['cnn', DIGITS],
            ['cnn', CIFAR],
          ] as const) {
            cases++;
            const s: ModelSettings = {
              ...defaultSettings(),
              model,
              activation,
              init,
              batchNorm,
              alpha: 0.15,
              hidden: cases % 3 === 0 ? [] : [5, 3],
              dense: cases % 2 ? [] : [6],
              conv: blocks,
              kernel: input === CIFAR ? 3 : 2,
              dropout: cases % 2 === 0,
              dropoutRate: 0.3,
              l1: cases % 4 === 0,
              l1Lambda: 0.01,
              l2: cases % 5 < 2,
              l2Lambda: 0.002,
            };
            const { built, planned } = bothSummaries(s, input);
            expect(planned, `${model} ${activation} ${init} bn=${batchNorm} ${input.shape}`).toEqual(built);
          }
    expect(cases).toBe(ACTIVATIONS.length * INITIALIZERS.length * 2 * 5);
  });

  it('summarises every preset like its built model', () => {
    for (const preset of PRESETS) {
      const s = effectiveModelSettings({ ...defaultSettings(), ...preset.settings });
      const inputs = isImageDataset(s.dataset) ? [DIGITS, { shape: [28, 28, 1], numClasses: 10 }, CIFAR] : [POINTS, TABLE_REGRESSION];
      for (const input of inputs) {
        let planned: unknown;
        try {
          planned = unnamed(summarizePlan(planModel(s, input)));
        } catch (err) {
          // A preset's CNN may not fit the smallest images: then building it must fail with the same message.
          expect(() => buildModel(s, input).dispose(), preset.id).toThrow((err as Error).message);
          continue;
        }
        expect(planned, `${preset.id} ${input.shape}`).toEqual(bothSummaries(s, input).built);
      }
    }
  });

  it('counts parameters as Keras does (the 256-256 MLP on 8×8 digits; a BN CNN: moving statistics are not trainable)', () => {
    const mlp = summarizePlan(planModel({ ...defaultSettings(), hidden: [256, 256] }, DIGITS));
    expect(mlp.totalParams).toBe(64 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
    const cnn = summarizePlan(
      planModel({ ...defaultSettings(), model: 'cnn', conv: [{ filters: 8, pool: true }], kernel: 3, dense: [], batchNorm: true }, DIGITS),
    );
    // conv 3×3×1×8 (no bias) → BN 4×8 → pool 6×6→3×3 → flatten 72 → dense 72×10 + 10
    expect(cnn.layers.map((l) => l.outputShape)).toEqual([[6, 6, 8], [6, 6, 8], [6, 6, 8], [3, 3, 8], [72], [10]]);
    expect(cnn.totalParams).toBe(72 + 32 + 730);
    expect(cnn.trainableParams).toBe(72 + 16 + 730);
  });

  it('names what does not fit, with no TF.js involved', () => {
    const s = {
      ...defaultSettings(),
      model: 'cnn' as const,
      conv: [
        { filters: 8, pool: true },
        { filters: 8, pool: true },
        { filters: 8, pool: false },
      ],
      kernel: 3,
    };
    expect(() => planModel(s, DIGITS)).toThrow('Conv block 2 has 1×1 outputs, too small to pool: remove a pooling step.');
    expect(() => planModel({ ...s, conv: [{ filters: 8, pool: false }] }, POINTS)).toThrow('A CNN needs image data');
  });
});
