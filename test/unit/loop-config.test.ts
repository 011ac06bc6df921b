import { describe, expect, it } from 'vitest';
import { defaultSettings, SCHEMA } from '../../src/core/preset/schema';
import { resolveTrainConfig, type TrainConfig } from '../../src/core/train/loop-config';

const BARE: TrainConfig = { epochs: 3, batchSize: 16, optimizer: 'adam', lr: 0.01, seed: 7, augment: null };

describe("the loop's defaults come from the schema rows", () => {
  it("fills every knob left out with its row's default", () => {
    const defaults = defaultSettings();
    const resolved = resolveTrainConfig(BARE);
    const knobs = [
      'momentum',
      'schedule',
      'lrEvery',
      'lrFactor',
      'lrDecay',
      'lrPatience',
      'minLr',
      'earlyStop',
      'esMonitor',
      'esPatience',
      'esMinDelta',
      'esRestore',
      'classWeights',
      'regLoss',
    ] as const;
    for (const name of knobs) expect(resolved[name], name).toBe(defaults[name]);
    expect(resolved).toMatchObject({
      schedule: 'constant',
      earlyStop: false,
      esMonitor: 'val_loss',
      esRestore: true,
      regLoss: 'mse',
      classWeights: false,
    });
  });

  it('follows a row whose default changes, and keeps the values it is given', () => {
    const row = SCHEMA.lrPatience as { default: number };
    const was = row.default;
    row.default = 11;
    try {
      expect(resolveTrainConfig(BARE).lrPatience).toBe(11);
      expect(resolveTrainConfig({ ...BARE, lrPatience: 2, esMinDelta: 0.5 })).toMatchObject({
        lrPatience: 2,
        esMinDelta: 0.5,
        epochs: 3,
        seed: 7,
      });
    } finally {
      row.default = was;
    }
  });
});
