import { SCHEMA, SETTING_NAMES, defaultSettings, type ConvBlock, type FieldSpec, type Settings } from './schema';
import { PRESETS } from './presets';
import { isTeachQueryKey } from '../teach/hide';
import { capList } from '../text/cap-list';

/**
 * Settings ⇄ URL query. Defaults are omitted so links stay short; decoding never throws: unknown keys
 * are ignored and reported, invalid values fall back to the default with a message naming the key.
 */

/**
 * Query keys that are not settings but are understood (so they are not reported as unknown): `preset`, and
 * the teaching keys (`lesson`, `present`, `<urlKey>_hide`; see src/core/teach/hide.ts), which the UI reads.
 */
const RESERVED_KEYS = new Set(['preset']);
const isReserved = (key: string) => RESERVED_KEYS.has(key) || isTeachQueryKey(key);
/** Longer values are refused outright: nothing legitimate needs them, and they bloat messages. */
const MAX_VALUE_LENGTH = 200;
/** Unknown keys named in the notice; the rest are counted, so a hostile link cannot flood the page. */
const MAX_LISTED_KEYS = 10;
/** Notices listed for one link; the rest are counted in an "and N more" line. */
export const MAX_NOTICES = 12;
/** Validation plus test fraction above this leaves under a fifth of the data for training. */
const MAX_HELD_OUT = 0.8;
/**
 * Plain decimal numbers only: Number() would also take '0x10', '0b11', '0o17' and 'Infinity', which no
 * link Fitlab writes contains, so they are typos or tampering, not values.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const WHOLE = /^\d+$/;

export interface DecodeResult {
  settings: Settings;
  /** The preset named by `?preset=`, if it was valid. */
  presetId?: string;
  /** Human-readable problems, one per key. Empty when the URL was clean. */
  notices: string[];
}

/** Each setting's default as a link writes it (the schema never changes at run time). */
let defaultTexts: Map<keyof Settings, string> | null = null;

export function encodeSettings(settings: Settings): string {
  const params = new URLSearchParams();
  defaultTexts ??= new Map(SETTING_NAMES.map((n) => [n, formatValue(SCHEMA[n] as FieldSpec, defaultSettings()[n])]));
  for (const name of SETTING_NAMES) {
    const spec = SCHEMA[name] as FieldSpec;
    const text = formatValue(spec, settings[name]);
    if (text !== defaultTexts.get(name)) params.set(spec.key, text);
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
  const unknown = new Set<string>();
  // A repeated key is a hand-edited link: the first value is used (as URLSearchParams.get reads it), and one
  // notice per key says how often it appeared, however often that is.
  const counts = new Map<string, number>();
  for (const [key, raw] of params) {
    if (isReserved(key)) continue;
    const name = byKey.get(key);
    if (!name) {
      unknown.add(clip(key));
      continue;
    }
    const seen = counts.get(key) ?? 0;
    counts.set(key, seen + 1);
    if (seen > 0) continue;
    const parsed = parseValue(SCHEMA[name] as FieldSpec, raw);
    if (parsed.ok) (settings as unknown as Record<string, unknown>)[name] = parsed.value;
    else notices.push(`"${key}": ${parsed.reason}; using ${formatValue(SCHEMA[name] as FieldSpec, settings[name]) || 'none'}.`);
  }
  for (const [key, n] of counts) if (n > 1) notices.push(`"${key}" appears ${n.toLocaleString('en-US')} times; the first is used.`);
  if (unknown.size) {
    const shown = [...unknown].slice(0, MAX_LISTED_KEYS).join(', ');
    const more = unknown.size > MAX_LISTED_KEYS ? ` and ${unknown.size - MAX_LISTED_KEYS} more` : '';
    notices.push(`Ignored unknown link key${unknown.size > 1 ? 's' : ''}: ${shown}${more}.`);
  }
  // Each fraction is valid alone, but together they can leave (almost) nothing to train on.
  if (settings.val + settings.test > MAX_HELD_OUT) {
    const d = defaultSettings();
    notices.push(
      `"val" ${settings.val} and "test" ${settings.test} hold out ${Math.round((settings.val + settings.test) * 100)}% of the data, leaving too little to train on; using ${d.val} and ${d.test}.`,
    );
    settings = { ...settings, val: d.val, test: d.test };
  }
  return { settings, presetId, notices: capList(notices, MAX_NOTICES) };
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseValue(spec: FieldSpec, raw: string): Parsed {
  if (raw.length > MAX_VALUE_LENGTH) return { ok: false, reason: `value is too long (${raw.length} characters)` };
  const shown = clip(raw);
  switch (spec.kind) {
    case 'int':
    case 'float': {
      // A '+' typed into a link (1e+2) arrives as a space after URL decoding: put it back.
      const text = raw.trim().replace(/ /g, '+');
      const v = DECIMAL.test(text) ? Number(text) : NaN;
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
      const values = items.map((item) => (WHOLE.test(item) ? Number(item) : NaN));
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
