import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type ModelInput } from '../../src/core/model/build';
import { loadDatasetSplit } from '../../src/core/data/registry';
import { parseValue } from '../../src/core/preset/codec';
import {
  defaultSettings,
  groupValues,
  SCHEMA,
  SECTION_IDS,
  SETTING_NAMES,
  settingsIn,
  type DataFacts,
  type FieldSpec,
  type Settings,
} from '../../src/core/preset/schema';
import { formLines, SECTIONS } from '../../src/core/preset/sections';
import { explainSetting } from '../../src/core/teach/explain';
import { effectiveModelSettings } from '../../src/core/train/run-config';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Valid values of the setting other than `current`, from its own row (bounds, options). */
function otherValues(name: keyof Settings, current: unknown): unknown[] {
  const spec = SCHEMA[name] as FieldSpec;
  switch (spec.kind) {
    case 'bool':
      return [!current];
    case 'enum':
      return spec.options.filter((o) => o !== current);
    case 'int':
    case 'float': {
      const span = spec.max - spec.min;
      const candidates = [spec.min, spec.max, spec.min + span / 2, spec.min + span / 100, Math.min(spec.max, spec.min + 10)];
      return candidates.map((v) => (spec.kind === 'int' ? Math.round(v) : v)).filter((v) => v !== current);
    }
    case 'intlist':
      return [[...(current as number[]), 7]];
    case 'blocks':
      return [[...(current as Settings['conv']), { filters: 4, pool: false }]];
  }
}

const FACTS: DataFacts = { images: false, regression: false, generated: true };

describe('schema rows', () => {
  it('give every setting a group, a help text at any value and a label for every option', () => {
    for (const name of SETTING_NAMES) {
      const row = SCHEMA[name];
      expect(['data', 'model', 'training', 'runtime']).toContain(row.group);
      expect(explainSetting(name).length).toBeGreaterThan(20);
      expect(explainSetting(name, otherValues(name, row.default)[0] as never).length).toBeGreaterThan(20);
      if (row.kind === 'enum') {
        for (const option of row.options) expect((row.optionLabels as Record<string, string>)[option]).toMatch(/\S/);
      }
      // A placeholder must itself be refused or accepted by the field's parser, never crash it.
      if (row.placeholder) expect(() => parseValue(row as FieldSpec, row.placeholder ?? '')).not.toThrow();
    }
  });

  it("lay the form out from the rows: each section's fields in schema order, dependants shown or greyed by their rows", () => {
    const s = defaultSettings();
    const shown = SECTION_IDS.flatMap((id) => formLines(id, s, FACTS).flatMap((l) => l.fields.map((f) => f.name)));
    // Every field with a section appears once; fields whose condition fails (alpha with ReLU…) do not.
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toContain('dropoutRate');
    expect(shown).not.toContain('alpha');
    expect(shown).not.toContain('pace');
    const rate = formLines('regularisation', s, FACTS).find((l) => l.line === 'dropout');
    expect(rate?.fields).toEqual([
      { name: 'dropout', enabled: true },
      { name: 'dropoutRate', enabled: false },
    ]);
    const leaky = formLines('model', { ...s, activation: 'leaky' }, FACTS).find((l) => l.line === 'activation');
    expect(leaky?.fields.map((f) => f.name)).toEqual(['activation', 'alpha']);
    const plateau = formLines('optimisation', { ...s, schedule: 'plateau' }, FACTS).find((l) => l.line === 'schedule');
    expect(plateau?.fields.map((f) => f.name)).toEqual(['lrFactor', 'lrPatience', 'minLr']);
    expect(SECTIONS.augmentation.shownWhen?.(FACTS)).toBe(false);
    expect(formLines('optimisation', s, { ...FACTS, regression: true }).flatMap((l) => l.fields.map((f) => f.name))).toContain('regLoss');
  });

  // The groups decide what a change invalidates, so they must match what the code really depends on.
  it("say which settings change the data: only 'data' settings change a dataset's split", async () => {
    const base: Settings = { ...defaultSettings(), samples: 80, minorityShare: 0.5 };
    const split = async (s: Settings) => {
      const { data, splits } = await loadDatasetSplit(s, () => Promise.reject(new Error('no fetch')));
      return JSON.stringify({ id: data.id, x: Array.from(data.x), y: Array.from(data.y), splits });
    };
    const before = await split(base);
    const dataSettings = settingsIn('data');
    for (const name of SETTING_NAMES) {
      // Datasets that need files (shipped tables, images, the user's own) are left out: there is no fetch here.
      const after = await Promise.all(otherValues(name, base[name]).map((v) => split({ ...base, [name]: v }).catch(() => null)));
      const changed = after.filter((a) => a !== null).map((a) => a !== before);
      if (dataSettings.includes(name as never)) expect(changed.some(Boolean), name).toBe(true);
      else expect(changed.some(Boolean), name).toBe(false);
    }
  });

  it("say which settings change the model: every 'model' setting changes it somewhere, no 'training' or 'runtime' one does", () => {
    const describeModel = (s: Settings, input: ModelInput) => {
      const model = buildModel(effectiveModelSettings(s), input);
      const layers = model.layers.map((l) => ({ ...l.getConfig(), name: l.getClassName() }));
      model.dispose();
      return JSON.stringify(layers);
    };
    const on = { ...defaultSettings(), activation: 'leaky' as const, dropout: true, l1: true, l2: true };
    const bases: [Settings, ModelInput][] = [
      [on, { shape: [2], numClasses: 2 }],
      [
        { ...on, model: 'cnn', dataset: 'fashion' },
        { shape: [28, 28, 1], numClasses: 3 },
      ],
    ];
    for (const name of SETTING_NAMES) {
      const group = SCHEMA[name].group;
      if (group === 'data') continue; // a new dataset may change the input, hence the model, by design
      const changed = bases.flatMap(([s, input]) =>
        otherValues(name, s[name]).map((v) => describeModel({ ...s, [name]: v }, input) !== describeModel(s, input)),
      );
      expect(changed.some(Boolean), name).toBe(group === 'model');
    }
  });

  it('group values compare by value, ignoring the other groups', () => {
    const s = defaultSettings();
    const otherRate: Settings = { ...s, lr: 0.5, seed: 9 };
    const withDropout: Settings = { ...s, dropout: true };
    expect(groupValues(otherRate, 'model')).toEqual(groupValues(s, 'model'));
    expect(groupValues(withDropout, 'model')).not.toEqual(groupValues(s, 'model'));
  });
});
