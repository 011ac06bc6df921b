import { formatValue } from '../preset/codec';
import { SCHEMA, SETTING_NAMES, type FieldSpec, type Settings } from '../preset/schema';
import type { EpochRecord } from '../train/types';
import type { RunRecord } from './record';

/** One setting that differs between the compared runs: its schema label and each run's value, as text. */
export interface SettingDiff {
  name: keyof Settings;
  label: string;
  values: string[];
}

/** The settings whose values are not all equal, in schema order (compared as the share link writes them). */
export function diffSettings(list: Settings[]): SettingDiff[] {
  if (list.length < 2) return [];
  const out: SettingDiff[] = [];
  for (const name of SETTING_NAMES) {
    const spec = SCHEMA[name] as FieldSpec;
    const texts = list.map((s) => formatValue(spec, s[name]));
    if (texts.every((t) => t === texts[0])) continue;
    out.push({ name, label: spec.label, values: list.map((s) => displayValue(spec, s[name])) });
  }
  return out;
}

function displayValue(spec: FieldSpec, v: unknown): string {
  if (spec.kind === 'bool') return v ? 'on' : 'off';
  return formatValue(spec, v) || 'none';
}

/** One row per epoch: `t{i}` is run i's training value, `v{i}` its validation value; null where it has none. */
export type OverlayRow = { epoch: number } & Record<string, number | null>;

export const trainKey = (i: number) => `t${i}`;
export const valKey = (i: number) => `v${i}`;

/** Runs' per-epoch curves merged on the epoch, for one chart. metric 'loss' or 'acc' (accuracy or R²). */
export function overlayCurves(histories: EpochRecord[][], metric: 'loss' | 'acc'): OverlayRow[] {
  const byEpoch = new Map<number, OverlayRow>();
  const vk = metric === 'loss' ? 'val_loss' : 'val_acc';
  histories.forEach((history, i) => {
    for (const r of history) {
      let row = byEpoch.get(r.epoch);
      if (!row) {
        row = { epoch: r.epoch } as OverlayRow;
        histories.forEach((_, j) => {
          row![trainKey(j)] = null;
          row![valKey(j)] = null;
        });
        byEpoch.set(r.epoch, row);
      }
      row[trainKey(i)] = finite(r[metric]);
      row[valKey(i)] = finite(r[vk]);
    }
  });
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export interface MetricRow {
  key: string;
  label: string;
  higherIsBetter: boolean;
  /** Per run; null where the run has no such metric. */
  values: (number | null)[];
  /** Value minus the first run's; null for the first run and where either is missing. */
  deltas: (number | null)[];
}

type TestSummary = NonNullable<RunRecord['test']>;
const METRICS: { key: string; label: string; higherIsBetter: boolean; get: (t: TestSummary) => number | undefined }[] = [
  { key: 'accuracy', label: 'Test accuracy', higherIsBetter: true, get: (t) => (t.task === 'classification' ? t.accuracy : undefined) },
  { key: 'macroF1', label: 'Macro F1', higherIsBetter: true, get: (t) => (t.task === 'classification' ? t.report.macro.f1 : undefined) },
  { key: 'r2', label: 'Test R²', higherIsBetter: true, get: (t) => (t.task === 'regression' ? t.r2 : undefined) },
  { key: 'rmse', label: 'RMSE', higherIsBetter: false, get: (t) => (t.task === 'regression' ? t.rmse : undefined) },
  { key: 'mae', label: 'MAE', higherIsBetter: false, get: (t) => (t.task === 'regression' ? t.mae : undefined) },
  { key: 'loss', label: 'Test loss', higherIsBetter: false, get: (t) => t.loss },
  { key: 'count', label: 'Test examples', higherIsBetter: true, get: (t) => t.count },
];

/** Held-out metrics side by side, with each run's difference from the first; rows no run has are left out. */
export function compareMetrics(runs: Pick<RunRecord, 'test'>[]): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const m of METRICS) {
    const values = runs.map((r) => {
      const v = r.test ? m.get(r.test) : undefined;
      return v === undefined || !Number.isFinite(v) ? null : v;
    });
    if (values.every((v) => v === null)) continue;
    const [base = null] = values; // runs is not empty here: some value is not null
    const deltas = values.map((v, i) => (i === 0 || v === null || base === null ? null : v - base));
    rows.push({ key: m.key, label: m.label, higherIsBetter: m.higherIsBetter, values, deltas });
  }
  return rows;
}
