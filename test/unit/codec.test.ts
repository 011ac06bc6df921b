import { describe, expect, it } from 'vitest';
import { decodeSettings, encodeSettings, formatValue, parseValue } from '../../src/core/preset/codec';
import { PRESETS } from '../../src/core/preset/presets';
import {
  ACTIVATIONS,
  INITIALIZERS,
  LR_SCHEDULES,
  OPTIMIZERS,
  SCHEMA,
  SETTING_NAMES,
  defaultSettings,
  type FieldSpec,
  type Settings,
} from '../../src/core/preset/schema';
import { createRng, type Rng } from '../../src/core/rng';

// ---------------------------------------------------------------- helpers

const spec = (name: keyof Settings) => SCHEMA[name] as FieldSpec;
const roundTrip = (s: Settings) => decodeSettings(encodeSettings(s));
const presetSettings = (settings: Partial<Settings>): Settings => ({ ...defaultSettings(), ...structuredClone(settings) });

/** True when a value is one the schema accepts for that setting (checked through the codec's own parser). */
function isValid(name: keyof Settings, value: unknown): boolean {
  const parsed = parseValue(spec(name), formatValue(spec(name), value));
  return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(value);
}

function expectValidSettings(s: Settings): void {
  expect(Object.keys(s).sort()).toEqual([...SETTING_NAMES].sort());
  for (const name of SETTING_NAMES) expect(isValid(name, s[name]), `${name} = ${JSON.stringify(s[name])}`).toBe(true);
}

/** Every setting changed to a valid non-default value. */
const EVERYTHING_CHANGED: Settings = {
  dataset: 'shapes',
  samples: 1234,
  noise: 0.37,
  classes: 4,
  seed: 987654,
  val: 0.15,
  test: 0.1,
  trainSize: 500,
  labelNoise: 0.25,
  minorityShare: 0.05,
  minorityClass: 3,
  classWeights: true,
  model: 'cnn',
  hidden: [64, 8, 3],
  activation: 'tanh',
  alpha: 0.1,
  init: 'heNormal',
  conv: [
    { filters: 32, pool: true },
    { filters: 64, pool: false },
    { filters: 7, pool: true },
  ],
  kernel: 5,
  dense: [],
  dropout: true,
  dropoutRate: 0.35,
  l2: true,
  l2Lambda: 0.0003,
  l1: true,
  l1Lambda: 0.0002,
  batchNorm: true,
  flip: true,
  rotate: true,
  rotateDeg: 12.5,
  shift: true,
  shiftPx: 3,
  brightness: true,
  brightnessAmt: 0.15,
  gaussNoise: true,
  gaussNoiseSd: 0.07,
  optimizer: 'rmsprop',
  momentum: 0.8,
  regLoss: 'mae',
  lr: 0.0003,
  batchSize: 17,
  epochs: 3,
  schedule: 'plateau',
  lrEvery: 4,
  lrFactor: 0.2,
  lrDecay: 0.9,
  lrPatience: 2,
  minLr: 0.00001,
  earlyStop: true,
  esMonitor: 'val_acc',
  esPatience: 3,
  esMinDelta: 0.001,
  esRestore: false,
  backend: 'cpu',
  worker: false,
  pace: 2.5,
};

// ---------------------------------------------------------------- schema and presets

describe('schema', () => {
  it('has unique URL keys, none of them reserved', () => {
    const keys = SETTING_NAMES.map((n) => SCHEMA[n].key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('preset');
    for (const k of keys) expect(k).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it('has valid defaults', () => {
    expectValidSettings(defaultSettings());
  });

  it('defaultSettings returns a fresh copy each time', () => {
    const a = defaultSettings();
    a.hidden.push(5);
    a.conv[0].filters = 99;
    expect(defaultSettings().hidden).toEqual([32, 32]);
    expect(defaultSettings().conv[0].filters).toBe(16);
  });
});

describe('presets', () => {
  it('have unique ids and only settings that exist in the schema, with valid values', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) {
      for (const [name, value] of Object.entries(p.settings)) {
        expect(SETTING_NAMES, `${p.id}.${name}`).toContain(name);
        expect(isValid(name as keyof Settings, value), `${p.id}.${name}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------- encode / decode

describe('encodeSettings / decodeSettings', () => {
  it('encodes the defaults as the empty string', () => {
    expect(encodeSettings(defaultSettings())).toBe('');
  });

  it('omits every default value and writes only the changed ones', () => {
    expect(encodeSettings({ ...defaultSettings(), lr: 0.01, epochs: 5 })).toBe('lr=0.01&epochs=5');
  });

  it('round-trips the defaults', () => {
    expect(roundTrip(defaultSettings())).toEqual({ settings: defaultSettings(), notices: [], fieldErrors: {} });
  });

  it.each(PRESETS.map((p) => [p.id, p]))('round-trips preset %s', (_id, p) => {
    const s = presetSettings(p.settings);
    const decoded = roundTrip(s);
    expect(decoded.settings).toEqual(s);
    expect(decoded.notices).toEqual([]);
  });

  it('round-trips a settings object with every field changed', () => {
    const defaults = defaultSettings();
    for (const name of SETTING_NAMES) expect(EVERYTHING_CHANGED[name], name).not.toEqual(defaults[name]);
    expectValidSettings(EVERYTHING_CHANGED);
    const query = encodeSettings(EVERYTHING_CHANGED);
    expect([...new URLSearchParams(query).keys()]).toHaveLength(SETTING_NAMES.length);
    expect(query).toContain('dense=&'); // an empty list is written, so it is not mistaken for the default
    expect(query).toContain('conv=32p%2C64%2C7p');
    expect(roundTrip(EVERYTHING_CHANGED)).toEqual({ settings: EVERYTHING_CHANGED, notices: [], fieldErrors: {} });
  });

  it('round-trips edge values: bounds, tiny floats, empty lists, every enum option', () => {
    const cases: Partial<Settings>[] = [
      { lr: 1e-6 },
      { lr: 10 },
      { l2Lambda: 1e-7 }, // String() gives '1e-7'
      { hidden: [] },
      { hidden: [1, 1024, 7, 7, 7, 7, 7, 7] },
      { conv: [{ filters: 256, pool: false }] },
      { seed: 2147483647 },
      { seed: 0 },
      ...(['spiral', 'circles', 'xor', 'gaussian', 'digits', 'fashion', 'shapes'] as const).map((dataset) => ({ dataset })),
      ...ACTIVATIONS.map((activation) => ({ activation })),
      ...OPTIMIZERS.map((optimizer) => ({ optimizer })),
      ...INITIALIZERS.map((init) => ({ init })),
      ...LR_SCHEDULES.map((schedule) => ({ schedule })),
    ];
    for (const patch of cases) {
      const s = { ...defaultSettings(), ...patch };
      expect(roundTrip(s).settings).toEqual(s);
    }
  });

  it('accepts a leading "?" and the textual booleans', () => {
    expect(decodeSettings('?drop=true&l2=1&worker=false').settings).toMatchObject({ dropout: true, l2: true, worker: false });
  });
});

// ---------------------------------------------------------------- bad values

describe('decodeSettings: numbers as people type them', () => {
  it('takes plain decimals and exponents, also a "+" that URL decoding turned into a space', () => {
    expect(decodeSettings('lr=5e+0')).toMatchObject({ settings: { lr: 5 }, notices: [] });
    expect(decodeSettings('lr=5e%2B0&epochs=+12&dropRate=.25')).toMatchObject({
      settings: { lr: 5, epochs: 12, dropoutRate: 0.25 },
      notices: [],
    });
  });

  it('refuses hexadecimal, binary, octal and Infinity, which Number() would take', () => {
    for (const q of ['epochs=0x10', 'lr=0b11', 'seed=0o17', 'lr=Infinity', 'hidden=0x10', 'conv=0x10']) {
      const { settings, notices } = decodeSettings(q);
      expect(notices, q).toHaveLength(1);
      expect(settings).toEqual(defaultSettings());
    }
  });
});

describe('decodeSettings: invalid values', () => {
  const BAD: [string, keyof Settings, string][] = [
    ['non-number', 'samples', 'n=abc'],
    ['empty number', 'samples', 'n='],
    ['NaN', 'lr', 'lr=NaN'],
    ['Infinity', 'lr', 'lr=Infinity'],
    ['below the minimum', 'samples', 'n=19'],
    ['above the maximum', 'classes', 'classes=6'],
    ['non-integer for an int', 'batchSize', 'batch=3.5'],
    ['negative size', 'trainSize', 'train=-5'],
    ['huge number', 'lr', 'lr=1e308'],
    ['overflowing number', 'seed', 'seed=1e309'],
    ['bad enum', 'dataset', 'data=mnist'],
    ['enum in the wrong case', 'optimizer', 'opt=Adam'],
    ['bad bool', 'dropout', 'drop=yes'],
    ['bad list item', 'hidden', 'hidden=32,x'],
    ['list item out of range', 'hidden', 'hidden=0,32'],
    ['fractional list item', 'dense', 'dense=1.5'],
    ['too many list items', 'dense', 'dense=1,2,3,4,5'],
    ['empty list item', 'hidden', 'hidden=32,,32'],
    ['bad conv block', 'conv', 'conv=32q'],
    ['conv block with no filters', 'conv', 'conv=p'],
    ['conv block out of range', 'conv', 'conv=0p'],
    ['no conv blocks', 'conv', 'conv='],
    ['too many conv blocks', 'conv', 'conv=1,2,3,4,5,6,7'],
    ['10 kB value', 'samples', `n=${'1'.repeat(10_000)}`],
    ['10 kB list', 'hidden', `hidden=${'32,'.repeat(3_400)}32`],
  ];

  it.each(BAD)('%s falls back to the default with a notice naming the key', (_what, name, query) => {
    const { settings, notices } = decodeSettings(query);
    expect(settings[name]).toEqual(defaultSettings()[name]);
    expect(settings).toEqual(defaultSettings());
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`"${SCHEMA[name].key}"`);
    expect(notices[0].length).toBeLessThan(200); // hostile values are clipped, not echoed whole
  });

  it('keeps the valid keys of a query with some bad ones, one notice per bad key', () => {
    const { settings, notices } = decodeSettings('n=abc&lr=0.01&data=nope&epochs=7');
    expect(settings).toEqual({ ...defaultSettings(), lr: 0.01, epochs: 7 });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('"n"');
    expect(notices[1]).toContain('"data"');
  });

  it('ignores unknown keys and lists them all in one notice', () => {
    const { settings, notices } = decodeSettings('foo=1&lr=0.5&bar=&baz=x');
    expect(settings).toEqual({ ...defaultSettings(), lr: 0.5 });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/unknown/i);
    for (const k of ['foo', 'bar', 'baz']) expect(notices[0]).toContain(k);
  });

  it('matches setting keys exactly (setting names and other cases are unknown)', () => {
    const { settings, notices } = decodeSettings('samples=100&LR=0.5');
    expect(settings).toEqual(defaultSettings());
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('samples');
    expect(notices[0]).toContain('LR');
  });
});

// ---------------------------------------------------------------- presets in links

describe('decodeSettings: presets', () => {
  const overfit = PRESETS.find((p) => p.id === 'overfit-mlp')!;

  it('?preset= gives that preset', () => {
    const r = decodeSettings('?preset=overfit-mlp');
    expect(r.settings).toEqual(presetSettings(overfit.settings));
    expect(r.presetId).toBe('overfit-mlp');
    expect(r.notices).toEqual([]);
  });

  it('explicit keys override the preset, whatever their order in the query', () => {
    for (const q of ['preset=overfit-mlp&lr=0.01&epochs=5', 'lr=0.01&epochs=5&preset=overfit-mlp']) {
      const r = decodeSettings(q);
      expect(r.settings).toEqual({ ...presetSettings(overfit.settings), lr: 0.01, epochs: 5 });
      expect(r.notices).toEqual([]);
    }
  });

  it('an invalid value under a preset falls back to the preset value', () => {
    const r = decodeSettings('preset=overfit-mlp&lr=abc');
    expect(r.settings.lr).toBe(overfit.settings.lr);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toContain(`using ${overfit.settings.lr}`);
  });

  it('an unknown preset gives the defaults and a notice', () => {
    const r = decodeSettings('preset=nope');
    expect(r.settings).toEqual(defaultSettings());
    expect(r.presetId).toBeUndefined();
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toContain('nope');
  });

  it('does not let decoding mutate the preset table', () => {
    const before = JSON.stringify(PRESETS);
    const r = decodeSettings('preset=cifar-cnn');
    r.settings.conv[0].filters = 1;
    r.settings.dense.push(3);
    expect(JSON.stringify(PRESETS)).toBe(before);
  });
});

// ---------------------------------------------------------------- fuzz

describe('decodeSettings: hostile input', () => {
  const PIECES = [
    '%',
    '%%',
    '%zz',
    '%E2%82',
    '&',
    '&&',
    '=',
    '==',
    '?',
    '#',
    '+',
    ',',
    'p',
    '-',
    '.',
    'e',
    '1e308',
    '0x1f',
    ' ',
    '\u0000',
    '\uD800',
    'é',
    '日本',
    '🙂',
    '\n',
    'preset',
    'NaN',
    'Infinity',
    '__proto__',
    'constructor',
    'toString',
  ];
  const KEYS = [...SETTING_NAMES.map((n) => SCHEMA[n].key), 'preset', '__proto__', 'constructor'];
  /** Plausible values, so that a fair share of the random pairs are accepted and reach the settings. */
  const VALUES = ['0', '1', '3', '0.1', '0.25', '64', '600', '32p,64', '8,8', '', 'relu', 'cnn', 'sgd', 'cpu', 'shapes', 'overfit-cnn'];

  function randomString(rng: Rng): string {
    const len = rng.next() < 0.05 ? 2_000 + rng.int(20_000) : rng.int(40);
    let out = '';
    while (out.length < len) {
      const r = rng.next();
      if (r < 0.4) out += PIECES[rng.int(PIECES.length)];
      else if (r < 0.6) out += `&${KEYS[rng.int(KEYS.length)]}=${VALUES[rng.int(VALUES.length)]}&`;
      else if (r < 0.8) out += String(rng.uniform(-1e6, 1e6));
      else out += String.fromCharCode(rng.int(0x3000));
    }
    return out;
  }

  it('never throws and always returns valid settings (500 seeded random queries)', () => {
    const rng = createRng(2024);
    let changed = 0;
    for (let i = 0; i < 500; i++) {
      const query = randomString(rng);
      let result: ReturnType<typeof decodeSettings> | undefined;
      expect(() => (result = decodeSettings(query)), JSON.stringify(query.slice(0, 80))).not.toThrow();
      expectValidSettings(result!.settings);
      for (const n of result!.notices) expect(typeof n).toBe('string');
      // What was decoded encodes back to a clean link.
      expect(roundTrip(result!.settings)).toEqual({ settings: result!.settings, notices: [], fieldErrors: {} });
      if (encodeSettings(result!.settings) !== '') changed++;
    }
    // The generator does reach the parsers: some queries set real values.
    expect(changed).toBeGreaterThan(10);
  });

  it('does not pollute prototypes', () => {
    const r = decodeSettings('__proto__=1&constructor=2&preset=__proto__&toString=3');
    expect(r.settings).toEqual(defaultSettings());
    expect(Object.getPrototypeOf(r.settings)).toBe(Object.prototype);
    expect(Object.keys(r.settings).sort()).toEqual([...SETTING_NAMES].sort());
    expect(r.presetId).toBeUndefined();
    expect(r.notices).toHaveLength(2); // unknown preset + one notice listing the three unknown keys
    for (const k of ['__proto__', 'constructor', 'toString']) expect(r.notices[1]).toContain(k);
  });
});
