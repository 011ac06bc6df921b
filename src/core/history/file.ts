import { encodeSettings, formatValue, parseValue } from '../preset/codec';
import { SCHEMA, SETTING_NAMES, defaultSettings, type FieldSpec, type Settings } from '../preset/schema';
import type { ClassificationExport, RegressionExport } from '../report/metrics-export';
import type { EpochRecord } from '../train/types';
import { defaultRunName, isFinishedStatus, type RunRecord } from './record';

/**
 * Runs files: one run or many, as JSON. JSON has no NaN, so non-finite numbers are written as null and read back
 * as NaN. Reading never throws: a file that is not a runs file, or has one bad field, is refused with a message
 * naming the run and the field, and nothing of it is imported.
 */

export const RUNS_FILE_KIND = 'fitlab-runs';
export const RUNS_FILE_VERSION = 1;

export interface RunsFile {
  kind: typeof RUNS_FILE_KIND;
  version: typeof RUNS_FILE_VERSION;
  exportedAt: string;
  runs: RunRecord[];
}

export type ParseResult = { ok: true; runs: RunRecord[] } | { ok: false; error: string };

export function serializeRuns(runs: RunRecord[], now: Date = new Date()): string {
  const file: RunsFile = { kind: RUNS_FILE_KIND, version: RUNS_FILE_VERSION, exportedAt: now.toISOString(), runs };
  return JSON.stringify(file, null, 2);
}

/** A file name for an export of these runs. */
export function runsFileName(runs: RunRecord[], now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const what = runs.length === 1 ? slug(runs[0].name) || 'run' : `${runs.length}-runs`;
  return `fitlab-${what}-${stamp}.json`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}

/** Thrown inside the validators only; parseRunsFile turns it into a message. */
class Invalid extends Error {}

export function parseRunsFile(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `The file is not valid JSON (${err instanceof Error ? err.message : String(err)}).` };
  }
  try {
    if (!isObject(data)) throw new Invalid('The file is not a Fitlab runs file: expected a JSON object.');
    // A metrics export (Export metrics) is one run without a name or id: accept it too.
    if (data.fitlab === 1 && data.kind === undefined) return { ok: true, runs: [fromMetricsExport(data)] };
    if (data.kind !== RUNS_FILE_KIND) throw new Invalid(`The file is not a Fitlab runs file (expected "kind": "${RUNS_FILE_KIND}").`);
    if (data.version !== RUNS_FILE_VERSION) {
      throw new Invalid(
        typeof data.version === 'number' && data.version > RUNS_FILE_VERSION
          ? `The runs file is version ${data.version}, from a newer Fitlab; this one reads version ${RUNS_FILE_VERSION}.`
          : `Unsupported runs file version ${JSON.stringify(data.version)}; expected ${RUNS_FILE_VERSION}.`,
      );
    }
    if (!Array.isArray(data.runs)) throw new Invalid('The runs file has no "runs" list.');
    if (data.runs.length === 0) throw new Invalid('The runs file holds no runs.');
    const runs = data.runs.map((raw, i) => {
      try {
        return validateRun(raw);
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        const name = isObject(raw) && typeof raw.name === 'string' ? ` ("${clip(raw.name)}")` : '';
        throw new Invalid(`Run ${i + 1}${name}: ${err.message}`);
      }
    });
    return { ok: true, runs };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    return { ok: false, error: `The file could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** One stored run from untrusted JSON; throws Invalid naming the first bad field. */
export function validateRun(raw: unknown): RunRecord {
  if (!isObject(raw)) throw new Invalid('not an object.');
  const settings = validateSettings(field(raw, 'settings'));
  const status = field(raw, 'status');
  if (typeof status !== 'string' || !isFinishedStatus(status)) throw new Invalid(`"status" must be done, stopped or error.`);
  const createdAt = field(raw, 'createdAt');
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) throw new Invalid('"createdAt" is not a date.');
  return {
    id: nonEmptyString(raw, 'id'),
    name: typeof raw.name === 'string' && raw.name.trim() ? raw.name.slice(0, 200) : defaultRunName(settings),
    createdAt: new Date(createdAt).toISOString(),
    durationMs: raw.durationMs == null ? null : num(raw.durationMs, 'durationMs'),
    status,
    error: optString(raw.error, 'error'),
    backend: optString(raw.backend, 'backend'),
    settings,
    // Re-derived rather than trusted: the link always matches the settings.
    query: encodeSettings(settings),
    history: validateHistory(field(raw, 'history')),
    test: validateTest(raw.test ?? null),
  };
}

function fromMetricsExport(data: Record<string, unknown>): RunRecord {
  const settings = validateSettings(field(data, 'settings'));
  const status = typeof data.status === 'string' && isFinishedStatus(data.status) ? data.status : 'done';
  const at = typeof data.exportedAt === 'string' && !Number.isNaN(Date.parse(data.exportedAt)) ? data.exportedAt : new Date(0).toISOString();
  return {
    id: `metrics-${at}`,
    name: defaultRunName(settings),
    createdAt: new Date(at).toISOString(),
    durationMs: null,
    status,
    error: null,
    backend: optString(data.backend, 'backend'),
    settings,
    query: encodeSettings(settings),
    history: validateHistory(field(data, 'history')),
    test: validateTest(data.test ?? null),
  };
}

/**
 * Settings checked through the codec's own parser, so a file cannot hold a value a link could not. Missing keys
 * take the default (files from before a setting existed); unknown keys are dropped.
 */
export function validateSettings(raw: unknown): Settings {
  if (!isObject(raw)) throw new Invalid('"settings" is not an object.');
  const out = defaultSettings() as unknown as Record<string, unknown>;
  for (const name of SETTING_NAMES) {
    const v = raw[name];
    if (v === undefined) continue;
    const spec = SCHEMA[name] as FieldSpec;
    if (!hasShape(spec, v)) throw new Invalid(`setting "${name}" has the wrong type.`);
    const parsed = parseValue(spec, formatValue(spec, v));
    if (!parsed.ok) throw new Invalid(`setting "${name}": ${parsed.reason}.`);
    out[name] = parsed.value;
  }
  return out as unknown as Settings;
}

function hasShape(spec: FieldSpec, v: unknown): boolean {
  switch (spec.kind) {
    case 'int':
    case 'float':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string';
    case 'intlist':
      return Array.isArray(v) && v.every((x) => typeof x === 'number');
    case 'blocks':
      return Array.isArray(v) && v.every((b) => isObject(b) && typeof b.filters === 'number' && typeof b.pool === 'boolean');
  }
}

function validateHistory(raw: unknown): EpochRecord[] {
  if (!Array.isArray(raw)) throw new Invalid('"history" is not a list.');
  return raw.map((r, i) => {
    const at = `history[${i}]`;
    if (!isObject(r)) throw new Invalid(`"${at}" is not an object.`);
    return {
      epoch: num(field(r, 'epoch', at), `${at}.epoch`),
      loss: num(field(r, 'loss', at), `${at}.loss`),
      acc: num(field(r, 'acc', at), `${at}.acc`),
      val_loss: num(field(r, 'val_loss', at), `${at}.val_loss`),
      val_acc: num(field(r, 'val_acc', at), `${at}.val_acc`),
      lr: r.lr == null ? NaN : num(r.lr, `${at}.lr`),
      val_confusion: r.val_confusion == null ? null : matrix(r.val_confusion, `${at}.val_confusion`),
      ms: r.ms == null ? NaN : num(r.ms, `${at}.ms`),
      ...earlyStop(r.earlyStop, `${at}.earlyStop`),
    };
  });
}

/** Kept only where the run stopped early (see EpochRecord.earlyStop). */
function earlyStop(v: unknown, at: string): Pick<EpochRecord, 'earlyStop'> {
  if (v == null) return {};
  if (!isObject(v) || !(v.restoredEpoch === null || typeof v.restoredEpoch === 'number')) throw new Invalid(`"${at}" is not { restoredEpoch }.`);
  return { earlyStop: { restoredEpoch: v.restoredEpoch } };
}

function validateTest(raw: unknown): ClassificationExport | RegressionExport | null {
  if (raw === null) return null;
  if (!isObject(raw)) throw new Invalid('"test" is not an object.');
  const n = (k: string) => num(field(raw, k, 'test'), `test.${k}`);
  if (raw.task === 'regression') {
    return { task: 'regression', loss: n('loss'), count: n('count'), mae: n('mae'), mse: n('mse'), rmse: n('rmse'), r2: n('r2') };
  }
  if (raw.task !== 'classification') throw new Invalid('"test.task" must be classification or regression.');
  const classNames = field(raw, 'classNames', 'test');
  if (!Array.isArray(classNames) || !classNames.every((c) => typeof c === 'string')) throw new Invalid('"test.classNames" is not a list of names.');
  const report = field(raw, 'report', 'test');
  if (!isObject(report) || !isObject(report.macro) || !Array.isArray(report.perClass)) throw new Invalid('"test.report" is not a classification report.');
  return {
    task: 'classification',
    loss: n('loss'),
    accuracy: n('accuracy'),
    count: n('count'),
    confusionMatrix: matrix(field(raw, 'confusionMatrix', 'test'), 'test.confusionMatrix'),
    classNames: classNames as string[],
    report: nanify(report) as ClassificationExport['report'],
  };
}

// ---------------------------------------------------------------- helpers

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(o: Record<string, unknown>, key: string, at?: string): unknown {
  if (!(key in o)) throw new Invalid(`"${at ? `${at}.` : ''}${key}" is missing.`);
  return o[key];
}

/** A number; null (how JSON writes NaN and ±Infinity) reads back as NaN. */
function num(v: unknown, at: string): number {
  if (v === null) return NaN;
  if (typeof v !== 'number') throw new Invalid(`"${at}" is not a number.`);
  return v;
}

function matrix(v: unknown, at: string): number[][] {
  if (!Array.isArray(v) || !v.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number')))
    throw new Invalid(`"${at}" is not a matrix of numbers.`);
  return v as number[][];
}

function optString(v: unknown, at: string): string | null {
  if (v == null) return null;
  if (typeof v !== 'string') throw new Invalid(`"${at}" is not text.`);
  return v;
}

function nonEmptyString(o: Record<string, unknown>, key: string): string {
  const v = field(o, key);
  if (typeof v !== 'string' || !v.trim() || v.length > 200) throw new Invalid(`"${key}" must be non-empty text.`);
  return v;
}

/** Deep copy turning null into NaN where numbers are expected (the report's scores). */
function nanify(v: unknown): unknown {
  if (v === null) return NaN;
  if (Array.isArray(v)) return v.map(nanify);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nanify(x)]));
  return v;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
