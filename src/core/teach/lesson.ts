import { decodeSettings, encodeSettings, formatValue } from '../preset/codec';
import { checkField, gateSettings } from '../preset/gate';
import { SCHEMA, SETTING_NAMES, type FieldSpec, type Settings } from '../preset/schema';
import { classificationReport } from '../metrics';
import type { AnyTestResult } from '../train/test-result';
import type { EpochRecord } from '../train/types';
import { isPageQueryKey } from '../preset/page-keys';
import { detectOverfitting, OVERFIT_STATES, type OverfitState } from './overfit';

/**
 * Guided lessons: a share link to start from, 2–4 steps that each change a setting and/or press Train, and
 * the point the student should see. Lessons are data (src/lessons/*.json); parseLesson checks one against
 * the settings schema so a typo fails the unit tests instead of a class.
 */

/** 'train': train the current settings. 'train-both': train the settings before this step's change and after it, to compare side by side. */
export type LessonPress = 'train' | 'train-both';
export const LESSON_PRESSES: readonly LessonPress[] = ['train', 'train-both'];

export interface LessonAction {
  /** Settings (by name, e.g. `dropout`, not URL key) to change, each valid per SCHEMA. */
  set?: Partial<Settings>;
  press?: LessonPress;
}

/** Run-level numbers a check can read; see runMetric. */
export const LESSON_METRICS = [
  'loss',
  'val_loss',
  'best_val_loss',
  'acc',
  'val_acc',
  'gap',
  'test_accuracy',
  'macro_f1',
  'min_recall',
  'positive_recall',
] as const;
export type LessonMetric = (typeof LESSON_METRICS)[number];

/**
 * What the run after a step should show, so the UI can say "see it?" or point at what went differently.
 * 'state': the overfitting detector's verdict is one of `expect`. 'metric': the number is above/below.
 */
export type LessonCheck =
  { kind: 'state'; expect: OverfitState[] } | { kind: 'metric'; metric: LessonMetric; above?: number; below?: number };

export interface LessonStep {
  /** What to do and what to look at, addressed to the student. */
  text: string;
  action?: LessonAction;
  check?: LessonCheck;
}

export interface Lesson {
  /** Kebab-case, unique; also the JSON file's name. */
  id: string;
  title: string;
  /** One or two sentences: what the lesson shows. */
  summary: string;
  /** Share query the lesson starts from (no leading '?'); decodes without notices. */
  url: string;
  /** URL keys (SCHEMA[...].key, e.g. 'drop') of controls to hide while the lesson runs. */
  hide?: string[];
  steps: LessonStep[];
  /** What the student should have seen by the end. */
  point: string;
}

class LessonError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'LessonError';
  }
}

const LESSON_KEYS = new Set(['id', 'title', 'summary', 'url', 'hide', 'steps', 'point']);
const STEP_KEYS = new Set(['text', 'action', 'check']);
const ACTION_KEYS = new Set(['set', 'press']);
const SUMMARY_MAX = 300;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const byUrlKey = new Map<string, keyof Settings>(SETTING_NAMES.map((n) => [SCHEMA[n].key, n]));

function text(where: string, v: unknown, max = 600): string {
  if (typeof v !== 'string' || v.trim() === '') throw new LessonError(where, 'must be a non-empty string');
  if (v.length > max) throw new LessonError(where, `is ${v.length} characters; keep it under ${max}`);
  return v;
}

function onlyKeys(where: string, o: Record<string, unknown>, allowed: Set<string>): void {
  for (const k of Object.keys(o)) {
    if (!allowed.has(k)) throw new LessonError(`${where}.${k}`, `unknown field (expected one of ${[...allowed].join(', ')})`);
  }
}

/** A JSON value for one setting, checked by the settings gate's field rule (as links and files are); returns the value (cloned). */
export function checkSettingValue(name: keyof Settings, value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  const spec = SCHEMA[name] as FieldSpec;
  // Lesson blocks are written by hand: extra keys in a block are a typo, so they are refused here.
  if (spec.kind === 'blocks' && Array.isArray(value) && !value.every((b) => isObject(b) && Object.keys(b).length === 2))
    return { ok: false, reason: `${JSON.stringify(value)} is not an array of { "filters": n, "pool": true|false }` };
  return checkField(spec, value);
}

function parseSet(where: string, v: unknown): Partial<Settings> {
  if (!isObject(v) || Object.keys(v).length === 0)
    throw new LessonError(where, 'must be an object of { settingName: value } with at least one entry');
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    if (!(SETTING_NAMES as string[]).includes(k)) {
      const byKey = byUrlKey.get(k);
      throw new LessonError(
        `${where}.${k}`,
        byKey ? `"${k}" is a URL key; use the setting name "${byKey}"` : 'not a setting name (see SCHEMA in src/core/preset/schema.ts)',
      );
    }
    const checked = checkSettingValue(k as keyof Settings, value);
    if (!checked.ok) throw new LessonError(`${where}.${k}`, checked.reason);
    out[k] = checked.value;
  }
  return out as Partial<Settings>;
}

function parseCheck(where: string, v: unknown): LessonCheck {
  if (!isObject(v)) throw new LessonError(where, 'must be an object');
  if (v.kind === 'state') {
    onlyKeys(where, v, new Set(['kind', 'expect']));
    const expect = v.expect;
    if (!Array.isArray(expect) || expect.length === 0 || !expect.every((s) => (OVERFIT_STATES as readonly unknown[]).includes(s))) {
      throw new LessonError(`${where}.expect`, `must be a non-empty array of ${OVERFIT_STATES.join(', ')}`);
    }
    return { kind: 'state', expect: [...expect] as OverfitState[] };
  }
  if (v.kind === 'metric') {
    onlyKeys(where, v, new Set(['kind', 'metric', 'above', 'below']));
    if (!(LESSON_METRICS as readonly unknown[]).includes(v.metric))
      throw new LessonError(`${where}.metric`, `must be one of ${LESSON_METRICS.join(', ')}`);
    const bound = (k: 'above' | 'below') => {
      if (v[k] === undefined) return undefined;
      if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) throw new LessonError(`${where}.${k}`, 'must be a number');
      return v[k] as number;
    };
    const above = bound('above');
    const below = bound('below');
    if (above === undefined && below === undefined) throw new LessonError(where, 'needs "above" or "below"');
    if (above !== undefined && below !== undefined && above >= below)
      throw new LessonError(where, `"above" (${above}) must be less than "below" (${below})`);
    return {
      kind: 'metric',
      metric: v.metric as LessonMetric,
      ...(above !== undefined ? { above } : {}),
      ...(below !== undefined ? { below } : {}),
    };
  }
  throw new LessonError(`${where}.kind`, 'must be "state" or "metric"');
}

/**
 * Validates one lesson's JSON. Throws an Error naming the file (`source`) and the field, e.g.
 * "lessons/l2.json: steps[1].action.set.l2Lambda: 5 is outside 0 … 1".
 */
export function parseLesson(json: unknown, source = 'lesson'): Lesson {
  if (!isObject(json)) throw new LessonError(source, 'must be a JSON object');
  const at = (field: string) => `${source}: ${field}`;
  onlyKeys(source, json, LESSON_KEYS);

  const id = text(at('id'), json.id, 60);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new LessonError(at('id'), `"${id}" must be kebab-case (a-z, 0-9, dashes)`);
  const title = text(at('title'), json.title, 80);
  const summary = text(at('summary'), json.summary, SUMMARY_MAX);
  const sentences = summary.split(/(?<=[.!?])\s+(?=[A-Z])/).filter((s) => s.trim()).length;
  if (sentences > 2) throw new LessonError(at('summary'), `has ${sentences} sentences; one or two, please`);
  const point = text(at('point'), json.point);

  const url = text(at('url'), json.url, 1000);
  if (url.startsWith('?') || url.includes('#'))
    throw new LessonError(at('url'), 'must be a bare query string like "data=digits&train=120" (no "?" or "#")');
  const decoded = decodeSettings(url);
  if (decoded.notices.length) throw new LessonError(at('url'), decoded.notices.join(' '));
  // The codec passes teaching keys over silently; in a lesson they belong in "hide", where they are checked.
  const teachKeys = [...new URLSearchParams(url).keys()].filter(isPageQueryKey);
  if (teachKeys.length) throw new LessonError(at('url'), `teaching keys belong in "hide", not in the url: ${teachKeys.join(', ')}`);

  let hide: string[] | undefined;
  if (json.hide !== undefined) {
    if (!Array.isArray(json.hide)) throw new LessonError(at('hide'), 'must be an array of URL keys');
    hide = json.hide.map((k, i) => {
      if (typeof k !== 'string' || !byUrlKey.has(k)) {
        const hint =
          typeof k === 'string' && k in SCHEMA ? `; "${k}" is a setting name, its URL key is "${SCHEMA[k as keyof Settings].key}"` : '';
        throw new LessonError(at(`hide[${i}]`), `${JSON.stringify(k)} is not a setting's URL key${hint}`);
      }
      return k;
    });
    if (new Set(hide).size !== hide.length) throw new LessonError(at('hide'), 'lists a key twice');
  }
  const hidden = new Set(hide ?? []);

  if (!Array.isArray(json.steps) || json.steps.length < 2 || json.steps.length > 4) {
    throw new LessonError(at('steps'), 'must be an array of 2–4 steps');
  }
  let current = decoded.settings;
  const steps = json.steps.map((raw, i): LessonStep => {
    const where = at(`steps[${i}]`);
    if (!isObject(raw)) throw new LessonError(where, 'must be an object');
    onlyKeys(where, raw, STEP_KEYS);
    const step: LessonStep = { text: text(`${where}.text`, raw.text) };
    if (raw.action !== undefined) {
      const a = raw.action;
      if (!isObject(a)) throw new LessonError(`${where}.action`, 'must be an object');
      onlyKeys(`${where}.action`, a, ACTION_KEYS);
      const action: LessonAction = {};
      if (a.set !== undefined) {
        action.set = parseSet(`${where}.action.set`, a.set);
        for (const [name, value] of Object.entries(action.set) as [keyof Settings, unknown][]) {
          const key = SCHEMA[name].key;
          if (hidden.has(key)) throw new LessonError(`${where}.action.set.${name}`, `the lesson hides this control ("${key}" is in hide)`);
          const spec = SCHEMA[name] as FieldSpec;
          if (formatValue(spec, value) === formatValue(spec, current[name])) {
            throw new LessonError(
              `${where}.action.set.${name}`,
              `is already ${formatValue(spec, value)} at this step: the step changes nothing`,
            );
          }
        }
        // Cross-field rules too (held-out fractions, class indices): a step must not set what a run would refuse.
        const gated = gateSettings({ ...current, ...action.set });
        const refused = Object.entries(gated.fieldErrors)[0];
        if (refused) throw new LessonError(`${where}.action.set`, refused[1] as string);
        current = gated.settings;
      }
      if (a.press !== undefined) {
        if (!(LESSON_PRESSES as readonly unknown[]).includes(a.press))
          throw new LessonError(`${where}.action.press`, `must be one of ${LESSON_PRESSES.join(', ')}`);
        action.press = a.press as LessonPress;
      }
      if (!action.set && !action.press) throw new LessonError(`${where}.action`, 'needs "set" or "press"');
      if (action.press === 'train-both' && !action.set)
        throw new LessonError(`${where}.action`, '"train-both" compares before and after a change, so it needs "set"');
      step.action = action;
    }
    if (raw.check !== undefined) {
      if (!step.action?.press && i === 0) throw new LessonError(`${where}.check`, 'a check needs a run: press Train in this step');
      step.check = parseCheck(`${where}.check`, raw.check);
    }
    return step;
  });
  if (!steps.some((s) => s.action?.press)) throw new LessonError(at('steps'), 'no step presses Train');

  return { id, title, summary, url, ...(hide ? { hide } : {}), steps, point };
}

/** One step with the settings it runs, resolved from the lesson's URL and every earlier step's changes. */
export interface ResolvedStep extends LessonStep {
  /** 0-based. */
  index: number;
  /** Settings before this step's change (what 'train-both' trains as the baseline). */
  before: Settings;
  /** Settings after this step's change: what the form shows and 'train' trains. */
  settings: Settings;
  /** Share queries of the two. */
  beforeQuery: string;
  query: string;
  /** Setting names this step changes. */
  changed: (keyof Settings)[];
}

/** The lesson's steps with their settings resolved in order. */
export function lessonSteps(lesson: Lesson): ResolvedStep[] {
  let current = decodeSettings(lesson.url).settings;
  return lesson.steps.map((step, index) => {
    const before = current;
    const set = step.action?.set ?? {};
    current = { ...before, ...structuredClone(set) };
    return {
      ...step,
      index,
      before,
      settings: current,
      beforeQuery: encodeSettings(before),
      query: encodeSettings(current),
      changed: Object.keys(set) as (keyof Settings)[],
    };
  });
}

/** What a check reads from a finished run. `test` is optional: checks on test metrics fail without one. */
export interface LessonRun {
  epochs: readonly Pick<EpochRecord, 'epoch' | 'loss' | 'val_loss' | 'acc' | 'val_acc'>[];
  test?: AnyTestResult | null;
  /** How the run ended; 'diverged' makes the detector's state 'diverged' whatever the curves say. */
  status?: string;
  /** Classes of the dataset, for the detector's divergence rule (taken from `test` when left out). */
  numClasses?: number;
}

/** A run-level number; NaN when the run does not have it (no epochs, no validation split, regression test…). */
export function runMetric(metric: LessonMetric, run: LessonRun): number {
  const last = run.epochs.at(-1);
  const t = run.test;
  switch (metric) {
    case 'loss':
      return last?.loss ?? NaN;
    case 'val_loss':
      return last?.val_loss ?? NaN;
    case 'best_val_loss': {
      const vals = run.epochs.map((r) => r.val_loss).filter(Number.isFinite);
      return vals.length ? Math.min(...vals) : NaN;
    }
    case 'acc':
      return last?.acc ?? NaN;
    case 'val_acc':
      return last?.val_acc ?? NaN;
    case 'gap':
      return last ? last.val_loss - last.loss : NaN;
    case 'test_accuracy':
      return t ? (t.task === 'classification' ? t.accuracy : t.metrics.r2) : NaN;
    case 'macro_f1':
    case 'min_recall':
    case 'positive_recall': {
      if (!t || t.task !== 'classification' || t.count === 0) return NaN;
      const report = classificationReport(t.labels, t.predictions, t.classNames.length);
      if (metric === 'macro_f1') return report.macro.f1;
      // Binary only: class 1 is the positive class (sklearn's convention; the sick class of a medical test).
      if (metric === 'positive_recall')
        return t.classNames.length === 2 && report.perClass[1].support > 0 ? report.perClass[1].recall : NaN;
      const recalls = report.perClass.filter((c) => c.support > 0).map((c) => c.recall);
      return recalls.length ? Math.min(...recalls) : NaN;
    }
  }
}

/** Whether a run shows what a step's check expects; `value` is what was read (a state or a number). */
export function evaluateCheck(check: LessonCheck, run: LessonRun): { pass: boolean; value: OverfitState | number } {
  if (check.kind === 'state') {
    const numClasses = run.numClasses ?? (run.test?.task === 'classification' ? run.test.classNames.length : undefined);
    const state = run.status === 'diverged' ? 'diverged' : detectOverfitting(run.epochs, { numClasses }).state;
    return { pass: check.expect.includes(state), value: state };
  }
  const value = runMetric(check.metric, run);
  const pass =
    Number.isFinite(value) && (check.above === undefined || value > check.above) && (check.below === undefined || value < check.below);
  return { pass, value };
}
