import { SCHEMA, SETTING_NAMES, defaultSettings, type ConvBlock, type FieldSpec, type Settings } from './schema';
import { PRESETS } from './presets';

/**
 * Settings ⇄ URL query. Defaults are omitted so links stay short; decoding never throws: unknown keys
 * are ignored and reported, invalid values fall back to the default with a message naming the key.
 */

/** Query keys that are not settings but are understood (so they are not reported as unknown). */
const RESERVED_KEYS = new Set(['preset']);
/** Longer values are refused outright: nothing legitimate needs them, and they bloat messages. */
const MAX_VALUE_LENGTH = 200;

export interface DecodeResult {
  settings: Settings;
  /** The preset named by `?preset=`, if it was valid. */
  presetId?: string;
  /** Human-readable problems, one per key. Empty when the URL was clean. */
  notices: string[];
}

export function encodeSettings(settings: Settings): string {
  const params = new URLSearchParams();
  const defaults = defaultSettings();
  for (const name of SETTING_NAMES) {
    const spec = SCHEMA[name] as FieldSpec;
    const text = formatValue(spec, settings[name]);
    if (text !== formatValue(spec, defaults[name])) params.set(spec.key, text);
  }
  return params.toString();
}

export function decodeSettings(query: string): DecodeResult {
  const params = new URLSearchParams(query);
  const notices: string[] = [];
  let settings = defaultSettings();
  let presetId: string | undefined;

  const presetName = params.get('preset');
  if (presetName !== null) {
    const preset = PRESETS.find((p) => p.id === presetName);
    if (preset) {
      settings = { ...settings, ...structuredClone(preset.settings) };
      presetId = preset.id;
    } else {
      notices.push(`Unknown preset "${clip(presetName)}": opened the default settings instead.`);
    }
  }

  const byKey = new Map<string, keyof Settings>(SETTING_NAMES.map((n) => [SCHEMA[n].key, n]));
  const unknown: string[] = [];
  for (const [key, raw] of params) {
    if (RESERVED_KEYS.has(key)) continue;
    const name = byKey.get(key);
    if (!name) {
      unknown.push(clip(key));
      continue;
    }
    const parsed = parseValue(SCHEMA[name] as FieldSpec, raw);
    if (parsed.ok) (settings as unknown as Record<string, unknown>)[name] = parsed.value;
    else notices.push(`"${key}": ${parsed.reason}; using ${formatValue(SCHEMA[name] as FieldSpec, settings[name]) || 'none'}.`);
  }
  if (unknown.length) notices.push(`Ignored unknown link key${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);
  return { settings, presetId, notices };
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseValue(spec: FieldSpec, raw: string): Parsed {
  if (raw.length > MAX_VALUE_LENGTH) return { ok: false, reason: `value is too long (${raw.length} characters)` };
  const shown = clip(raw);
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const v = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) return { ok: false, reason: `"${shown}" is not a number` };
      if (spec.kind === 'int' && !Number.isInteger(v)) return { ok: false, reason: `"${shown}" is not a whole number` };
      if (v < spec.min || v > spec.max) return { ok: false, reason: `${shown} is outside ${spec.min} … ${spec.max}` };
      return { ok: true, value: v };
    }
    case 'bool':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return { ok: false, reason: `"${shown}" is not 0 or 1` };
    case 'enum':
      if (spec.options.includes(raw)) return { ok: true, value: raw };
      return { ok: false, reason: `"${shown}" is not one of ${spec.options.join(', ')}` };
    case 'intlist': {
      const items = raw === '' ? [] : raw.split(',');
      if (items.length < spec.minItems || items.length > spec.maxItems)
        return { ok: false, reason: `expected ${spec.minItems} … ${spec.maxItems} comma-separated sizes` };
      const values = items.map(Number);
      if (values.some((v) => !Number.isInteger(v) || v < spec.min || v > spec.max))
        return { ok: false, reason: `"${shown}" must be whole numbers in ${spec.min} … ${spec.max}` };
      return { ok: true, value: values };
    }
    case 'blocks': {
      const items = raw === '' ? [] : raw.split(',');
      if (items.length < 1 || items.length > spec.maxItems)
        return { ok: false, reason: `expected 1 … ${spec.maxItems} blocks like 32p,64` };
      const blocks: ConvBlock[] = [];
      for (const item of items) {
        const m = /^(\d+)(p?)$/.exec(item);
        const filters = m ? Number(m[1]) : NaN;
        if (!m || filters < spec.min || filters > spec.max)
          return { ok: false, reason: `"${clip(item)}" is not a block like 32 or 32p (filters ${spec.min} … ${spec.max}, p = pool)` };
        blocks.push({ filters, pool: m[2] === 'p' });
      }
      return { ok: true, value: blocks };
    }
  }
}

export function formatValue(spec: FieldSpec, value: unknown): string {
  switch (spec.kind) {
    case 'bool':
      return value ? '1' : '0';
    case 'intlist':
      return (value as number[]).join(',');
    case 'blocks':
      return (value as ConvBlock[]).map((b) => `${b.filters}${b.pool ? 'p' : ''}`).join(',');
    default:
      return String(value);
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
