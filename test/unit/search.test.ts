import { describe, expect, it } from 'vitest';
import { cholesky, createSampler, type Observation } from '../../src/core/search/samplers';
import { gridPoints, validateSpace, type ParamRange, type Params, type SearchMethod } from '../../src/core/search/space';

describe('gridPoints', () => {
  it('enumerates the cartesian product exactly, first range slowest', () => {
    const space: ParamRange[] = [
      { name: 'dropoutRate', kind: 'float', min: 0, max: 0.5 },
      { name: 'activation', kind: 'enum', options: ['relu', 'tanh'] },
    ];
    expect(gridPoints(space)).toEqual([
      { dropoutRate: 0, activation: 'relu' },
      { dropoutRate: 0, activation: 'tanh' },
      { dropoutRate: 0.25, activation: 'relu' },
      { dropoutRate: 0.25, activation: 'tanh' },
      { dropoutRate: 0.5, activation: 'relu' },
      { dropoutRate: 0.5, activation: 'tanh' },
    ]);
    expect(gridPoints([])).toEqual([{}]);
  });

  it('log-spaces numeric ranges when log', () => {
    const pts = gridPoints([{ name: 'lr', kind: 'float', min: 1e-4, max: 1, log: true, steps: 5 }]);
    expect(pts.map((p) => p.lr)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    const ints = gridPoints([{ name: 'batchSize', kind: 'int', min: 8, max: 512, log: true, steps: 4 }]);
    expect(ints.map((p) => p.batchSize)).toEqual([8, 32, 128, 512]);
  });

  it('rounds and deduplicates ints', () => {
    expect(gridPoints([{ name: 'kernel', kind: 'int', min: 1, max: 3, steps: 5 }]).map((p) => p.kernel)).toEqual([1, 2, 3]);
    expect(gridPoints([{ name: 'epochs', kind: 'int', min: 10, max: 40, steps: 4 }]).map((p) => p.epochs)).toEqual([10, 20, 30, 40]);
    expect(
      gridPoints([
        { name: 'dropout', kind: 'enum', options: [false, true] },
        { name: 'kernel', kind: 'int', min: 1, max: 2, steps: 3 },
      ]),
    ).toEqual([
      { dropout: false, kernel: 1 },
      { dropout: false, kernel: 2 },
      { dropout: true, kernel: 1 },
      { dropout: true, kernel: 2 },
    ]);
  });
});

describe('validateSpace', () => {
  it('accepts a sound space', () => {
    expect(
      validateSpace([
        { name: 'lr', kind: 'float', min: 1e-4, max: 0.1, log: true },
        { name: 'epochs', kind: 'int', min: 10, max: 50, steps: 3 },
        { name: 'optimizer', kind: 'enum', options: ['adam', 'sgd'] },
        { name: 'dropout', kind: 'enum', options: [false, true] },
      ]),
    ).toEqual([]);
  });

  it('names each problem in words', () => {
    const problems = validateSpace([
      { name: 'noise', kind: 'float', min: 0.5, max: 0.5 },
      { name: 'l2Lambda', kind: 'float', min: 0, max: 0.1, log: true },
      { name: 'optimizer', kind: 'enum', options: [] },
      { name: 'alpha', kind: 'weird' as 'float' },
    ]);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/min \(0.5\) must be below max/);
    expect(problems[1]).toMatch(/log range needs min > 0/);
    expect(problems[2]).toMatch(/needs at least one option/);
    expect(problems[3]).toMatch(/unknown kind 'weird'/);
    expect(validateSpace([{ name: 'nope', kind: 'int', min: 1, max: 2 }])[0]).toMatch(/not a setting/);
    expect(validateSpace([{ name: 'lr', kind: 'float', min: 0, max: 20 }])[0]).toMatch(/outside the allowed 0.000001 … 10/);
    expect(validateSpace([{ name: 'optimizer', kind: 'enum', options: ['adam', 'lbfgs'] }])[0]).toMatch(/lbfgs not among/);
  });
});

const MIXED: ParamRange[] = [
  { name: 'lr', kind: 'float', min: 1e-4, max: 1, log: true },
  { name: 'epochs', kind: 'int', min: 5, max: 50 },
  { name: 'optimizer', kind: 'enum', options: ['adam', 'sgd', 'rmsprop'] },
  { name: 'dropout', kind: 'enum', options: [false, true] },
];

/** A cheap objective over MIXED with its optimum off-centre (lr ≈ 1e-2, epochs 30, rmsprop, dropout). */
function mixedScore(p: Params): number {
  const lr = Math.log10(p.lr as number) + 2;
  const e = ((p.epochs as number) - 30) / 20;
  return -(lr * lr + e * e) + (p.optimizer === 'rmsprop' ? 0.5 : 0) + (p.dropout ? 0.2 : 0);
}

function runSearch(method: SearchMethod, space: ParamRange[], f: (p: Params) => number, seed: number, budget: number): Observation[] {
  const sampler = createSampler(method, space, seed);
  const history: Observation[] = [];
  for (let i = 0; i < budget; i++) {
    const p = sampler.next(history);
    if (p === null) break;
    history.push({ params: p, score: f(p) });
  }
  return history;
}

function expectInSpace(p: Params): void {
  expect(p.lr as number).toBeGreaterThanOrEqual(1e-4);
  expect(p.lr as number).toBeLessThanOrEqual(1);
  expect(Number.isInteger(p.epochs)).toBe(true);
  expect(p.epochs as number).toBeGreaterThanOrEqual(5);
  expect(p.epochs as number).toBeLessThanOrEqual(50);
  expect(['adam', 'sgd', 'rmsprop']).toContain(p.optimizer);
  expect([false, true]).toContain(p.dropout);
}

describe('createSampler', () => {
  it('grid walks gridPoints in order and ends with null', () => {
    const space: ParamRange[] = [
      { name: 'kernel', kind: 'int', min: 1, max: 3 },
      { name: 'dropout', kind: 'enum', options: [false, true] },
    ];
    const h = runSearch('grid', space, () => 0, 1, 100);
    expect(h.map((o) => o.params)).toEqual(gridPoints(space));
    expect(createSampler('grid', space, 1).next(h)).toBeNull();
  });

  it('random and bayes are reproducible under a seed, differ across seeds, and stay in the space', () => {
    for (const method of ['random', 'bayes'] as const) {
      const a = runSearch(method, MIXED, mixedScore, 5, 12);
      expect(runSearch(method, MIXED, mixedScore, 5, 12)).toEqual(a);
      expect(runSearch(method, MIXED, mixedScore, 6, 12)).not.toEqual(a);
      a.forEach((o) => expectInSpace(o.params));
      // Stateless: a fresh sampler given the same history proposes the same point.
      expect(createSampler(method, MIXED, 5).next(a.slice(0, 8))).toEqual(a[8].params);
    }
  });

  it('random is log-uniform on log ranges', () => {
    const h = runSearch('random', [{ name: 'lr', kind: 'float', min: 1e-4, max: 1, log: true }], () => 0, 3, 400);
    const belowCentre = h.filter((o) => (o.params.lr as number) < 1e-2).length;
    expect(belowCentre / h.length).toBeGreaterThan(0.4);
    expect(belowCentre / h.length).toBeLessThan(0.6);
  });

  it('bayes ignores NaN scores and survives duplicate points', () => {
    const s = createSampler('bayes', MIXED, 9);
    const p0: Params = { lr: 0.01, epochs: 30, optimizer: 'adam', dropout: true };
    const history: Observation[] = [
      { params: p0, score: 1 },
      { params: { ...p0 }, score: 1 },
      { params: { ...p0 }, score: 0.9 },
      { params: { lr: 0.5, epochs: 5, optimizer: 'sgd', dropout: false }, score: NaN },
      { params: { lr: 0.001, epochs: 10, optimizer: 'rmsprop', dropout: false }, score: -1 },
      { params: { lr: 0.001, epochs: 10, optimizer: 'rmsprop', dropout: false }, score: NaN },
    ];
    const p = s.next(history)!;
    expectInSpace(p);
    expect(Object.values(p).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
    // All failed so far: still proposes a point.
    expectInSpace(s.next(history.slice(3).map((o) => ({ ...o, score: NaN })))!);
  });

  it('cholesky adds jitter for a singular matrix', () => {
    const l = cholesky(Float64Array.from([1, 1, 1, 1]), 2);
    expect([...l].every(Number.isFinite)).toBe(true);
    expect(l[0]).toBeCloseTo(1, 6);
  });

  it('rejects an unknown method', () => {
    expect(() => createSampler('annealing' as SearchMethod, MIXED, 1)).toThrow(/unknown search method/);
  });
});

/** −Branin (maximum −0.397887 at three points) on x1 ∈ [−5, 10], x2 ∈ [0, 15]. */
const BRANIN: ParamRange[] = [
  { name: 'x1', kind: 'float', min: -5, max: 10 },
  { name: 'x2', kind: 'float', min: 0, max: 15 },
];
function negBranin(p: Params): number {
  const x1 = p.x1 as number;
  const x2 = p.x2 as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return -((x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10);
}

/** A 3-D quadratic with its optimum off-centre (a = 0.7, b = −0.4, lr = 10^−2.3 on a log range). */
const QUAD: ParamRange[] = [
  { name: 'a', kind: 'float', min: -1, max: 1 },
  { name: 'b', kind: 'float', min: -1, max: 1 },
  { name: 'lr', kind: 'float', min: 1e-5, max: 1, log: true },
];
function negQuad(p: Params): number {
  return -(((p.a as number) - 0.7) ** 2 + ((p.b as number) + 0.4) ** 2 + (Math.log10(p.lr as number) + 2.3) ** 2 / 4);
}

describe('bayes beats random on average (budget 20, seeds 1 … 20)', () => {
  const cases = [
    ['−Branin', BRANIN, negBranin],
    ['3-D quadratic, off-centre', QUAD, negQuad],
    ['mixed space with enums and ints', MIXED, mixedScore],
  ] as const;
  for (const [name, space, f] of cases) {
    it(name, () => {
      const best = (method: SearchMethod, seed: number): number => Math.max(...runSearch(method, space, f, seed, 20).map((o) => o.score));
      const random: number[] = [];
      const bayes: number[] = [];
      for (let seed = 1; seed <= 20; seed++) {
        random.push(best('random', seed));
        bayes.push(best('bayes', seed));
      }
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      const wins = bayes.filter((v, i) => v > random[i]).length;
      console.log(`${name}: mean best random ${mean(random).toFixed(4)}, bayes ${mean(bayes).toFixed(4)}, bayes wins ${wins}/20`);
      expect(mean(bayes)).toBeGreaterThan(mean(random));
      expect(wins).toBeGreaterThanOrEqual(12);
    });
  }
});
