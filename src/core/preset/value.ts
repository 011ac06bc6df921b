import type { ConvBlock, FieldSpec } from './schema';

/**
 * One setting's value ⇄ its text in a link. Parsing never throws: a bad text gets a reason naming it. Kept apart
 * from the codec so the settings gate (gate.ts) can use it without an import cycle.
 */

/** Longer values are refused outright: nothing legitimate needs them, and they bloat messages. */
const MAX_VALUE_LENGTH = 200;
/**
 * Plain decimal numbers only: Number() would also take '0x10', '0b11', '0o17' and 'Infinity', which no
 * link Fitlab writes contains, so they are typos or tampering, not values.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const WHOLE = /^\d+$/;

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

export function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
