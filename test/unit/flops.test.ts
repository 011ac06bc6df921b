import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build';
import { trainingFlopsPerSample } from '../../src/core/model/flops';
import { defaultSettings } from '../../src/core/preset/schema';

describe('training FLOPs per sample', () => {
  it('counts the MLP: 2·in·out forward a dense layer, backward twice that but the first layer once', () => {
    const model = buildModel(
      { ...defaultSettings(), model: 'mlp', hidden: [16, 8] },
      { shape: [2], numClasses: 3, task: 'classification' },
    );
    const f = trainingFlopsPerSample(model);
    expect(f.layers.map((l) => l.forward)).toEqual([2 * 2 * 16, 2 * 16 * 8, 2 * 8 * 3]);
    expect(f.forward).toBe(64 + 256 + 48);
    expect(f.backward).toBe(64 + 2 * (256 + 48));
    expect(f.total).toBe(f.forward + f.backward);
    model.dispose();
  });

  it("counts the CNN's convolutions from their output shapes ('valid' and 'same')", () => {
    const s = {
      ...defaultSettings(),
      model: 'cnn' as const,
      conv: [
        { filters: 4, pool: true },
        { filters: 6, pool: false },
      ],
      kernel: 3,
      dense: [5],
    };
    const model = buildModel(s, { shape: [8, 8, 1], numClasses: 2, task: 'classification' });
    const f = trainingFlopsPerSample(model);
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs).toHaveLength(2);
    const [c1, c2] = convs.map((l) => (l.outputShape as number[]).slice(1));
    // 3×3 kernels: 9 multiply-adds per input channel per output value.
    expect(f.layers[0].forward).toBe(2 * 9 * 1 * c1[0] * c1[1] * c1[2]);
    expect(f.layers[1].forward).toBe(2 * 9 * 4 * c2[0] * c2[1] * c2[2]);
    expect(f.layers).toHaveLength(4);
    model.dispose();
  });
});
