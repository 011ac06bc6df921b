import { describe, expect, it } from 'vitest';
import { decodeSettings } from '../../src/core/preset/codec';
import { SCHEMA, SETTING_NAMES, defaultSettings, type FieldSpec, type Settings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';
import { escapeHtml, renderRunReport } from '../../src/core/report/run-report';
import { classReportToCsv, metricsToCsv } from '../../src/core/report/run-csv';
import { sanitizeSvg } from '../../src/core/report/sanitize-svg';
import { explainMetric, explainSetting, METRIC_NAMES } from '../../src/core/teach/explain';
import { isPageQueryKey, stripPageKeys } from '../../src/core/preset/page-keys';
import { hiddenToQuery, isPresentMode, parseHidden, presentationDefaults } from '../../src/core/teach/hide';
import { checkSettingValue, evaluateCheck, lessonSteps, parseLesson, type Lesson } from '../../src/core/teach/lesson';
import { curveNoise, detectOverfitting, overfitMessage, type EpochLosses } from '../../src/core/teach/overfit';
import { makeRegressionResult, makeTestResult } from '../../src/core/train/test-result';
import type { EpochRecord } from '../../src/core/train/types';
import { LESSON_FILES, lessonById, lessons } from '../../src/lessons';

// ---------------------------------------------------------------- scripted curves

const trainCurve = (i: number) => 0.05 + Math.exp(-i / 10);

/** 40 epochs of validation loss 0.5 + N(0, sd), training loss falling all along. */
function noisyFlat(seed: number, sd = 0.03, n = 40): EpochLosses[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({ epoch: i + 1, loss: trainCurve(i), val_loss: 0.5 + sd * rng.normal() }));
}

/** Validation loss falls to its minimum at epoch `best`, then rises 0.02 per epoch; training loss keeps falling. */
function clearTurn(best: number, sd = 0, seed = 1, n = 40): EpochLosses[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const e = i + 1;
    const v = e <= best ? 0.67 + 0.04 * (best - e) : 0.67 + 0.02 * (e - best);
    return { epoch: e, loss: trainCurve(i), val_loss: v + sd * rng.normal() };
  });
}

const firesAnywhere = (epochs: EpochLosses[]) => epochs.some((_, k) => detectOverfitting(epochs.slice(0, k + 1)).state === 'overfitting');

describe('detectOverfitting', () => {
  it('does not call noisy but flat validation loss overfitting at the end of a run', () => {
    for (let seed = 1; seed <= 50; seed++) {
      for (const sd of [0.01, 0.03, 0.06]) {
        const r = detectOverfitting(noisyFlat(seed, sd));
        expect(r.state, `seed ${seed}, sd ${sd}`).not.toBe('overfitting');
        expect(r.since).toBeNull();
      }
    }
  });

  it('rarely raises a false alarm at any epoch along the way on noisy flat validation loss', () => {
    // Measured: 3 of seeds 1–200 fire at some epoch (a run of noise that looks like a turn).
    let fired = 0;
    for (let seed = 1; seed <= 200; seed++) if (firesAnywhere(noisyFlat(seed))) fired++;
    expect(fired).toBeLessThanOrEqual(5);
  });

  it('stays quiet while both losses fall', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(seed);
      const epochs = Array.from({ length: 40 }, (_, i) => ({
        epoch: i + 1,
        loss: 0.1 + 0.9 * Math.exp(-i / 8),
        val_loss: 0.3 + 0.7 * Math.exp(-i / 12) + 0.02 * rng.normal(),
      }));
      expect(firesAnywhere(epochs), `seed ${seed}`).toBe(false);
      expect(['learning', 'plateau']).toContain(detectOverfitting(epochs).state);
    }
  });

  it('says "learning" while validation loss is still clearly going down', () => {
    const epochs = Array.from({ length: 20 }, (_, i) => ({ epoch: i + 1, loss: 2 - 0.08 * i, val_loss: 2.1 - 0.08 * i }));
    expect(detectOverfitting(epochs).state).toBe('learning');
  });

  it('fires on a clear turn and reports the epoch after the best', () => {
    const r = detectOverfitting(clearTurn(13));
    expect(r.state).toBe('overfitting');
    expect(r.bestEpoch).toBe(13);
    expect(r.since).toBe(14);
    expect(r.risingFor).toBe(27);
    expect(r.bestValLoss).toBeCloseTo(0.67, 10);
    // Live: it fires within a few epochs of the turn and stays on.
    const states = clearTurn(13).map((_, k, all) => detectOverfitting(all.slice(0, k + 1)).state);
    const first = states.indexOf('overfitting') + 1;
    expect(first).toBeGreaterThan(13);
    expect(first).toBeLessThanOrEqual(20);
    expect(states.slice(first - 1).every((s) => s === 'overfitting')).toBe(true);
  });

  it('finds the turn within ±1 epoch under noise', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const best of [10, 15, 20]) {
        const r = detectOverfitting(clearTurn(best, 0.01, seed));
        expect(r.state, `seed ${seed}, best ${best}`).toBe('overfitting');
        expect(Math.abs((r.since ?? -99) - (best + 1)), `seed ${seed}, best ${best}: since ${r.since}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('does not fire before validation loss has risen for `patience` epochs', () => {
    const epochs = clearTurn(13).slice(0, 15); // two epochs of rise
    expect(detectOverfitting(epochs, { patience: 3 }).state).not.toBe('overfitting');
    const longer = clearTurn(13);
    expect(detectOverfitting(longer, { patience: 5 }).since).toBe(14);
  });

  it('respects minDelta', () => {
    expect(detectOverfitting(clearTurn(13), { minDelta: 1 }).state).not.toBe('overfitting');
  });

  it('needs training loss to fall: both rising is not overfitting', () => {
    const epochs = Array.from({ length: 40 }, (_, i) => {
      const e = i + 1;
      const l = e < 15 ? 1 - e * 0.03 : 0.58 + (e - 15) * 0.05;
      return { epoch: e, loss: l, val_loss: l + 0.05 };
    });
    const r = detectOverfitting(epochs);
    expect(r.state).not.toBe('overfitting');
    expect(r.state).toBe('diverged');
  });

  it('skips NaN and missing validation losses', () => {
    const epochs = clearTurn(13).map((r, i) =>
      i % 4 === 1 ? { ...r, val_loss: NaN } : i % 7 === 3 ? { epoch: r.epoch, loss: r.loss } : r,
    ) as EpochLosses[];
    const r = detectOverfitting(epochs);
    expect(r.state).toBe('overfitting');
    expect(r.bestEpoch).toBe(13);
    expect(r.since).toBe(15); // epoch 14 has no reading, so the first rise seen is epoch 15
    expect(r.epochsSeen).toBe(epochs.filter((e) => Number.isFinite(e.val_loss)).length);
  });

  it('is too early without enough validation readings, and says so', () => {
    const none = Array.from({ length: 30 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), val_loss: NaN }));
    const r = detectOverfitting(none);
    expect(r).toMatchObject({ state: 'too-early', bestEpoch: null, bestValLoss: null, since: null, epochsSeen: 0, gap: null });
    expect(overfitMessage(r, { trainSamples: 10 }).text).toMatch(/No validation loss/);
    expect(detectOverfitting(clearTurn(3).slice(0, 6)).state).toBe('too-early');
    expect(detectOverfitting([]).state).toBe('too-early');
  });

  it('reports divergence', () => {
    const exploded = [...clearTurn(13).slice(0, 12), { epoch: 13, loss: NaN, val_loss: NaN }];
    expect(detectOverfitting(exploded).state).toBe('diverged');
    const oneEpoch = [{ epoch: 1, loss: 7.24, val_loss: 8.06 }];
    expect(detectOverfitting(oneEpoch).state).toBe('too-early');
    expect(detectOverfitting(oneEpoch, { numClasses: 2 }).state).toBe('diverged');
    expect(overfitMessage(detectOverfitting(oneEpoch, { numClasses: 2 }), { trainSamples: 360 }).advice).toMatch(/learning rate/);
  });

  it('reports the gap at the latest epoch with both losses', () => {
    const epochs = clearTurn(13);
    const last = epochs[39];
    const gap = detectOverfitting(epochs).gap!;
    expect(gap.epoch).toBe(40);
    expect(gap.diff).toBeCloseTo(last.val_loss - last.loss, 12);
    expect(gap.ratio).toBeCloseTo(last.val_loss / last.loss, 12);
  });

  it('estimates white noise from second differences, ignoring a trend', () => {
    const rng = createRng(7);
    const values = Array.from({ length: 400 }, (_, i) => 2 - 0.01 * i + 0.05 * rng.normal());
    expect(curveNoise(values)).toBeGreaterThan(0.04);
    expect(curveNoise(values)).toBeLessThan(0.06);
    expect(curveNoise(Array.from({ length: 50 }, (_, i) => 1 + 0.03 * i))).toBeCloseTo(0, 12);
  });

  it('writes a plain-language banner with the numbers', () => {
    const m = overfitMessage(detectOverfitting(clearTurn(13)), { trainSamples: 200 });
    expect(m.state).toBe('overfitting');
    expect(m.tone).toBe('warning');
    expect(m.text).toBe(
      'Overfitting since epoch 14: validation loss has risen for 27 epochs while training loss keeps falling — the model is memorising the 200 training samples.',
    );
    expect(m.advice).toMatch(
      /^Early stopping at epoch 13 would keep the best weights; or switch on dropout \/ L2 \/ augmentation, or add data\.$/,
    );
    // Present mode shows the headline alone: it is the sentence's own start, short enough for a projector.
    expect(m.headline).toBe('Overfitting since epoch 14');
    for (const state of ['learning', 'plateau', 'diverged', 'too-early'] as const) {
      const msg = overfitMessage({ ...detectOverfitting(noisyFlat(1)), state });
      expect(msg.text.startsWith(msg.headline)).toBe(true);
      expect(msg.headline.length).toBeLessThanOrEqual(40);
    }
    for (const state of ['learning', 'plateau'] as const) {
      const msg = overfitMessage({ ...detectOverfitting(noisyFlat(1)), state });
      expect(msg.tone).toBe('info');
      expect(msg.text.length).toBeGreaterThan(10);
      expect(msg.advice.length).toBeGreaterThan(10);
    }
  });
});

// ---------------------------------------------------------------- lessons

const EXPECTED_LESSONS = [
  'overfitting-and-dropout',
  'l2',
  'augmentation',
  'imbalance-accuracy-lies',
  'cancer-recall',
  'learning-rate',
  'batch-size',
  'init-vanishing-gradients',
];

/** A minimal valid lesson to mutate in the negative tests. */
function lessonJson(): Record<string, unknown> {
  return {
    id: 'demo',
    title: 'Demo',
    summary: 'One sentence. Two sentences.',
    url: 'data=digits&train=120&epochs=30',
    hide: ['l1'],
    steps: [
      { text: 'Press Train.', action: { press: 'train' }, check: { kind: 'state', expect: ['overfitting'] } },
      { text: 'Switch dropout on and press Train.', action: { set: { dropout: true }, press: 'train' } },
    ],
    point: 'The gap shrinks.',
  };
}

describe('lessons', () => {
  it('has the eight lessons, one file each, unique ids', () => {
    expect(lessons().map((l) => l.id)).toEqual(EXPECTED_LESSONS);
    expect(LESSON_FILES).toEqual(EXPECTED_LESSONS.map((id) => `${id}.json`));
    expect(lessonById('l2')?.title).toMatch(/L2/);
    expect(lessonById('nope')).toBeUndefined();
  });

  for (const lesson of lessons()) {
    describe(lesson.id, () => {
      it('has a URL that decodes without notices', () => {
        const decoded = decodeSettings(lesson.url);
        expect(decoded.notices).toEqual([]);
        expect(decoded.presetId).toBeUndefined();
      });

      it('has 2–4 steps, valid settings, and presses Train', () => {
        expect(lesson.steps.length).toBeGreaterThanOrEqual(2);
        expect(lesson.steps.length).toBeLessThanOrEqual(4);
        expect(lesson.steps.some((s) => s.action?.press)).toBe(true);
        for (const step of lesson.steps) {
          expect(step.text.trim().length).toBeGreaterThan(10);
          for (const [name, value] of Object.entries(step.action?.set ?? {})) {
            expect(SETTING_NAMES).toContain(name);
            expect(checkSettingValue(name as keyof Settings, value)).toMatchObject({ ok: true });
          }
        }
        expect(lesson.summary.length).toBeLessThanOrEqual(300);
        expect(lesson.point.length).toBeGreaterThan(20);
      });

      it('hides only real controls, never one a step changes', () => {
        const urlKeys = SETTING_NAMES.map((n) => SCHEMA[n].key);
        for (const key of lesson.hide ?? []) expect(urlKeys).toContain(key);
        const touched = lesson.steps.flatMap((s) => Object.keys(s.action?.set ?? {}).map((n) => SCHEMA[n as keyof Settings].key));
        for (const key of touched) expect(lesson.hide ?? []).not.toContain(key);
      });

      it('resolves every step to settings that change what the step says', () => {
        const steps = lessonSteps(lesson);
        expect(steps).toHaveLength(lesson.steps.length);
        expect(steps[0].before).toEqual(decodeSettings(lesson.url).settings);
        for (const s of steps) {
          for (const name of s.changed) expect(s.settings[name]).toEqual(s.action!.set![name]);
          if (s.changed.length) expect(s.query).not.toBe(s.beforeQuery);
          // Both queries are valid share links.
          expect(decodeSettings(s.query).notices).toEqual([]);
          expect(decodeSettings(s.query).settings).toEqual(s.settings);
          if (s.action?.press === 'train-both') expect(s.changed.length).toBeGreaterThan(0);
        }
      });

      it('round-trips through JSON and parseLesson unchanged', () => {
        expect(parseLesson(JSON.parse(JSON.stringify(lesson)), lesson.id)).toEqual(lesson);
      });
    });
  }

  it('rejects a URL key where a setting name belongs, naming file and field', () => {
    const bad = lessonJson();
    (bad.steps as any)[1].action.set = { drop: true };
    expect(() => parseLesson(bad, 'src/lessons/demo.json')).toThrow(
      'src/lessons/demo.json: steps[1].action.set.drop: "drop" is a URL key; use the setting name "dropout"',
    );
  });

  it('rejects out-of-range, mistyped and unknown settings', () => {
    const range = lessonJson();
    (range.steps as any)[1].action.set = { dropoutRate: 1.5 };
    expect(() => parseLesson(range, 'x.json')).toThrow(/x\.json: steps\[1\]\.action\.set\.dropoutRate: 1\.5 is outside 0 … 0\.9/);
    const type = lessonJson();
    (type.steps as any)[1].action.set = { dropout: 'yes' };
    expect(() => parseLesson(type, 'x.json')).toThrow(/dropout: "yes" is not true or false/);
    const unknown = lessonJson();
    (unknown.steps as any)[1].action.set = { dropoutt: true };
    expect(() => parseLesson(unknown, 'x.json')).toThrow(/set\.dropoutt: not a setting name/);
    const enumBad = lessonJson();
    (enumBad.steps as any)[1].action.set = { activation: 'swish' };
    expect(() => parseLesson(enumBad, 'x.json')).toThrow(/activation: "swish" is not one of relu/);
    const blocks = lessonJson();
    (blocks.steps as any)[1].action.set = {
      conv: [
        { filters: 8, pool: true },
        { filters: 0, pool: false },
      ],
    };
    expect(() => parseLesson(blocks, 'x.json')).toThrow(/set\.conv:/);
    const ok = lessonJson();
    (ok.steps as any)[1].action.set = { conv: [{ filters: 8, pool: true }], hidden: [64, 64] };
    expect(parseLesson(ok, 'x.json').steps[1].action?.set).toEqual({ conv: [{ filters: 8, pool: true }], hidden: [64, 64] });
  });

  it('rejects URLs that decode with notices', () => {
    const bad = lessonJson();
    bad.url = 'data=digits&drop_hide=1';
    expect(() => parseLesson(bad, 'x.json')).toThrow(/x\.json: url: teaching keys belong in "hide", not in the url: drop_hide/);
    const unknown = lessonJson();
    unknown.url = 'data=digits&zzz=1';
    expect(() => parseLesson(unknown, 'x.json')).toThrow(/x\.json: url: Ignored unknown link key: zzz/);
    const range = lessonJson();
    range.url = 'data=digits&lr=99';
    expect(() => parseLesson(range, 'x.json')).toThrow(/x\.json: url: "lr": 99 is outside/);
  });

  it('rejects wrong step counts, hidden or unchanged settings, and loose fields', () => {
    const one = lessonJson();
    one.steps = [(one.steps as any)[0]];
    expect(() => parseLesson(one, 'x.json')).toThrow('x.json: steps: must be an array of 2–4 steps');
    const five = lessonJson();
    five.steps = Array.from({ length: 5 }, () => ({ text: 'Press Train.', action: { press: 'train' } }));
    expect(() => parseLesson(five, 'x.json')).toThrow(/2–4 steps/);
    const hidden = lessonJson();
    hidden.hide = ['drop'];
    expect(() => parseLesson(hidden, 'x.json')).toThrow(/steps\[1\]\.action\.set\.dropout: the lesson hides this control/);
    const same = lessonJson();
    (same.steps as any)[1].action.set = { epochs: 30 };
    expect(() => parseLesson(same, 'x.json')).toThrow(/set\.epochs: is already 30 at this step/);
    const extra = lessonJson();
    extra.pointe = 'typo';
    expect(() => parseLesson(extra, 'x.json')).toThrow(/x\.json\.pointe: unknown field/);
    const badHide = lessonJson();
    badHide.hide = ['dropout'];
    expect(() => parseLesson(badHide, 'x.json')).toThrow(
      /hide\[0\]: "dropout" is not a setting's URL key; "dropout" is a setting name, its URL key is "drop"/,
    );
    const long = lessonJson();
    long.summary = 'One. Two. Three.';
    expect(() => parseLesson(long, 'x.json')).toThrow(/summary: has 3 sentences/);
    const press = lessonJson();
    (press.steps as any)[1].action.press = 'run';
    expect(() => parseLesson(press, 'x.json')).toThrow(/action\.press: must be one of train, train-both/);
    const check = lessonJson();
    (check.steps as any)[0].check = { kind: 'metric', metric: 'val_acc' };
    expect(() => parseLesson(check, 'x.json')).toThrow(/needs "above" or "below"/);
    expect(() => parseLesson('nope', 'x.json')).toThrow('x.json: must be a JSON object');
  });

  it('evaluates checks against a run', () => {
    const overfit = clearTurn(13).map((r) => ({ ...r, acc: 0.9, val_acc: 0.7 }));
    expect(evaluateCheck({ kind: 'state', expect: ['overfitting'] }, { epochs: overfit })).toEqual({ pass: true, value: 'overfitting' });
    expect(evaluateCheck({ kind: 'state', expect: ['plateau'] }, { epochs: overfit }).pass).toBe(false);
    expect(evaluateCheck({ kind: 'state', expect: ['diverged'] }, { epochs: overfit.slice(0, 1), status: 'diverged' }).pass).toBe(true);
    expect(evaluateCheck({ kind: 'metric', metric: 'val_acc', above: 0.6, below: 0.8 }, { epochs: overfit })).toEqual({
      pass: true,
      value: 0.7,
    });
    expect(evaluateCheck({ kind: 'metric', metric: 'gap', below: 0.3 }, { epochs: overfit }).pass).toBe(false);
    // 10 of class 0 (all right), 4 of class 1 (1 found): accuracy 11/14, recall of class 1 = 0.25.
    const labels = [...Array(10).fill(0), 1, 1, 1, 1];
    const probs = new Float32Array(labels.flatMap((y, i) => (y === 1 && i === 10 ? [0.1, 0.9] : [0.8, 0.2])));
    const test = makeTestResult(probs, labels, ['common', 'rare']);
    expect(evaluateCheck({ kind: 'metric', metric: 'min_recall', below: 0.5 }, { epochs: overfit, test })).toEqual({
      pass: true,
      value: 0.25,
    });
    expect(evaluateCheck({ kind: 'metric', metric: 'test_accuracy', above: 0.75 }, { epochs: overfit, test }).value).toBeCloseTo(
      11 / 14,
      12,
    );
    expect(evaluateCheck({ kind: 'metric', metric: 'min_recall', above: 0 }, { epochs: overfit }).pass).toBe(false);
  });
});

// ---------------------------------------------------------------- hide / present

describe('parseHidden', () => {
  it('reads <urlKey>_hide keys for real settings only', () => {
    expect(parseHidden('data=digits&drop_hide=1&l2_hide=true&bogus_hide=1&dropout_hide=1&lr_hide=0')).toEqual(new Set(['drop', 'l2']));
    expect(parseHidden('')).toEqual(new Set());
    expect(isPresentMode('present=1')).toBe(true);
    expect(isPresentMode('present=0')).toBe(false);
  });

  it('hides everything but the lesson controls in present mode, unless shown explicitly', () => {
    const lesson = lessonById('overfitting-and-dropout')!;
    const visible = presentationDefaults(lesson);
    // The pace is always offered when presenting.
    expect(visible).toEqual(new Set(['drop', 'dropRate', 'pace']));
    const hidden = parseHidden('present=1&lr_hide=0', visible);
    const all = SETTING_NAMES.map((n) => SCHEMA[n].key);
    expect(hidden.has('drop')).toBe(false);
    expect(hidden.has('dropRate')).toBe(false);
    expect(hidden.has('lr')).toBe(false);
    expect(hidden.has('pace')).toBe(false);
    expect(hidden.size).toBe(all.length - 4);
    // Without a lesson, a default set of common controls stays.
    const defaults = parseHidden('present=1');
    expect(defaults.has('lr')).toBe(false);
    expect(defaults.has('esPat')).toBe(true);
    expect(defaults.has('pace')).toBe(false);
    // …unless the lesson hides it.
    expect(presentationDefaults({ steps: [{ text: 't', action: { set: { lr: 1 } } }], hide: ['pace'] })).toEqual(new Set(['lr']));
  });

  it('writes hide keys, and strips teaching keys so links decode cleanly', () => {
    expect(hiddenToQuery(['l2', 'drop', 'nope'])).toBe('drop_hide=1&l2_hide=1');
    const q = 'data=digits&drop_hide=1&present=1&lesson=l2&epochs=12';
    expect(isPageQueryKey('drop_hide')).toBe(true);
    expect(isPageQueryKey('lesson')).toBe(true);
    expect(isPageQueryKey('dropout_hide')).toBe(false);
    expect(isPageQueryKey('data')).toBe(false);
    const stripped = decodeSettings(stripPageKeys(q));
    expect(stripped.notices).toEqual([]);
    expect(stripped.settings.epochs).toBe(12);
    expect(parseHidden(`${q}&${hiddenToQuery(lessonById('l2')!.hide!)}`).has('dropRate')).toBe(true);
  });
});

// ---------------------------------------------------------------- explanations

describe('explanations', () => {
  it('explains every setting at its default and at every option, briefly', () => {
    for (const name of SETTING_NAMES) {
      const spec = SCHEMA[name] as FieldSpec;
      const values: unknown[] = spec.kind === 'enum' ? [...spec.options] : spec.kind === 'bool' ? [true, false] : [spec.default];
      for (const v of values) {
        const text = explainSetting(name, v as Settings[typeof name]);
        expect(text.trim().length, `${name}=${String(v)}`).toBeGreaterThan(20);
        expect(text.length, `${name}=${String(v)}: ${text}`).toBeLessThanOrEqual(200);
      }
      expect(explainSetting(name)).toBe(explainSetting(name, defaultSettings()[name]));
    }
  });

  it('uses the value it is given', () => {
    expect(explainSetting('lr', 0.5)).toMatch(/^Learning rate: 0\.5,/);
    expect(explainSetting('hidden', [256, 256])).toMatch(/2 layers of 256, 256 neurons/);
    expect(explainSetting('hidden', [])).toMatch(/linear/);
    expect(explainSetting('trainSize', 120)).toMatch(/only 120 samples/);
    expect(explainSetting('dropout', true)).not.toBe(explainSetting('dropout', false));
  });

  it("explains every metric, with the run's numbers when given", () => {
    for (const name of METRIC_NAMES) {
      const text = explainMetric(name);
      expect(text.trim().length, name).toBeGreaterThan(20);
      expect(text.length, name).toBeLessThanOrEqual(200);
    }
    expect(explainMetric('recall', { className: 'shirt', value: 0.41, support: 200, found: 82 })).toBe(
      "Recall for 'shirt' is 0.41: of 200 shirts in the test set, the model found 82.",
    );
    expect(explainMetric('recall', { className: '7', value: 0.5, support: 40 })).toBe(
      "Recall for '7' is 0.50: of 40 samples of '7' in the test set, the model found 20.",
    );
    expect(explainMetric('precision', { className: 'dress', value: 0.75, predicted: 40 })).toBe(
      "Precision for 'dress' is 0.75: of 40 samples the model called 'dress', 30 really were.",
    );
    expect(explainMetric('confusion_cell', { trueClass: 'shirt', predictedClass: 'T-shirt/top', count: 31 })).toMatch(
      /^31 shirts in the test set were mistaken for 'T-shirt\/top'/,
    );
    expect(explainMetric('accuracy', { value: 0.93, correct: 205, total: 220 })).toMatch(/got 205 of 220 test samples right/);
    expect(explainMetric('gap', { train: 0.06, val: 0.89 })).toMatch(/gap of 0\.83 — a sign of overfitting/);
    expect(explainMetric('gap', { train: 0.5, val: 0.52 })).toMatch(/no sign of overfitting yet/);
    expect(explainMetric('r2', { value: -0.2 })).toMatch(/^R² is -0\.20/);
  });
});

// ---------------------------------------------------------------- report

const HOSTILE = ['<script>alert(1)</script>', 'a"b\'c&d', '<img src=x onerror=alert(1)>'];

function epochRecords(n = 30): EpochRecord[] {
  return clearTurn(10, 0, 1, n).map((r, i) => ({
    ...r,
    acc: Math.min(1, 0.5 + i * 0.02),
    val_acc: i === 3 ? NaN : 0.6 + Math.min(i, 10) * 0.01,
    lr: 0.003,
    val_confusion: null,
    ms: 100,
  }));
}

function hostileTest() {
  // 3 classes: true labels 0,0,0,1,1,2; predictions 0,0,1,1,2,2.
  const labels = [0, 0, 0, 1, 1, 2];
  const pred = [0, 0, 1, 1, 2, 2];
  const probs = new Float32Array(pred.flatMap((p) => [0, 1, 2].map((k) => (k === p ? 0.8 : 0.1))));
  return makeTestResult(probs, labels, HOSTILE);
}

function count(html: string, re: RegExp): number {
  return (html.match(re) ?? []).length;
}

describe('run report', () => {
  it('escapes HTML special characters', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`Tom & Jerry's "show"`)).toBe('Tom &amp; Jerry&#39;s &quot;show&quot;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml(undefined)).toBe('');
  });

  const settings: Settings = { ...defaultSettings(), dataset: 'digits', trainSize: 120, hidden: [256, 256], dropout: true };
  const html = renderRunReport({
    settings,
    epochs: epochRecords(),
    test: hostileTest(),
    backend: 'cpu <fast>',
    createdAt: '2025-01-02T03:04:05Z',
    trainSamples: 120,
  });

  it('is a standalone HTML document with no scripts or external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img|<link|<iframe|<object|<embed|@import|url\(/i);
    // No tag carries an event handler, a src or a link (the hostile names appear only as escaped text).
    const attributes = [...html.matchAll(/<[a-z][^>]*>/gi)].flatMap((tag) =>
      [...tag[0].matchAll(/\s([\w:-]+)=("[^"]*"|'[^']*')/g)].map((a) => a[1].toLowerCase()),
    );
    expect(attributes.length).toBeGreaterThan(100);
    expect(attributes.filter((a) => a.startsWith('on') || a === 'src' || a === 'href' || a === 'xlink:href')).toEqual([]);
    // The only http(s) text is the SVG namespace, which is never fetched.
    expect(html.match(/https?:\/\/[^"\s]*/g)?.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).toMatch(/@media print/);
  });

  it('has balanced tables and rows', () => {
    for (const tag of ['table', 'tr', 'thead', 'tbody', 'svg', 'section', 'html', 'body', 'head']) {
      expect(count(html, new RegExp(`<${tag}[\\s>]`, 'g')), tag).toBe(count(html, new RegExp(`</${tag}>`, 'g')));
    }
    expect(count(html, /<table[\s>]/g)).toBeGreaterThanOrEqual(5); // 3 settings, confusion, per-class, key metrics
  });

  it('escapes hostile class names and other user strings', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a&quot;b&#39;c&amp;d');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('cpu &lt;fast&gt;');
    expect(html).not.toContain('a"b\'c&d');
  });

  it('contains the confusion matrix values and per-class scores', () => {
    const cm = hostileTest().confusionMatrix;
    expect(cm).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    const confusion = html.slice(
      html.indexOf('<table class="confusion">'),
      html.indexOf('</table>', html.indexOf('<table class="confusion">')),
    );
    const cells = [...confusion.matchAll(/<td[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells).toEqual(cm.flat());
    const key = html.slice(html.indexOf('<table class="key">'), html.indexOf('</table>', html.indexOf('<table class="key">')));
    expect(key).toMatch(/<th scope="col">Test accuracy<\/th><th scope="col">Macro F1<\/th>/);
    expect(key).toMatch(/<tr><td>0\.667<\/td><td>0\.656<\/td>/); // accuracy 4/6; macro F1 (0.8 + 0.5 + 0.667) / 3
    expect(html).toContain('Macro F1');
    expect(html).toContain('weighted avg');
  });

  it('draws the learning curves in colour-blind-safe colours, validation dashed', () => {
    expect(count(html, /<polyline/g)).toBeGreaterThanOrEqual(5); // loss ×2, acc, val_acc split by a NaN
    expect(html).toContain('stroke="#0072B2"');
    expect(html).toContain('stroke="#E69F00"');
    expect(html).toMatch(/stroke="#E69F00" stroke-width="2" stroke-dasharray="6 4"/);
    expect(html).toMatch(/best 10/);
  });

  it('gives the overfitting verdict and lists all settings, changed ones marked', () => {
    expect(html).toContain('Overfitting since epoch 11');
    expect(html).toContain('the 120 training samples');
    const defaults = defaultSettings();
    const changed = SETTING_NAMES.filter((n) => JSON.stringify(settings[n]) !== JSON.stringify(defaults[n]));
    expect(changed).toEqual(['dataset', 'trainSize', 'hidden', 'dropout']);
    expect(count(html, /<tr class="changed">/g)).toBe(changed.length);
    for (const n of SETTING_NAMES)
      expect(html).toMatch(new RegExp(`(>|</span> )${escapeHtml(SCHEMA[n].label).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</th>`));
    expect(html).toContain('?data=digits&amp;train=120&amp;hidden=256%2C256&amp;drop=1');
  });

  it('renders a regression run and a run without a test', () => {
    const reg = makeRegressionResult(new Float32Array([1, 2, 3.5]), [1, 2, 3], new Float32Array([0, 1, 2]), 1, 'mse');
    const page = renderRunReport({
      settings: { ...defaultSettings(), dataset: 'sine' },
      epochs: epochRecords(12),
      test: reg,
      createdAt: 'now',
    });
    expect(page).toContain('R²');
    expect(page).toContain('RMSE');
    expect(page).not.toContain('class="confusion"');
    const none = renderRunReport({ settings: defaultSettings(), epochs: [], test: null, createdAt: 'now' });
    expect(none).toContain('No test result');
    expect(none).toContain('No data');
  });

  it('sanitises extra SVG charts', () => {
    const evil =
      '<svg viewBox="0 0 1 1" onload="alert(1)"><script>alert(2)</script><a href="https://x.test"><rect/></a><rect fill="url(https://x.test/p)" width="1"/></svg>';
    const clean = sanitizeSvg(evil)!;
    expect(clean).not.toMatch(/script|onload|https:|alert/);
    expect(clean).toBe('<svg viewBox="0 0 1 1"><rect/><rect fill="none" width="1"/></svg>');
    expect(sanitizeSvg('<div>not svg</div>')).toBeNull();
    const page = renderRunReport({
      settings: defaultSettings(),
      epochs: epochRecords(),
      test: null,
      createdAt: 'now',
      charts: [{ title: 'ROC <b>', svg: evil }],
    });
    expect(page).toContain('ROC &lt;b&gt;');
    expect(page).not.toMatch(/<script|onload=/);
  });

  it('exports CSV for the history and the per-class report', () => {
    const csv = metricsToCsv(epochRecords(5));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('epoch,loss,val_loss,acc,val_acc,lr,ms');
    expect(lines).toHaveLength(6);
    expect(lines[4].split(',')[4]).toBe(''); // NaN val_acc at epoch 4
    const report = classReportToCsv(makeTestResult(new Float32Array([0.9, 0.1, 0.2, 0.8]), [0, 1], ['=cmd()', 'a,"b"']));
    expect(report.split('\r\n')).toEqual([
      'class,precision,recall,f1,support',
      "'=cmd(),1,1,1,1",
      '"a,""b""",1,1,1,1',
      'macro avg,1,1,1,2',
      'weighted avg,1,1,1,2',
      '',
    ]);
  });
});

// Lessons are typed data: make sure the type export stays usable.
const _typecheck: Lesson | undefined = lessons()[0];
void _typecheck;
