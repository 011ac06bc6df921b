import { SCHEMA } from '../preset/schema';
import { HIDE_SUFFIX, PRESENT_KEY, URL_KEYS } from '../preset/page-keys';
import type { Lesson } from './lesson';

/**
 * Hiding controls, TensorFlow-Playground style: `?drop_hide=1&l2_hide=1` hides the Dropout and L2 controls
 * (any setting's URL key + `_hide`), and `?present=1` is presentation mode: only the controls a lesson
 * needs stay visible (see presentationDefaults). `<key>_hide=0` shows a control present mode would hide.
 *
 * These keys are not settings: src/core/preset/page-keys.ts names them, and the codec passes them by.
 */

const truthy = (v: string | null) => v === '1' || v === 'true';
const falsy = (v: string | null) => v === '0' || v === 'false';

/** Controls shown in present mode without a lesson: the ones a talk about fitting usually touches. */
export const PRESENT_VISIBLE_DEFAULT: readonly string[] = ['data', 'model', 'hidden', 'act', 'lr', 'batch', 'epochs', 'drop', 'l2'];

/** Shown in present mode whatever the lesson: the pace is how an instructor slows a run down to talk over it. */
export const PRESENT_ALWAYS: readonly string[] = ['pace'];

/**
 * URL keys that stay visible in present mode: for a lesson, the controls its steps change (so the audience
 * sees them flip), less the ones it hides; without a lesson (or for one that changes nothing), the defaults.
 */
export function presentationDefaults(lesson?: Pick<Lesson, 'steps' | 'hide'> | null): Set<string> {
  if (!lesson) return new Set([...PRESENT_VISIBLE_DEFAULT, ...PRESENT_ALWAYS]);
  const hidden = new Set(lesson.hide ?? []);
  const touched = lesson.steps.flatMap((s) => Object.keys(s.action?.set ?? {}));
  const keys = touched.map((name) => SCHEMA[name as keyof typeof SCHEMA]?.key).filter((k): k is string => !!k && !hidden.has(k));
  const always = PRESENT_ALWAYS.filter((k) => !hidden.has(k));
  return new Set([...(keys.length ? keys : PRESENT_VISIBLE_DEFAULT.filter((k) => !hidden.has(k))), ...always]);
}

/** True when the query asks for presentation mode (`present=1`). */
export function isPresentMode(query: string): boolean {
  return truthy(new URLSearchParams(query).get(PRESENT_KEY));
}

/**
 * URL keys of the controls to hide. Explicit `<key>_hide=1` keys hide; with `present=1` every control
 * outside `presentVisible` is hidden too, unless shown explicitly with `<key>_hide=0`. Keys that are not
 * settings' URL keys are ignored.
 */
export function parseHidden(query: string, presentVisible: Iterable<string> = presentationDefaults()): Set<string> {
  const params = new URLSearchParams(query);
  const hidden = new Set<string>();
  if (truthy(params.get(PRESENT_KEY))) {
    const visible = new Set(presentVisible);
    for (const key of URL_KEYS) if (!visible.has(key)) hidden.add(key);
  }
  for (const [param, value] of params) {
    if (!param.endsWith(HIDE_SUFFIX)) continue;
    const key = param.slice(0, -HIDE_SUFFIX.length);
    if (!URL_KEYS.has(key)) continue;
    if (truthy(value)) hidden.add(key);
    else if (falsy(value)) hidden.delete(key);
  }
  return hidden;
}

/** `drop_hide=1&l2_hide=1` for the given URL keys (unknown keys dropped), in schema order. */
export function hiddenToQuery(keys: Iterable<string>): string {
  const wanted = new Set(keys);
  const params = new URLSearchParams();
  for (const key of URL_KEYS) if (wanted.has(key)) params.set(`${key}${HIDE_SUFFIX}`, '1');
  return params.toString();
}
