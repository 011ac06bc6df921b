import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DRAW_TARGETS,
  drawTargetFor,
  inkFromGrey,
  inkFromRgba,
  preprocessDrawing,
  type DrawTarget,
  type Ink,
} from '../../src/core/inside/drawing';
import { insideSnapshot, scaleToUnit } from '../../src/core/inside/snapshot';
import { insideTaps } from '../../src/core/inside/taps';
import { buildModel } from '../../src/core/model/build';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

/** A side × side pad with ink 1 (or `level`) inside each given rectangle [x, y, w, h]. */
function pad(side: number, rects: [number, number, number, number][], level = 1): Ink {
  const values = new Float32Array(side * side);
  for (const [x0, y0, w, h] of rects) for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) values[y * side + x] = level;
  return { values, width: side, height: side };
}

/** The expected input as rows of numbers, for readable failures. */
function rows(values: Float32Array | null, size: number): number[][] {
  if (!values) return [];
  return Array.from({ length: size }, (_, y) => Array.from(values.subarray(y * size, (y + 1) * size), (v) => Math.round(v * 1000) / 1000));
}

describe('drawing preprocessing', () => {
  it('maps a tall bar to the two middle columns of an 8×8 digit, full height, at the top of the 0–16 range', () => {
    // 8 wide × 32 tall at (20, 10) on a 64-pixel pad: height fills the 32-pixel frame (scale 1), so the
    // bar covers frame columns 12..19, i.e. exactly blocks 3 and 4, every one of their 16 pixels on.
    const input = preprocessDrawing(pad(64, [[20, 10, 8, 32]]), DRAW_TARGETS.digits);
    const expected = Array.from({ length: 8 }, () => [0, 0, 0, 1, 1, 0, 0, 0]);
    expect(rows(input, 8)).toEqual(expected);
  });

  it('counts on-pixels per 4×4 block, so a thin stroke gives a partial level in sixteenths', () => {
    // 2 wide × 32 tall (scale 1): frame columns 15..16 straddle blocks 3 and 4, one column (4 of 16 pixels) each.
    const input = preprocessDrawing(pad(64, [[5, 3, 2, 32]]), DRAW_TARGETS.digits);
    expect(rows(input, 8)).toEqual(Array.from({ length: 8 }, () => [0, 0, 0, 0.25, 0.25, 0, 0, 0]));
  });

  it('gives the same input wherever and however large the same shape is drawn', () => {
    const small = preprocessDrawing(
      pad(200, [
        [10, 10, 20, 60],
        [30, 60, 30, 10],
      ]),
      DRAW_TARGETS.digits,
    );
    const moved = preprocessDrawing(
      pad(300, [
        [110, 70, 40, 120],
        [150, 170, 60, 20],
      ]),
      DRAW_TARGETS.digits,
    );
    expect(small).not.toBeNull();
    expect(rows(moved, 8)).toEqual(rows(small, 8));
  });

  it('fits a Fashion-MNIST drawing by its longest edge into 28×28, centred, in 1/255 steps', () => {
    // 56 wide × 28 tall → 28 × 14, rows 7..20; ink at half strength stays half (128 / 255).
    const input = preprocessDrawing(pad(112, [[30, 40, 56, 28]], 0.5), DRAW_TARGETS.fashion);
    const expected = Array.from({ length: 28 }, (_, y) =>
      Array.from({ length: 28 }, () => (y >= 7 && y < 21 ? Math.round((128 / 255) * 1000) / 1000 : 0)),
    );
    expect(rows(input, 28)).toEqual(expected);
  });

  it('centres by mass when asked: a lopsided L has its centre of mass at the frame centre', () => {
    const target: DrawTarget = { ...DRAW_TARGETS.fashion, centre: 'mass', fill: 20 / 28 };
    const input = preprocessDrawing(
      pad(100, [
        [10, 10, 10, 80],
        [10, 80, 80, 10],
      ]),
      target,
    )!;
    let total = 0;
    let cx = 0;
    let cy = 0;
    input.forEach((v, i) => {
      total += v;
      cx += v * ((i % 28) + 0.5);
      cy += v * (Math.floor(i / 28) + 0.5);
    });
    expect(Math.abs(cx / total - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy / total - 14)).toBeLessThanOrEqual(0.5);
    // Box centring would put the L's corner farther from the centre.
    const boxed = preprocessDrawing(
      pad(100, [
        [10, 10, 10, 80],
        [10, 80, 80, 10],
      ]),
      { ...target, centre: 'box' },
    )!;
    expect(rows(boxed, 28)).not.toEqual(rows(input, 28));
  });

  it('returns null for an empty pad', () => {
    expect(preprocessDrawing(pad(64, []), DRAW_TARGETS.digits)).toBeNull();
  });

  it('reads pad pixels as luminance and negates a photo on light paper', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255]);
    expect(Array.from(inkFromRgba(rgba, 2, 1).values)).toEqual([1, 0]);
    const paper = new Float32Array(9).fill(1);
    paper[4] = 0;
    expect(Array.from(inkFromGrey(paper, 3, 3).values)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('offers a pad only for digits and Fashion-MNIST models of their own input shape', () => {
    expect(drawTargetFor('digits', [8, 8, 1])).toBe(DRAW_TARGETS.digits);
    expect(drawTargetFor('fashion', [28, 28, 1])).toBe(DRAW_TARGETS.fashion);
    expect(drawTargetFor('digits', [64])).toBeNull();
    expect(drawTargetFor('cifar', [32, 32, 3])).toBeNull();
  });
});

describe('inside snapshot', () => {
  const settings = {
    ...defaultSettings(),
    model: 'cnn' as const,
    conv: [
      { filters: 4, pool: true },
      { filters: 6, pool: false },
    ],
    kernel: 3,
    dense: [5],
    seed: 3,
  };
  const shape = [12, 12, 1];

  function image(seed: number): Float32Array {
    const rng = createRng(seed);
    return Float32Array.from({ length: 144 }, () => rng.next());
  }

  it('taps conv, pool and dense stages after their activation layers', () => {
    const model = buildModel({ ...settings, batchNorm: true, activation: 'leaky' }, { shape, numClasses: 3 });
    models.push(model);
    const taps = insideTaps(model);
    expect(taps.map((t) => t.kind)).toEqual(['conv', 'pool', 'conv', 'dense']);
    const classes = taps.map((t) => model.layers[t.layer].getClassName());
    expect(classes).toEqual(['LeakyReLU', 'MaxPooling2D', 'LeakyReLU', 'LeakyReLU']);
  });

  it('feature maps, dense activations and softmax equal the outputs of tf.model sub-models', async () => {
    const model = buildModel(settings, { shape, numClasses: 3 });
    models.push(model);
    const x = image(7);
    const snap = await insideSnapshot(model, x, shape, 4);
    expect(snap.features.map((f) => [f.kind, f.height, f.width, f.channels])).toEqual([
      ['conv', 10, 10, 4],
      ['pool', 5, 5, 4],
      ['conv', 3, 3, 6],
    ]);
    for (const f of snap.features) {
      const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(f.name).output as tf.SymbolicTensor });
      const out = tf.tidy(() => sub.predict(tf.tensor(x, [1, ...shape])) as tf.Tensor);
      const hwc = (await out.data()) as Float32Array;
      out.dispose();
      for (let c = 0; c < f.channels; c++) {
        const direct = Array.from({ length: f.height * f.width }, (_, p) => hwc[p * f.channels + c]);
        f.maps[c].forEach((v, p) => expect(v).toBeCloseTo(direct[p], 5));
      }
      expect(f.min).toBe(Math.min(...f.maps.flat()));
    }
    const dense = tf.model({ inputs: model.inputs, outputs: model.getLayer(snap.dense[0].name).output as tf.SymbolicTensor });
    const d = tf.tidy(() => dense.predict(tf.tensor(x, [1, ...shape])) as tf.Tensor);
    expect(snap.dense[0].values.map((v) => +v.toFixed(5))).toEqual(Array.from(await d.data(), (v) => +v.toFixed(5)));
    d.dispose();
    const p = tf.tidy(() => model.predict(tf.tensor(x, [1, ...shape])) as tf.Tensor);
    const probs = Array.from(await p.data());
    p.dispose();
    snap.probabilities.forEach((v, i) => expect(v).toBeCloseTo(probs[i], 6));
    expect(snap.predicted).toBe(probs.indexOf(Math.max(...probs)));
    expect(snap.testIndex).toBe(4);
  });

  it('shows each first-layer filter scaled to [0, 1] on its own', async () => {
    const model = buildModel(settings, { shape, numClasses: 3 });
    models.push(model);
    const snap = await insideSnapshot(model, image(1), shape, 0);
    const kernel = model.layers[0].getWeights()[0];
    const k = (await kernel.data()) as Float32Array;
    expect(snap.filters).not.toBeNull();
    expect(snap.filters!.filters).toHaveLength(4);
    for (let f = 0; f < 4; f++) {
      const raw = Array.from({ length: 9 }, (_, p) => k[p * 4 + f]);
      snap.filters!.filters[f].forEach((v, p) => expect(v).toBeCloseTo(scaleToUnit(raw)[p], 6));
      expect(Math.min(...snap.filters!.filters[f])).toBe(0);
      expect(Math.max(...snap.filters!.filters[f])).toBe(1);
    }
  });

  it('leaves the tensor count flat across repeated snapshots', async () => {
    const model = buildModel(settings, { shape, numClasses: 3 });
    models.push(model);
    await insideSnapshot(model, image(1), shape, 0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await insideSnapshot(model, image(i), shape, i);
    expect(tf.memory().numTensors).toBe(before);
  });
});
