import { describe, expect, it } from 'vitest';
import { decodeSettings, encodeSettings, parseValue } from '../../src/core/preset/codec';
import { MAX_HELD_OUT, checkField, classCountOf, gateSettings, type GateResult } from '../../src/core/preset/gate';
import { SCHEMA, SETTING_NAMES, defaultSettings, type FieldSpec, type Settings } from '../../src/core/preset/schema';
import { withParams } from '../../src/core/experiment/params';
import { validateSettings } from '../../src/core/history/file';
import { createRng, type Rng } from '../../src/core/rng';

const spec = (name: keyof Settings) => SCHEMA[name] as FieldSpec;

/** The invariants every gated result holds, whatever went in. */
function expectGated(r: GateResult, classCount?: number): void {
  expect(Object.keys(r.settings).sort()).toEqual([...SETTING_NAMES].sort());
  const bad = SETTING_NAMES.filter((name) => !checkField(spec(name), r.settings[name]).ok);
  expect(bad, JSON.stringify(bad.map((n) => r.settings[n]))).toEqual([]);
  expect(r.settings.val + r.settings.test).toBeLessThanOrEqual(MAX_HELD_OUT + 1e-9);
  const k = classCountOf(r.settings, classCount === undefined ? {} : { classCount });
  if (k !== null && r.settings.minorityShare < 1) expect(r.settings.minorityClass).toBeLessThan(k);
  expect(r.notices.every((n) => typeof n === 'string')).toBe(true);
  // A field message names the field by its label, so it reads on its own next to the control or in a list.
  const unnamed = Object.entries(r.fieldErrors).filter(
    ([name, m]) => !SETTING_NAMES.includes(name as keyof Settings) || !m?.startsWith(`${spec(name as keyof Settings).label}: `),
  );
  expect(unnamed).toEqual([]);
  // The gate is idempotent: what it returns passes it untouched.
  const again = gateSettings(r.settings, classCount === undefined ? {} : { classCount });
  expect(again.fieldErrors).toEqual({});
  expect(again.notices).toEqual([]);
  expect(again.settings).toEqual(r.settings);
}

describe('settings gate: field rules', () => {
  it('accepts the defaults and every field changed to a valid value, unchanged and without notices', () => {
    const r = gateSettings(defaultSettings());
    expect(r).toMatchObject({ settings: defaultSettings(), notices: [], fieldErrors: {} });
    const changed = {
      ...defaultSettings(),
      lr: 0.5,
      hidden: [8, 4],
      conv: [{ filters: 8, pool: false }],
      optimizer: 'sgd' as const,
      dropout: true,
    };
    expect(gateSettings(changed)).toMatchObject({ settings: changed, notices: [], fieldErrors: {} });
  });

  it('refuses wrong types and out-of-range values, naming the field, and keeps the base value', () => {
    const base = { ...defaultSettings(), lr: 0.1, epochs: 7 };
    const r = gateSettings({ lr: '0.5', epochs: 5000, hidden: [0], dropout: 'yes', optimizer: 'magic', conv: [{ filters: 8 }] }, { base });
    expect(r.settings.lr).toBe(0.1);
    expect(r.settings.epochs).toBe(7);
    expect(r.settings.hidden).toEqual(defaultSettings().hidden);
    expect(Object.keys(r.fieldErrors).sort()).toEqual(['conv', 'dropout', 'epochs', 'hidden', 'lr', 'optimizer']);
    expect(r.fieldErrors.epochs).toBe('Epochs: 5000 is outside 1 … 1000.');
    expect(r.fieldErrors.lr).toBe('Learning rate: "0.5" is not a number.');
    expect(r.notices).toContain('"epochs": 5000 is outside 1 … 1000; using 7.');
    expectGated(r);
  });

  it('refuses NaN, Infinity and non-integers where whole numbers are needed', () => {
    const r = gateSettings({ lr: NaN, samples: Infinity, batchSize: 3.5 });
    expect(Object.keys(r.fieldErrors).sort()).toEqual(['batchSize', 'lr', 'samples']);
    expectGated(r);
  });

  it('takes a non-object as the defaults, with a notice', () => {
    for (const raw of [null, 42, 'lr=1', [1, 2]]) {
      const r = gateSettings(raw);
      expect(r.settings).toEqual(defaultSettings());
      expect(r.notices).toEqual(['The settings were not a list of values; the defaults are used.']);
    }
    expect(gateSettings(undefined).notices).toEqual([]);
  });

  it('ignores inherited and unknown keys (no prototype pollution)', () => {
    const raw = JSON.parse('{"__proto__": {"lr": 9}, "constructor": 1, "lrr": 3, "lr": 0.01}');
    const r = gateSettings(raw);
    expect(r.settings.lr).toBe(0.01);
    expect(({} as Record<string, unknown>).lr).toBeUndefined();
    expect(Object.getPrototypeOf(r.settings)).toBe(Object.prototype);
  });
});

describe('settings gate: cross-field rules', () => {
  it('refuses validation + test fractions that leave too little to train on, on both fields', () => {
    const r = gateSettings({ ...defaultSettings(), val: 0.5, test: 0.5 });
    expect(r.settings.val + r.settings.test).toBeLessThanOrEqual(MAX_HELD_OUT);
    expect(r.fieldErrors.val).toMatch(
      /^Validation fraction: validation 0.5 \+ test 0.5 hold out 100% of the data .*lower this or the test fraction/,
    );
    expect(r.fieldErrors.test).toMatch(/^Test fraction: .*lower this or the validation fraction/);
    expect(r.notices).toEqual([
      '"val" 0.5 and "test" 0.5 hold out 100% of the data (at most 80% together), leaving too little to train on; using 0.2 and 0.2.',
    ]);
    expectGated(r);
  });

  it('falls back to the base pair when it fits, else the defaults', () => {
    const base = { ...defaultSettings(), val: 0.35, test: 0.2 };
    expect(gateSettings({ ...base, test: 0.5 }, { base }).settings).toMatchObject({ val: 0.35, test: 0.2 });
    const badBase = { ...defaultSettings(), val: 0.5, test: 0.5 };
    expect(gateSettings({ ...badBase }, { base: badBase }).settings).toMatchObject({ val: 0.2, test: 0.2 });
  });

  it('accepts exactly 80% held out', () => {
    expect(gateSettings({ ...defaultSettings(), val: 0.4, test: 0.4 }).fieldErrors).toEqual({});
  });

  it("checks the minority class index against the dataset's classes while a share is dropped", () => {
    const s = { ...defaultSettings(), dataset: 'spiral' as const, classes: 3, minorityShare: 0.2, minorityClass: 4 };
    const r = gateSettings(s);
    expect(r.fieldErrors.minorityClass).toBe(
      'Minority class (index): class 4 does not exist: this dataset has 3 classes (0 … 2); pick one of them.',
    );
    expect(r.settings.minorityClass).toBe(2);
    // XOR always has two classes, whatever "classes" says; digits ten; a table the count it brings.
    expect(gateSettings({ ...s, dataset: 'xor', classes: 5, minorityClass: 2 }).fieldErrors.minorityClass).toMatch(/2 classes/);
    expect(gateSettings({ ...s, dataset: 'digits', minorityClass: 9 }).fieldErrors).toEqual({});
    expect(gateSettings({ ...s, dataset: 'table', minorityClass: 3 }, { classCount: 2 }).fieldErrors.minorityClass).toMatch(
      /2 classes \(0 … 1\)/,
    );
    expect(gateSettings({ ...s, dataset: 'table', minorityClass: 3 }).fieldErrors).toEqual({});
    // Nothing is dropped at share 1, so the index does not matter.
    expect(gateSettings({ ...s, minorityShare: 1 }).fieldErrors).toEqual({});
  });

  it('hints (changes nothing) when a CNN is asked for on data that is not images', () => {
    const r = gateSettings({ ...defaultSettings(), model: 'cnn', dataset: 'spiral' });
    expect(r.settings.model).toBe('cnn');
    expect(r.fieldErrors).toEqual({});
    expect(r.hints.model).toMatch(/CNN needs images/);
    expect(gateSettings({ ...defaultSettings(), model: 'cnn', dataset: 'digits' }).hints).toEqual({});
  });
});

describe('every way in uses the gate', () => {
  it('a link with contradictory fractions opens with a notice saying what was changed', () => {
    const r = decodeSettings('val=0.5&test=0.5&lr=0.1');
    expect(r.settings).toMatchObject({ val: 0.2, test: 0.2, lr: 0.1 });
    expect(r.notices).toEqual([
      '"val" 0.5 and "test" 0.5 hold out 100% of the data (at most 80% together), leaving too little to train on; using 0.2 and 0.2.',
    ]);
    expect(Object.keys(r.fieldErrors).sort()).toEqual(['test', 'val']);
  });

  it('a link names a bad value as a field error too', () => {
    expect(decodeSettings('epochs=0').fieldErrors.epochs).toBe('Epochs: 0 is outside 1 … 1000.');
  });

  it('a history file with contradictory settings is refused, naming the setting', () => {
    expect(() => validateSettings({ ...defaultSettings(), val: 0.45, test: 0.45 })).toThrow(
      /setting "val": Validation fraction: .*hold out 90%/,
    );
  });

  it('a search trial the run would refuse keeps the base value instead', () => {
    const base = { ...defaultSettings(), val: 0.3, test: 0.3 };
    expect(withParams(base, { val: 0.6 })).toMatchObject({ val: 0.3, test: 0.3 });
    expect(withParams(base, { lr: 0.2 })).toMatchObject({ lr: 0.2 });
  });
});

describe('settings gate: fuzz', () => {
  const ODD = [
    NaN,
    Infinity,
    -Infinity,
    -1,
    0,
    0.5,
    1,
    1e308,
    -0,
    2 ** 31,
    '',
    '1',
    'cnn',
    null,
    true,
    false,
    [],
    [1, 2],
    [{ filters: 8, pool: true }],
    [{}],
    {},
    { filters: 1 },
    '__proto__',
  ];

  /** A plausible value for one setting: valid most of the time, so the cross-field rules are reached. */
  function valueFor(name: keyof Settings, rng: Rng): unknown {
    const sp = spec(name);
    if (rng.next() < 0.25) return ODD[rng.int(ODD.length)];
    switch (sp.kind) {
      case 'int':
        return sp.min + rng.int(Math.min(sp.max - sp.min + 3, 1000)) - 1;
      case 'float':
        return rng.uniform(sp.min - 0.1, sp.max + 0.1);
      case 'bool':
        return rng.next() < 0.5;
      case 'enum':
        return sp.options[rng.int(sp.options.length)];
      case 'intlist':
        return Array.from({ length: rng.int(sp.maxItems + 2) }, () => rng.int(sp.max + 2));
      case 'blocks':
        return Array.from({ length: rng.int(sp.maxItems + 2) }, () => ({ filters: rng.int(sp.max + 2), pool: rng.next() < 0.5 }));
    }
  }

  function randomObject(rng: Rng): unknown {
    if (rng.next() < 0.03) return ODD[rng.int(ODD.length)];
    const out: Record<string, unknown> = {};
    for (const name of SETTING_NAMES) if (rng.next() < 0.4) out[name] = valueFor(name, rng);
    if (rng.next() < 0.1) out.__proto__ = { lr: 5 };
    if (rng.next() < 0.1) out.unknownKey = 'x';
    return out;
  }

  it('1,000 random and adversarial settings objects: never throws, always valid settings or field messages', () => {
    const rng = createRng(16);
    let refused = 0;
    let crossRefused = 0;
    for (let i = 0; i < 1000; i++) {
      const raw = randomObject(rng);
      const classCount = rng.next() < 0.3 ? 2 + rng.int(8) : undefined;
      let r: GateResult | undefined;
      expect(() => (r = gateSettings(raw, classCount === undefined ? {} : { classCount }))).not.toThrow();
      expectGated(r!, classCount);
      if (Object.keys(r!.fieldErrors).length) refused++;
      if (r!.fieldErrors.val || r!.fieldErrors.minorityClass) crossRefused++;
    }
    // The generator reaches both kinds of rule (and leaves some objects clean).
    expect(refused).toBeGreaterThan(100);
    expect(refused).toBeLessThan(1000);
    expect(crossRefused).toBeGreaterThan(10);
  });

  it('1,000 random links (as the form would type them, key by key): valid settings or field messages, never a throw', () => {
    const rng = createRng(61);
    const TEXTS = ['0.5', '0.45', '0', '-1', '1e3', 'abc', '', '32p,64', '8,,8', '9', 'cnn', 'true', '1', '0.05', '%', '4'];
    for (let i = 0; i < 1000; i++) {
      const pairs = Array.from({ length: 1 + rng.int(6) }, () => {
        const name = SETTING_NAMES[rng.int(SETTING_NAMES.length)];
        return [name, rng.next() < 0.5 ? TEXTS[rng.int(TEXTS.length)] : String(valueFor(name, rng))] as const;
      });
      const query = pairs.map(([n, t]) => `${SCHEMA[n].key}=${encodeURIComponent(t)}`).join('&');
      let r: ReturnType<typeof decodeSettings> | undefined;
      expect(() => (r = decodeSettings(query))).not.toThrow();
      expectGated({ ...r!, hints: {} });
      // Each text typed into its field: either the form's parser refuses it, or the gate judges it with the rest.
      let current = r!.settings;
      for (const [name, text] of pairs) {
        const parsed = parseValue(spec(name), text);
        if (!parsed.ok) continue;
        const g = gateSettings({ ...current, [name]: parsed.value }, { base: current });
        expectGated(g);
        if (!g.fieldErrors[name]) current = g.settings;
      }
      expect(encodeSettings(current)).toBe(encodeSettings(decodeSettings(encodeSettings(current)).settings));
    }
  });
});
