import { SCHEMA, SETTING_NAMES, defaultSettings, type FieldSpec, type Settings } from './schema';
import { clip, formatValue, parseValue } from './value';
import { gateSettings, type FieldErrors } from './gate';
import { PRESETS } from './presets';
import { isPageQueryKey } from './page-keys';
import { capList } from '../text/cap-list';

/**
 * Settings ⇄ URL query. Defaults are omitted so links stay short; decoding never throws: unknown keys
 * are ignored and reported, invalid values fall back to the default with a message naming the key.
 */

/**
 * Query keys that are not settings but are understood (so they are not reported as unknown): `preset`, and
 * the page keys (`view`, `lesson`, `present`, `<urlKey>_hide`; see page-keys.ts), which the UI reads.
 */
const RESERVED_KEYS = new Set(['preset']);
const isReserved = (key: string) => RESERVED_KEYS.has(key) || isPageQueryKey(key);
/** Unknown keys named in the notice; the rest are counted, so a hostile link cannot flood the page. */
const MAX_LISTED_KEYS = 10;
/** Notices listed for one link; the rest are counted in an "and N more" line. */
export const MAX_NOTICES = 12;

export interface DecodeResult {
  settings: Settings;
  /** The preset named by `?preset=`, if it was valid. */
  presetId?: string;
  /** Human-readable problems, one per key. Empty when the URL was clean. */
  notices: string[];
  /** The refused settings by name, with why (the settings gate's field messages). Empty when the URL was clean. */
  fieldErrors: FieldErrors;
}

export { formatValue, parseValue };

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

  const values: Partial<Settings> = {};
  const fieldErrors: FieldErrors = {};
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
    if (parsed.ok) (values as Record<string, unknown>)[name] = parsed.value;
    else {
      fieldErrors[name] = `${SCHEMA[name].label}: ${parsed.reason}.`;
      notices.push(`"${key}": ${parsed.reason}; using ${formatValue(SCHEMA[name] as FieldSpec, settings[name]) || 'none'}.`);
    }
  }
  for (const [key, n] of counts) if (n > 1) notices.push(`"${key}" appears ${n.toLocaleString('en-US')} times; the first is used.`);
  if (unknown.size) {
    const shown = [...unknown].slice(0, MAX_LISTED_KEYS).join(', ');
    const more = unknown.size > MAX_LISTED_KEYS ? ` and ${unknown.size - MAX_LISTED_KEYS} more` : '';
    notices.push(`Ignored unknown link key${unknown.size > 1 ? 's' : ''}: ${shown}${more}.`);
  }
  // Cross-field rules (held-out fractions, class indices…) are the gate's, as for every other way in.
  const gated = gateSettings({ ...settings, ...values }, { base: settings });
  notices.push(...gated.notices);
  return {
    settings: gated.settings,
    ...(presetId ? { presetId } : {}),
    notices: capList(notices, MAX_NOTICES),
    fieldErrors: { ...fieldErrors, ...gated.fieldErrors },
  };
}
