import { SCHEMA, SETTING_NAMES, defaultSettings, isImageDataset, isRegressionDataset, type FieldSpec, type Settings } from './schema';
import { formatValue, parseValue } from './value';
import { SHAPE_CLASSES } from '../data/shapes';
import { toyClassRange, type ToyId } from '../data/toy';

/**
 * The one settings gate. Every way settings enter the lab (a link, the form, a store action, a lesson, a history
 * file, a search trial, the worker) passes them through `gateSettings`, so a value accepted in one place can never
 * be refused in another. It takes untrusted values and never throws: what it returns is always a valid Settings,
 * plus what it had to change (`notices`), why, per field (`fieldErrors`), and advice that changes nothing (`hints`).
 */

/** Validation plus test fraction above this leaves under a fifth of the data for training. */
export const MAX_HELD_OUT = 0.8;

export interface GateContext {
  /**
   * Values to fall back on for a refused field (the settings before an edit, a preset); defaults otherwise.
   * They are gated too, so a bad base cannot slip through.
   */
  base?: Partial<Settings>;
  /** The dataset's class count when known (an uploaded table or image set); the shipped datasets know their own. */
  classCount?: number;
}

export type FieldErrors = Partial<Record<keyof Settings, string>>;

export interface GateResult {
  settings: Settings;
  /** What was changed and why, one line each (shown when a link or file opens). Empty when nothing was. */
  notices: string[];
  /** The problem with each refused field, by setting name (shown next to the field; Train refuses while any). */
  fieldErrors: FieldErrors;
  /** Observations that change nothing (a CNN on 2-D data trains its dense part), by setting name. */
  hints: Partial<Record<keyof Settings, string>>;
}

export function gateSettings(raw: unknown, ctx: GateContext = {}): GateResult {
  const notices: string[] = [];
  const fieldErrors: FieldErrors = {};
  const base = ctx.base ? fieldsOf(ctx.base, defaultSettings()).settings : defaultSettings();
  const fields = fieldsOf(raw, base);
  const settings = fields.settings;
  for (const [name, reason] of fields.errors) {
    fieldErrors[name] = `${SCHEMA[name].label}: ${reason}.`;
    notices.push(`"${SCHEMA[name].key}": ${reason}; using ${shown(name, settings[name])}.`);
  }
  if (fields.notObject) notices.push('The settings were not a list of values; the defaults are used.');
  heldOutRule(settings, base, notices, fieldErrors);
  classIndexRule(settings, ctx, notices, fieldErrors);
  return { settings, notices, fieldErrors, hints: hintsFor(settings) };
}

/** The field messages of settings the gate would refuse (empty when it accepts them as they are): what Train and the worker check. */
export function settingsProblems(s: unknown, ctx: GateContext = {}): string[] {
  return Object.values(gateSettings(s, ctx).fieldErrors).filter((m): m is string => typeof m === 'string');
}

type Fields = { settings: Settings; errors: [keyof Settings, string][]; notObject: boolean };

/** Field rules: each value of the right type and inside its schema range (through the link codec's own parser). */
function fieldsOf(raw: unknown, base: Settings): Fields {
  const settings = { ...base } as unknown as Record<string, unknown>;
  const errors: [keyof Settings, string][] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { settings: base, errors, notObject: raw !== undefined };
  const values = raw as Record<string, unknown>;
  for (const name of SETTING_NAMES) {
    // Own properties only: a key such as "constructor" or "__proto__" in a file must not reach Object's.
    if (!Object.prototype.hasOwnProperty.call(values, name) || values[name] === undefined) continue;
    const spec = SCHEMA[name] as FieldSpec;
    const checked = checkField(spec, values[name]);
    if (checked.ok) settings[name] = checked.value;
    else errors.push([name, checked.reason]);
  }
  return { settings: settings as unknown as Settings, errors, notObject: false };
}

/** One value against its schema row; a copy on success so the caller's object is never shared. */
export function checkField(spec: FieldSpec, v: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (!hasShape(spec, v)) return { ok: false, reason: `${describe(v)} is not ${KIND_TEXT[spec.kind]}` };
  return parseValue(spec, formatValue(spec, v));
}

const KIND_TEXT: Record<FieldSpec['kind'], string> = {
  int: 'a whole number',
  float: 'a number',
  bool: 'true or false',
  enum: 'one of the options',
  intlist: 'a list of sizes',
  blocks: 'a list of conv blocks',
};

function hasShape(spec: FieldSpec, v: unknown): boolean {
  switch (spec.kind) {
    case 'int':
    case 'float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string';
    case 'intlist':
      return Array.isArray(v) && v.length <= 64 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    case 'blocks':
      return (
        Array.isArray(v) &&
        v.length <= 64 &&
        v.every(
          (b) =>
            typeof b === 'object' &&
            b !== null &&
            typeof b.filters === 'number' &&
            Number.isFinite(b.filters) &&
            typeof b.pool === 'boolean',
        )
      );
  }
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 30 ? `${v.slice(0, 30)}…` : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'that list' : `a value of type ${typeof v}`;
}

function shown(name: keyof Settings, v: unknown): string {
  return formatValue(SCHEMA[name] as FieldSpec, v) || 'none';
}

/** Each fraction is valid alone, but together they can leave (almost) nothing to train on. */
function heldOutRule(s: Settings, base: Settings, notices: string[], errors: FieldErrors): void {
  if (s.val + s.test <= MAX_HELD_OUT + 1e-9) return;
  const pct = Math.round((s.val + s.test) * 100);
  const why = `hold out ${pct}% of the data (at most ${MAX_HELD_OUT * 100}% together), leaving too little to train on`;
  errors.val ??= `${SCHEMA.val.label}: validation ${s.val} + test ${s.test} ${why}; lower this or the test fraction.`;
  errors.test ??= `${SCHEMA.test.label}: validation ${s.val} + test ${s.test} ${why}; lower this or the validation fraction.`;
  // Back to the base pair when it fits, else the defaults (which always do).
  const fallback = base.val + base.test <= MAX_HELD_OUT + 1e-9 ? base : defaultSettings();
  notices.push(`"val" ${s.val} and "test" ${s.test} ${why}; using ${fallback.val} and ${fallback.test}.`);
  s.val = fallback.val;
  s.test = fallback.test;
}

/** The class count the settings' dataset has, when the settings alone tell (uploads need the context). */
export function classCountOf(s: Pick<Settings, 'dataset' | 'classes'>, ctx: GateContext = {}): number | null {
  if (ctx.classCount !== undefined) return ctx.classCount;
  if (isRegressionDataset(s.dataset)) return null;
  switch (s.dataset) {
    case 'digits':
    case 'fashion':
      return 10;
    case 'shapes':
      return SHAPE_CLASSES.length;
    case 'table':
    case 'images':
      return null;
    default: {
      const [lo, hi] = toyClassRange(s.dataset as ToyId);
      return Math.min(hi, Math.max(lo, s.classes));
    }
  }
}

/** The minority class must exist in the dataset (it only matters while a share is dropped). */
function classIndexRule(s: Settings, ctx: GateContext, notices: string[], errors: FieldErrors): void {
  const k = classCountOf(s, ctx);
  if (k === null || k < 1 || s.minorityShare >= 1 || s.minorityClass < k) return;
  const why = `class ${s.minorityClass} does not exist: this dataset has ${k} class${k === 1 ? '' : 'es'} (0 … ${k - 1})`;
  errors.minorityClass ??= `${SCHEMA.minorityClass.label}: ${why}; pick one of them.`;
  notices.push(`"minorityClass" ${s.minorityClass}: ${why}; using ${k - 1}.`);
  s.minorityClass = k - 1;
}

/** Advice that changes nothing; cheap, so a form field may ask on every store change. */
export function hintsFor(s: Pick<Settings, 'model' | 'dataset'>): GateResult['hints'] {
  const hints: GateResult['hints'] = {};
  if (s.model === 'cnn' && !isImageDataset(s.dataset)) {
    hints.model = 'A CNN needs images: on this dataset the lab trains the dense layers (Hidden layers) instead.';
  }
  return hints;
}
