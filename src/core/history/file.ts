import { encodeSettings } from '../preset/codec';
import { gateSettings } from '../preset/gate';
import { SCHEMA, type Settings } from '../preset/schema';
import type { ClassificationReport, Scores } from '../metrics';
import type { ClassificationExport, RegressionExport } from '../report/metrics-export';
import { HISTORY_LIMITS as L, fmtCount, fmtMegabytes } from './bounds';
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
  const [first] = runs;
  const what = runs.length === 1 && first ? slug(first.name) || 'run' : `${runs.length}-runs`;
  return `fitlab-${what}-${stamp}.json`;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

/** Thrown inside the validators only; parseRunsFile turns it into a message. */
class Invalid extends Error {}

export function parseRunsFile(text: string): ParseResult {
  const envelope = readRunsEnvelope(text);
  if (!envelope.ok) return envelope;
  const runs: RunRecord[] = [];
  for (let i = 0; i < envelope.items.length; i++) {
    const run = readRunAt(envelope.items, i);
    if (!run.ok) return run;
    runs.push(run.run);
  }
  return { ok: true, runs };
}

/** The file's size against HISTORY_LIMITS.fileBytes, before it is read; null when it may be read. */
export function runsFileSizeProblem(bytes: number): string | null {
  if (bytes <= L.fileBytes) return null;
  return `The file is ${fmtMegabytes(bytes)}; a runs file may be at most ${fmtMegabytes(L.fileBytes)}. Export fewer runs at a time.`;
}

export type EnvelopeResult = { ok: true; items: unknown[] } | { ok: false; error: string };

/**
 * The file's outer shape: JSON, a runs file of a version this Fitlab reads (or a metrics export, as one item),
 * with 1 … HISTORY_LIMITS.runsPerFile runs. The runs themselves are checked by readRunAt, one at a time, so a
 * worker can check a big file in chunks.
 */
export function readRunsEnvelope(text: string): EnvelopeResult {
  if (text.length > L.fileBytes) return { ok: false, error: runsFileSizeProblem(text.length)! };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `The file is not valid JSON (${err instanceof Error ? err.message : String(err)}).` };
  }
  try {
    if (!isObject(data)) throw new Invalid('The file is not a Fitlab runs file: expected a JSON object.');
    // A metrics export (Export metrics) is one run without a name or id: accept it too.
    if (data.fitlab === 1 && data.kind === undefined) return { ok: true, items: [METRICS_EXPORT_MARK, data] };
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
    if (data.runs.length > L.runsPerFile)
      throw new Invalid(
        `The runs file holds ${fmtCount(data.runs.length)} runs; at most ${fmtCount(L.runsPerFile)} are read from one file.`,
      );
    return { ok: true, items: data.runs };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    return { ok: false, error: `The file could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Marks a metrics export's envelope: its one item is the export itself (it is not a list of runs). */
const METRICS_EXPORT_MARK = Symbol('metrics export');

/** The number of runs an envelope's items hold. */
export const envelopeRunCount = (items: unknown[]): number => (items[0] === METRICS_EXPORT_MARK ? 1 : items.length);

/** Run `i` of an envelope's items, checked; a refusal names the run (number, id or name) and the field. */
export function readRunAt(items: unknown[], i: number): { ok: true; run: RunRecord } | { ok: false; error: string } {
  const metrics = items[0] === METRICS_EXPORT_MARK;
  const raw = metrics ? items[1] : items[i];
  try {
    return { ok: true, run: metrics ? fromMetricsExport(raw as Record<string, unknown>) : validateRun(raw) };
  } catch (err) {
    if (!(err instanceof Invalid)) {
      return { ok: false, error: `Run ${i + 1}: could not be read (${err instanceof Error ? err.message : String(err)}).` };
    }
    return { ok: false, error: `Run ${i + 1}${runLabel(raw)}: ${err.message}` };
  }
}

/** " ('abc')": the run's id, else its name, when it is short text (a huge one is what is being refused). */
function runLabel(raw: unknown): string {
  if (!isObject(raw)) return '';
  const label = [raw.id, raw.name].find((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= L.shortText);
  return label ? ` ('${clip(label)}')` : '';
}

/** One stored run from untrusted JSON; throws Invalid naming the first bad field. */
export function validateRun(raw: unknown): RunRecord {
  if (!isObject(raw)) throw new Invalid('not an object.');
  const settings = validateSettings(field(raw, 'settings'));
  const status = field(raw, 'status');
  if (typeof status !== 'string' || !isFinishedStatus(status)) throw new Invalid(`"status" must be done, stopped, error or interrupted.`);
  const createdAt = field(raw, 'createdAt');
  if (typeof createdAt !== 'string' || createdAt.length > 40 || Number.isNaN(Date.parse(createdAt)))
    throw new Invalid('"createdAt" is not a date.');
  const name = raw.name == null ? '' : text(raw.name, 'name', L.shortText);
  return {
    id: nonEmptyString(raw, 'id'),
    name: name.trim() ? name : defaultRunName(settings),
    createdAt: new Date(createdAt).toISOString(),
    durationMs: raw.durationMs == null ? null : num(raw.durationMs, 'durationMs', { min: 0, max: L.durationMs }),
    status,
    error: optText(raw.error, 'error', L.errorText),
    backend: optText(raw.backend, 'backend', L.shortText),
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
  const at =
    typeof data.exportedAt === 'string' && !Number.isNaN(Date.parse(data.exportedAt)) ? data.exportedAt : new Date(0).toISOString();
  return {
    id: `metrics-${at}`,
    name: defaultRunName(settings),
    createdAt: new Date(at).toISOString(),
    durationMs: null,
    status,
    error: null,
    backend: optText(data.backend, 'backend', L.shortText),
    settings,
    query: encodeSettings(settings),
    history: validateHistory(field(data, 'history')),
    test: validateTest(data.test ?? null),
  };
}

/**
 * Settings checked by the settings gate, so a file cannot hold a value a link could not (field and cross-field
 * rules alike). Missing keys take the default (files from before a setting existed); unknown keys are dropped.
 */
export function validateSettings(raw: unknown): Settings {
  if (!isObject(raw)) throw new Invalid('"settings" is not an object.');
  const gated = gateSettings(raw);
  const refused = Object.entries(gated.fieldErrors)[0];
  if (refused) throw new Invalid(`setting "${refused[0]}": ${refused[1]}`);
  return gated.settings;
}

function validateHistory(raw: unknown): EpochRecord[] {
  if (!Array.isArray(raw)) throw new Invalid('"history" is not a list.');
  const maxEpochs = SCHEMA.epochs.max;
  if (raw.length > maxEpochs)
    throw new Invalid(`"history" has ${fmtCount(raw.length)} epochs; at most ${fmtCount(maxEpochs)} are allowed.`);
  let cells = 0;
  return raw.map((r, i) => {
    const at = `history[${i}]`;
    if (!isObject(r)) throw new Invalid(`"${at}" is not an object.`);
    const confusion = r.val_confusion == null ? null : matrix(r.val_confusion, `${at}.val_confusion`);
    cells += confusion ? confusion.length ** 2 : 0;
    if (cells > L.matrixCellsPerRun)
      throw new Invalid(
        `"history" holds over ${fmtCount(L.matrixCellsPerRun)} confusion-matrix numbers; at most ${fmtCount(L.matrixCellsPerRun)} are allowed.`,
      );
    return {
      epoch: num(field(r, 'epoch', at), `${at}.epoch`, { min: 0, max: maxEpochs, whole: true }),
      loss: num(field(r, 'loss', at), `${at}.loss`),
      acc: num(field(r, 'acc', at), `${at}.acc`),
      val_loss: num(field(r, 'val_loss', at), `${at}.val_loss`),
      val_acc: num(field(r, 'val_acc', at), `${at}.val_acc`),
      lr: r.lr == null ? NaN : num(r.lr, `${at}.lr`, { min: 0, max: SCHEMA.lr.max }),
      val_confusion: confusion,
      ms: r.ms == null ? NaN : num(r.ms, `${at}.ms`, { min: 0, max: L.durationMs }),
      ...earlyStop(r.earlyStop, `${at}.earlyStop`),
    };
  });
}

/** Kept only where the run stopped early (see EpochRecord.earlyStop). */
function earlyStop(v: unknown, at: string): Pick<EpochRecord, 'earlyStop'> {
  if (v == null) return {};
  if (!isObject(v) || !(v.restoredEpoch === null || typeof v.restoredEpoch === 'number'))
    throw new Invalid(`"${at}" is not { restoredEpoch }.`);
  const restoredEpoch =
    v.restoredEpoch === null ? null : num(v.restoredEpoch, `${at}.restoredEpoch`, { min: 0, max: SCHEMA.epochs.max, whole: true });
  return { earlyStop: { restoredEpoch } };
}

function validateTest(raw: unknown): ClassificationExport | RegressionExport | null {
  if (raw === null) return null;
  if (!isObject(raw)) throw new Invalid('"test" is not an object.');
  const n = (k: string, range?: Range) => num(field(raw, k, 'test'), `test.${k}`, range);
  const count = () => n('count', { min: 0, max: L.bigCount, whole: true });
  if (raw.task === 'regression') {
    const err = { min: 0, max: Number.MAX_VALUE };
    return {
      task: 'regression',
      loss: n('loss'),
      count: count(),
      mae: n('mae', err),
      mse: n('mse', err),
      rmse: n('rmse', err),
      r2: n('r2', { min: -Number.MAX_VALUE, max: 1 }),
    };
  }
  if (raw.task !== 'classification') throw new Invalid('"test.task" must be classification or regression.');
  const classNames = field(raw, 'classNames', 'test');
  if (!Array.isArray(classNames) || !classNames.every((c) => typeof c === 'string'))
    throw new Invalid('"test.classNames" is not a list of names.');
  if (classNames.length > L.classes)
    throw new Invalid(`"test.classNames" has ${fmtCount(classNames.length)} names; at most ${fmtCount(L.classes)} are allowed.`);
  classNames.forEach((c, i) => text(c, `test.classNames[${i}]`, L.shortText));
  return {
    task: 'classification',
    loss: n('loss'),
    accuracy: n('accuracy', UNIT),
    count: count(),
    confusionMatrix: matrix(field(raw, 'confusionMatrix', 'test'), 'test.confusionMatrix'),
    classNames: classNames as string[],
    report: validateReport(field(raw, 'report', 'test')),
  };
}

const UNIT: Range = { min: 0, max: 1 };

function validateReport(raw: unknown): ClassificationReport {
  if (!isObject(raw) || !isObject(raw.macro) || !Array.isArray(raw.perClass))
    throw new Invalid('"test.report" is not a classification report.');
  if (raw.perClass.length > L.classes)
    throw new Invalid(`"test.report.perClass" has ${fmtCount(raw.perClass.length)} classes; at most ${fmtCount(L.classes)} are allowed.`);
  const scores = (v: unknown, at: string): Scores => {
    if (!isObject(v)) throw new Invalid(`"${at}" is not an object.`);
    return {
      precision: num(v.precision ?? null, `${at}.precision`, UNIT),
      recall: num(v.recall ?? null, `${at}.recall`, UNIT),
      f1: num(v.f1 ?? null, `${at}.f1`, UNIT),
    };
  };
  return {
    perClass: raw.perClass.map((c, i) => ({
      ...scores(c, `test.report.perClass[${i}]`),
      support: num((c as Record<string, unknown>).support ?? null, `test.report.perClass[${i}].support`, {
        min: 0,
        max: L.bigCount,
        whole: true,
      }),
    })),
    macro: scores(raw.macro, 'test.report.macro'),
    // Older files may lack these averages: NaN shows as "–".
    weighted: raw.weighted == null ? scores({}, 'test.report.weighted') : scores(raw.weighted, 'test.report.weighted'),
    micro: raw.micro == null ? scores({}, 'test.report.micro') : scores(raw.micro, 'test.report.micro'),
    accuracy: num(raw.accuracy ?? null, 'test.report.accuracy', UNIT),
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

interface Range {
  min: number;
  max: number;
  whole?: boolean;
}

/**
 * A finite number (within `range` when given); null (how JSON writes NaN) reads back as NaN. ±Infinity can only
 * come from a literal like 1e999, which Fitlab never writes: refused, so no view shows "Infinity min".
 */
function num(v: unknown, at: string, range?: Range): number {
  if (v === null) return NaN;
  if (typeof v !== 'number') throw new Invalid(`"${at}" is not a number.`);
  if (!Number.isFinite(v)) throw new Invalid(`"${at}" is ${v}; it must be a finite number.`);
  if (range && (v < range.min || v > range.max)) throw new Invalid(`"${at}" is ${v}; it must be within ${range.min} … ${range.max}.`);
  if (range?.whole && !Number.isInteger(v)) throw new Invalid(`"${at}" is ${v}; it must be a whole number.`);
  return v;
}

/** A square matrix of finite counts, at most HISTORY_LIMITS.classes wide. */
function matrix(v: unknown, at: string): number[][] {
  if (!Array.isArray(v)) throw new Invalid(`"${at}" is not a matrix of numbers.`);
  if (v.length > L.classes) throw new Invalid(`"${at}" has ${fmtCount(v.length)} rows; at most ${fmtCount(L.classes)} are allowed.`);
  if (
    !v.every(
      (row) => Array.isArray(row) && row.length === v.length && row.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0),
    )
  )
    throw new Invalid(`"${at}" is not a square matrix of counts.`);
  return v as number[][];
}

/** Text of at most `max` characters; the length is checked before anything is copied or shown. */
function text(v: unknown, at: string, max: number): string {
  if (typeof v !== 'string') throw new Invalid(`"${at}" is not text.`);
  if (v.length > max) throw new Invalid(`"${at}" is ${fmtCount(v.length)} characters; at most ${fmtCount(max)} are allowed.`);
  return v;
}

function optText(v: unknown, at: string, max: number): string | null {
  return v == null ? null : text(v, at, max);
}

function nonEmptyString(o: Record<string, unknown>, key: string): string {
  const v = text(field(o, key), key, L.shortText);
  if (!v.trim()) throw new Invalid(`"${key}" must be non-empty text.`);
  return v;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
