import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type ModelInput, type ModelSettings } from '../../src/core/model/build';
import { summarizeModel } from '../../src/core/model/summary';
import { ACTIVATIONS, OPTIMIZERS, defaultSettings, type OptimizerName } from '../../src/core/preset/schema';
import { AdadeltaOptimizer } from '../../src/core/train/adadelta';
import { NadamOptimizer, nadamMomentum } from '../../src/core/train/nadam';
import { makeOptimizer, setLearningRate } from '../../src/core/train/optimizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---------------------------------------------------------------- optimisers against hand-computed rules

/** The tiny quadratic f(x) = ½ Σ a_i x_i², whose gradient is a ⊙ x. */
const A = [1, 4, 0.25];
const X0 = [1, -2, 3];
const LR = 0.1;
const STEPS = 3;
const grad = (x: number[]) => x.map((v, i) => A[i] * v);

/** x after each of the first STEPS steps of a TF.js optimiser minimising f from X0. */
function tfSteps(opt: tf.Optimizer): number[][] {
  const x = tf.tidy(() => tf.variable(tf.tensor1d(X0)));
  const a = tf.tensor1d(A);
  const out: number[][] = [];
  for (let s = 0; s < STEPS; s++) {
    opt.minimize(() => x.square().mul(a).sum().mul(0.5) as tf.Scalar, false, [x]);
    out.push(Array.from(x.dataSync()));
  }
  opt.dispose();
  x.dispose();
  a.dispose();
  return out;
}

/** The same steps worked out in float64 from an update rule: `step(x, g, t)` returns the new x (t 1-based). */
function handSteps(step: (x: number[], g: number[], t: number) => number[]): number[][] {
  let x = [...X0];
  const out: number[][] = [];
  for (let t = 1; t <= STEPS; t++) {
    x = step(x, grad(x), t);
    out.push(x);
  }
  return out;
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, s) =>
    row.forEach((v, i) =>
      expect(Math.abs(v - expected[s][i]), `step ${s + 1}, x[${i}]: ${v} vs ${expected[s][i]}`).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(expected[s][i])),
      ),
    ),
  );
}

const zeros = () => X0.map(() => 0);

/** Hand-written update rules, one per optimiser, with the defaults makeOptimizer uses. */
function rule(name: OptimizerName, eps: number): (x: number[], g: number[], t: number) => number[] {
  const mu = 0.9;
  const [b1, b2] = [0.9, 0.999];
  switch (name) {
    case 'sgd':
      return (x, g) => x.map((v, i) => v - LR * g[i]);
    case 'momentum': {
      // TF.js / Keras (Sutskever et al. 2013 form): acc ← μ acc + g; x ← x − lr acc.
      const acc = zeros();
      return (x, g) =>
        x.map((v, i) => {
          acc[i] = mu * acc[i] + g[i];
          return v - LR * acc[i];
        });
    }
    case 'nesterov': {
      // acc ← μ acc + g; x ← x − lr (g + μ acc).
      const acc = zeros();
      return (x, g) =>
        x.map((v, i) => {
          acc[i] = mu * acc[i] + g[i];
          return v - LR * (g[i] + mu * acc[i]);
        });
    }
    case 'adam': {
      const [m, v2] = [zeros(), zeros()];
      return (x, g, t) =>
        x.map((v, i) => {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v2[i] = b2 * v2[i] + (1 - b2) * g[i] ** 2;
          return v - (LR * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v2[i] / (1 - b2 ** t)) + eps);
        });
    }
    case 'adamax': {
      // Kingma & Ba 2015, Algorithm 2 (with ε in the denominator, as Keras).
      const [m, u] = [zeros(), zeros()];
      return (x, g, t) =>
        x.map((v, i) => {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          u[i] = Math.max(b2 * u[i], Math.abs(g[i]));
          return v - (LR / (1 - b1 ** t)) * (m[i] / (u[i] + eps));
        });
    }
    case 'nadam': {
      // Keras's Nadam, written as Keras writes it (m_schedule carried from step to step).
      const [m, v2] = [zeros(), zeros()];
      let schedule = 1;
      return (x, g, t) => {
        const muT = b1 * (1 - 0.5 * 0.96 ** (0.004 * t));
        const muT1 = b1 * (1 - 0.5 * 0.96 ** (0.004 * (t + 1)));
        const scheduleNew = schedule * muT;
        const scheduleNext = scheduleNew * muT1;
        schedule = scheduleNew;
        return x.map((v, i) => {
          const gPrime = g[i] / (1 - scheduleNew);
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          const mPrime = m[i] / (1 - scheduleNext);
          v2[i] = b2 * v2[i] + (1 - b2) * g[i] ** 2;
          const vPrime = v2[i] / (1 - b2 ** t);
          const mBar = (1 - muT) * gPrime + muT1 * mPrime;
          return v - (LR * mBar) / (Math.sqrt(vPrime) + eps);
        });
      };
    }
    case 'rmsprop': {
      // TF.js defaults: ρ = 0.9, no momentum: ms ← ρ ms + (1−ρ) g²; x ← x − lr g / √(ms + ε).
      const ms = zeros();
      return (x, g) =>
        x.map((v, i) => {
          ms[i] = 0.9 * ms[i] + 0.1 * g[i] ** 2;
          return v - (LR * g[i]) / Math.sqrt(ms[i] + eps);
        });
    }
    case 'adagrad': {
      // Duchi et al. 2011, accumulator starting at 0.1 (Keras / TF.js): acc ← acc + g²; x ← x − lr g / √(acc + ε).
      const acc = X0.map(() => 0.1);
      return (x, g) =>
        x.map((v, i) => {
          acc[i] += g[i] ** 2;
          return v - (LR * g[i]) / Math.sqrt(acc[i] + eps);
        });
    }
    case 'adadelta': {
      // Zeiler 2012, Algorithm 1, times lr (Keras), ρ = 0.95.
      const [eg, ed] = [zeros(), zeros()];
      return (x, g) =>
        x.map((v, i) => {
          eg[i] = 0.95 * eg[i] + 0.05 * g[i] ** 2;
          const delta = (Math.sqrt(ed[i] + eps) / Math.sqrt(eg[i] + eps)) * g[i];
          ed[i] = 0.95 * ed[i] + 0.05 * delta ** 2;
          return v - LR * delta;
        });
    }
  }
}

describe('optimisers: first steps against the published update rules', () => {
  it.each(OPTIMIZERS)('%s', (name) => {
    const eps = tf.backend().epsilon();
    expectClose(tfSteps(makeOptimizer(name, LR)), handSteps(rule(name, eps)));
  });

  it("Nadam: the momentum schedule is Keras's μ_t = β1(1 − ½·0.96^(0.004 t))", () => {
    expect(nadamMomentum(0.9, 1)).toBeCloseTo(0.9 * (1 - 0.5 * 0.96 ** 0.004), 15);
    expect(nadamMomentum(0.9, 1)).toBeCloseTo(0.45007, 5);
  });

  it('Nadam differs from Adam (it is not Adam under another name)', () => {
    const nadam = tfSteps(makeOptimizer('nadam', LR));
    const adam = tfSteps(makeOptimizer('adam', LR));
    expect(Math.abs(nadam[0][0] - adam[0][0])).toBeGreaterThan(1e-3);
  });

  it('momentum uses the momentum setting', () => {
    const half = tfSteps(makeOptimizer('momentum', LR, { momentum: 0.5 }));
    const expected = handSteps(
      (() => {
        const acc = zeros();
        return (x: number[], g: number[]) => x.map((v, i) => v - LR * (acc[i] = 0.5 * acc[i] + g[i]));
      })(),
    );
    expectClose(half, expected);
  });

  it("why Adadelta is our own: tf.train.adadelta's first step is a plain SGD step of lr · g", () => {
    const [first] = tfSteps(tf.train.adadelta(LR));
    expectClose([first], [X0.map((v, i) => v - LR * A[i] * v)]);
    const [ours] = tfSteps(new AdadeltaOptimizer(LR));
    expect(Math.abs(ours[0] - X0[0])).toBeLessThan(1e-3); // √ε / √(0.05 g²) · g: a tiny first step
  });

  it.each(OPTIMIZERS)('%s honours a learning rate changed after construction (setLearningRate)', (name) => {
    const set = makeOptimizer(name, 1);
    setLearningRate(set, LR);
    expect(tfSteps(set)).toEqual(tfSteps(makeOptimizer(name, LR)));
    // And it mattered: the rate it was built with gives other steps.
    expect(tfSteps(makeOptimizer(name, 1))).not.toEqual(tfSteps(makeOptimizer(name, LR)));
  });

  it.each(OPTIMIZERS)('%s leaves no tensors behind', (name) => {
    const before = tf.memory().numTensors;
    const opt = makeOptimizer(name, LR);
    setLearningRate(opt, LR / 2);
    tfSteps(opt);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Nadam: serialisation and state', () => {
  it('is registered as "Nadam" and round-trips its config', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(map.Nadam?.[0]).toBe(NadamOptimizer);
    const opt = new NadamOptimizer(0.01, 0.8, 0.99, 1e-6);
    const copy = NadamOptimizer.fromConfig(NadamOptimizer, opt.getConfig()) as NadamOptimizer;
    expect(copy.getConfig()).toEqual({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    expect(copy.getClassName()).toBe('Nadam');
    opt.dispose();
    copy.dispose();
  });

  it('getWeights / setWeights carry the state: a restored optimiser takes the same next step', async () => {
    const x = tf.tidy(() => tf.variable(tf.tensor1d(X0)));
    const a = tf.tensor1d(A);
    const f = () => x.square().mul(a).sum().mul(0.5) as tf.Scalar;
    const first = new NadamOptimizer(LR);
    first.minimize(f, false, [x]);
    first.minimize(f, false, [x]);
    const saved = (await first.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    expect(saved.map((w) => w.name)).toEqual(['iter', `${x.name}/m`, `${x.name}/v`]);
    const second = new NadamOptimizer(LR);
    await second.setWeights(saved);
    expect(second.iterations).toBe(2);
    const start = x.clone();
    first.minimize(f, false, [x]);
    const viaFirst = Array.from(x.dataSync());
    x.assign(start);
    second.minimize(f, false, [x]);
    expect(Array.from(x.dataSync())).toEqual(viaFirst);
    tf.dispose([x, a, start, ...saved.map((w) => w.tensor)]);
    first.dispose();
    second.dispose();
  });
});

// ---------------------------------------------------------------- model knobs

const built: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of built.splice(0)) m.dispose();
});
function build(patch: Partial<ModelSettings>, input: ModelInput): tf.Sequential {
  const model = buildModel({ ...defaultSettings(), ...patch }, input);
  built.push(model);
  return model;
}
const POINTS: ModelInput = { shape: [2], numClasses: 3 };
const DIGITS: ModelInput = { shape: [8, 8, 1], numClasses: 10 };
const types = (m: tf.LayersModel) => summarizeModel(m).layers.map((l) => l.type);
const kernel = (m: tf.LayersModel, layer: number) => Array.from(m.layers[layer].getWeights()[0].dataSync());

describe('buildModel: activations', () => {
  it.each(ACTIVATIONS)('%s builds and predicts finite probabilities', (activation) => {
    const m = build({ hidden: [8, 8], activation }, POINTS);
    const p = tf.tidy(() => Array.from((m.predict(tf.tensor2d([[0.3, -0.7]])) as tf.Tensor).dataSync()));
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it('built-in activations stay inside the dense layer (unchanged architecture); leaky / PReLU are layers of their own', () => {
    expect(types(build({ hidden: [8], activation: 'selu' }, POINTS))).toEqual(['Dense', 'Dense']);
    expect(build({ hidden: [8], activation: 'selu' }, POINTS).layers[0].getConfig().activation).toBe('selu');
    const leaky = build({ hidden: [8], activation: 'leaky', alpha: 0.3 }, POINTS);
    expect(types(leaky)).toEqual(['Dense', 'LeakyReLU', 'Dense']);
    expect(leaky.layers[0].getConfig().activation).toBe('linear');
    expect(leaky.layers[1].getConfig().alpha).toBeCloseTo(0.3, 6);
  });

  it('leaky ReLU passes α·x for negative inputs', () => {
    const m = build({ hidden: [4], activation: 'leaky', alpha: 0.25 }, POINTS);
    const act = m.layers[1];
    const y = tf.tidy(() => Array.from((act.apply(tf.tensor2d([[-2, 3, 0, -0.5]])) as tf.Tensor).dataSync()));
    expect(y).toEqual([-0.5, 3, 0, -0.125]);
  });

  it('PReLU learns one α per unit in dense layers and one per channel in conv layers, starting at α', () => {
    const dense = summarizeModel(build({ hidden: [8, 5], activation: 'prelu', alpha: 0.25 }, POINTS));
    expect(dense.layers.map((l) => [l.type, l.params])).toEqual([
      ['Dense', 24],
      ['PReLU', 8],
      ['Dense', 45],
      ['PReLU', 5],
      ['Dense', 18],
    ]);
    const cnn = build(
      { model: 'cnn', conv: [{ filters: 4, pool: true }], dense: [6], kernel: 3, activation: 'prelu', alpha: 0.25 },
      DIGITS,
    );
    const s = summarizeModel(cnn);
    expect(s.layers.map((l) => [l.type, l.params])).toEqual([
      ['Conv2D', 40],
      ['PReLU', 4],
      ['MaxPooling2D', 0],
      ['Flatten', 0],
      ['Dense', 222],
      ['PReLU', 6],
      ['Dense', 70],
    ]);
    expect(Array.from(cnn.layers[1].getWeights()[0].dataSync())).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('buildModel: initialisers', () => {
  const big: ModelInput = { shape: [256], numClasses: 2 };
  const std = (w: number[]) => Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);

  it('keeps glorotUniform seeded from the run seed as the default', () => {
    expect(kernel(build({ hidden: [16] }, POINTS), 0)).toEqual(kernel(build({ hidden: [16], init: 'glorotUniform' }, POINTS), 0));
    expect(kernel(build({ hidden: [16], init: 'heNormal', seed: 3 }, POINTS), 0)).toEqual(
      kernel(build({ hidden: [16], init: 'heNormal', seed: 3 }, POINTS), 0),
    );
    expect(kernel(build({ hidden: [16], init: 'heNormal', seed: 3 }, POINTS), 0)).not.toEqual(
      kernel(build({ hidden: [16], init: 'heNormal', seed: 4 }, POINTS), 0),
    );
  });

  it('uniform initialisers stay within their limits: He √(6/fan_in), Glorot √(6/(fan_in+fan_out))', () => {
    const he = kernel(build({ hidden: [256], init: 'heUniform' }, big), 0);
    const glorot = kernel(build({ hidden: [256], init: 'glorotUniform' }, big), 0);
    const heLimit = Math.sqrt(6 / 256);
    const glorotLimit = Math.sqrt(6 / 512);
    expect(Math.max(...he.map(Math.abs))).toBeLessThanOrEqual(heLimit);
    expect(Math.max(...he.map(Math.abs))).toBeGreaterThan(0.99 * heLimit);
    expect(Math.max(...glorot.map(Math.abs))).toBeLessThanOrEqual(glorotLimit);
    expect(std(he)).toBeCloseTo(heLimit / Math.sqrt(3), 2);
  });

  it('normal initialisers have the spread of their scale (truncated at 2σ: within 15% of √(scale/fan))', () => {
    for (const [init, target] of [
      ['heNormal', Math.sqrt(2 / 256)],
      ['lecunNormal', Math.sqrt(1 / 256)],
      ['glorotNormal', Math.sqrt(2 / 512)],
    ] as const) {
      const s = std(kernel(build({ hidden: [256], init }, big), 0));
      expect(s / target, init).toBeGreaterThan(0.85);
      expect(s / target, init).toBeLessThan(1.15);
    }
  });

  it('zeros zeroes every kernel (biases are zero anyway): every hidden unit starts, and stays, identical', () => {
    const m = build({ hidden: [8, 8], init: 'zeros' }, POINTS);
    for (const layer of [0, 1, 2]) expect(kernel(m, layer).every((v) => v === 0)).toBe(true);
  });

  it('drawing a seed for zeros too keeps dropout masks where they were', () => {
    const a = build({ hidden: [8], dropout: true, init: 'zeros' }, POINTS);
    const b = build({ hidden: [8], dropout: true }, POINTS);
    expect(a.layers[1].getConfig().seed).toBe(b.layers[1].getConfig().seed);
  });
});

describe('buildModel: regularisation', () => {
  function penalty(m: tf.LayersModel): number {
    return tf.tidy(() => {
      m.predict(tf.zeros([1, 2])); // penalties are computed from the kernels, whatever the input
      return m.calculateLosses().reduce((s, l) => s + l.dataSync()[0], 0);
    });
  }
  const kernels = (m: tf.LayersModel) => m.layers.flatMap((l, i) => (l.getClassName() === 'Dense' ? kernel(m, i) : []));

  it('L1 adds λ Σ|w|; L1 and L2 together add λ1 Σ|w| + λ2 Σw² (tf.regularizers.l1l2)', () => {
    const l1 = build({ hidden: [8], l1: true, l1Lambda: 0.01 }, POINTS);
    const w = kernels(l1);
    expect(penalty(l1)).toBeCloseTo(0.01 * w.reduce((s, v) => s + Math.abs(v), 0), 5);
    const both = build({ hidden: [8], l1: true, l1Lambda: 0.01, l2: true, l2Lambda: 0.1 }, POINTS);
    const wb = kernels(both);
    expect(penalty(both)).toBeCloseTo(0.01 * wb.reduce((s, v) => s + Math.abs(v), 0) + 0.1 * wb.reduce((s, v) => s + v * v, 0), 5);
    expect(build({ hidden: [8], l1: false, l1Lambda: 0.5 }, POINTS).losses).toHaveLength(0);
  });

  it('batch norm sits after each hidden dense / conv (bias dropped) and before the activation; never on the output', () => {
    const mlp = build({ hidden: [8, 4], batchNorm: true }, POINTS);
    const s = summarizeModel(mlp);
    expect(s.layers.map((l) => [l.type, l.params])).toEqual([
      ['Dense', 16],
      ['BatchNormalization', 32],
      ['Activation', 0],
      ['Dense', 32],
      ['BatchNormalization', 16],
      ['Activation', 0],
      ['Dense', 15],
    ]);
    expect(mlp.layers[0].getConfig().useBias).toBe(false);
    expect(mlp.layers[0].getConfig().activation).toBe('linear');
    // γ and β train; the moving mean and variance do not.
    expect(s.totalParams - s.trainableParams).toBe(2 * 8 + 2 * 4);
    const cnn = build(
      { model: 'cnn', conv: [{ filters: 4, pool: true }], dense: [], kernel: 3, batchNorm: true, activation: 'leaky' },
      DIGITS,
    );
    expect(types(cnn)).toEqual(['Conv2D', 'BatchNormalization', 'LeakyReLU', 'MaxPooling2D', 'Flatten', 'Dense']);
  });
});

describe('summarizeModel: layer details', () => {
  it('names the activation, initialiser, regulariser and a dropped bias', () => {
    const s = summarizeModel(
      build({ hidden: [8], init: 'heNormal', l1: true, l2: true, batchNorm: true, activation: 'leaky', alpha: 0.2 }, POINTS),
    );
    expect(s.layers.map((l) => [l.type, l.detail])).toEqual([
      ['Dense', 'HeNormal · L1 0.001 + L2 0.001 · no bias'],
      ['BatchNormalization', undefined],
      ['LeakyReLU', 'α 0.2'],
      ['Dense', 'softmax · HeNormal · L1 0.001 + L2 0.001'],
    ]);
    expect(summarizeModel(build({ hidden: [8] }, POINTS)).layers[0].detail).toBe('relu · GlorotUniform');
  });
});
