/**
 * Hyperparameter search spaces: which settings vary, over what range. Pure data and arithmetic; the
 * samplers (samplers.ts) and the grid below read the same `ParamRange` list.
 */
import { SCHEMA } from '../preset/schema';

export type SearchMethod = 'grid' | 'random' | 'bayes';

export interface ParamRange {
  /** A Settings key. */
  name: string;
  kind: 'float' | 'int' | 'enum';
  min?: number;
  max?: number;
  /** Numeric ranges only: spaced / sampled evenly in log(value) (needs min > 0). */
  log?: boolean;
  /** Enum ranges only: the values tried. */
  options?: (string | number | boolean)[];
  /** Grid points for numeric ranges, default 3 (ints may give fewer after rounding). */
  steps?: number;
}

export type Params = Record<string, number | string | boolean>;

/** Grid points of a numeric range when `steps` is not given. */
export const DEFAULT_STEPS = 3;

/** Trims float noise such as 0.30000000000000004 or 0.0009999999999999998 (12 significant digits). */
function tidy(v: number): number {
  return Number(v.toPrecision(12));
}

/** Lowest and highest integer inside an int range. */
export function intBounds(r: ParamRange): [number, number] {
  return [Math.ceil(r.min as number), Math.floor(r.max as number)];
}

/**
 * The values one range contributes to the grid. Numeric: `steps` points from min to max inclusive, evenly
 * spaced (geometrically when `log`); one step gives the midpoint (geometric mean when `log`). Ints are
 * rounded, kept inside [⌈min⌉, ⌊max⌋] and deduplicated, keeping the first occurrence. Enums: the options.
 */
export function rangeValues(r: ParamRange): (number | string | boolean)[] {
  if (r.kind === 'enum') return [...(r.options ?? [])];
  const min = r.min as number;
  const max = r.max as number;
  const steps = r.steps ?? DEFAULT_STEPS;
  const at = (t: number): number => (r.log ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))) : min + t * (max - min));
  const raw: number[] =
    steps <= 1 ? [at(0.5)] : Array.from({ length: steps }, (_, i) => (i === 0 ? min : i === steps - 1 ? max : at(i / (steps - 1))));
  if (r.kind === 'float') return raw.map(tidy);
  const [lo, hi] = intBounds(r);
  const out: number[] = [];
  for (const v of raw) {
    const q = Math.min(hi, Math.max(lo, Math.round(v)));
    if (!out.includes(q)) out.push(q);
  }
  return out;
}

/**
 * The full cartesian product of the ranges, in a stable order: ranges in the order given, the first varying
 * slowest and the last fastest (as nested loops). An empty space gives one empty point.
 */
export function gridPoints(space: ParamRange[]): Params[] {
  let points: Params[] = [{}];
  for (const r of space) {
    const values = rangeValues(r);
    const next: Params[] = [];
    for (const p of points) for (const v of values) next.push({ ...p, [r.name]: v });
    points = next;
  }
  return points;
}

/**
 * Problems with a search space, in words (empty when it is usable): unknown setting or kind, duplicate
 * names, missing or non-finite bounds, min ≥ max, log with min ≤ 0, bad steps, an int range holding no
 * integer, bounds outside what the setting allows, empty options or options the setting does not accept.
 */
export function validateSpace(space: ParamRange[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of space) {
    const label = `'${r.name}'`;
    if (seen.has(r.name)) problems.push(`${label} appears more than once`);
    seen.add(r.name);
    const spec = Object.prototype.hasOwnProperty.call(SCHEMA, r.name)
      ? (SCHEMA as Record<string, (typeof SCHEMA)[keyof typeof SCHEMA]>)[r.name]
      : undefined;
    if (!spec) problems.push(`${label} is not a setting`);
    if (r.kind === 'float' || r.kind === 'int') {
      const { min, max } = r;
      if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max)) {
        problems.push(`${label} needs finite min and max`);
        continue;
      }
      if (min >= max) problems.push(`${label}: min (${min}) must be below max (${max})`);
      if (r.log && min <= 0) problems.push(`${label}: a log range needs min > 0 (got ${min})`);
      if (r.steps !== undefined && (!Number.isInteger(r.steps) || r.steps < 1)) {
        problems.push(`${label}: steps must be a whole number ≥ 1 (got ${r.steps})`);
      }
      if (r.kind === 'int' && min < max && Math.ceil(min) > Math.floor(max)) {
        problems.push(`${label}: no integer lies between ${min} and ${max}`);
      }
      if (spec && (spec.kind === 'int' || spec.kind === 'float')) {
        if (min < spec.min || max > spec.max) {
          problems.push(`${label}: range ${min} … ${max} goes outside the allowed ${spec.min} … ${spec.max}`);
        }
      } else if (spec) {
        problems.push(`${label} is not a numeric setting`);
      }
    } else if (r.kind === 'enum') {
      const options = r.options ?? [];
      if (options.length === 0) {
        problems.push(`${label} needs at least one option`);
        continue;
      }
      if (new Set(options).size !== options.length) problems.push(`${label} lists an option twice`);
      if (spec?.kind === 'enum') {
        const bad = options.filter((o) => !(spec.options as readonly unknown[]).includes(o));
        if (bad.length) problems.push(`${label}: ${bad.map(String).join(', ')} not among ${spec.options.join(', ')}`);
      } else if (spec?.kind === 'bool') {
        if (options.some((o) => typeof o !== 'boolean')) problems.push(`${label} takes only true / false`);
      } else if (spec?.kind === 'int' || spec?.kind === 'float') {
        for (const o of options) {
          if (typeof o !== 'number' || o < spec.min || o > spec.max || (spec.kind === 'int' && !Number.isInteger(o))) {
            problems.push(`${label}: option ${String(o)} is not allowed (${spec.kind} ${spec.min} … ${spec.max})`);
          }
        }
      } else if (spec) {
        problems.push(`${label} cannot be searched`);
      }
    } else {
      problems.push(`${label}: unknown kind '${String((r as { kind: unknown }).kind)}'`);
    }
  }
  return problems;
}
