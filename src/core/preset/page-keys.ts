import { SCHEMA, SETTING_NAMES } from './schema';
import { VIEW_KEY } from './views';

/**
 * Query keys that shape the page, not the run: `view` (see views.ts) and the teaching keys, `lesson`,
 * `present` and `<urlKey>_hide` (src/core/teach/hide.ts reads them). They are not settings, so the codec
 * does not report them as unknown, and a share link keeps them. They live here, beside the codec, so that
 * the codec needs nothing from the teaching feature.
 */
export const HIDE_SUFFIX = '_hide';
export const PRESENT_KEY = 'present';
export const LESSON_KEY = 'lesson';

/** Every setting's URL key, e.g. 'drop', 'l2Lambda'. */
export const URL_KEYS: ReadonlySet<string> = new Set<string>(SETTING_NAMES.map((n) => SCHEMA[n].key));

export function isPageQueryKey(key: string): boolean {
  if (key === PRESENT_KEY || key === LESSON_KEY || key === VIEW_KEY) return true;
  return key.endsWith(HIDE_SUFFIX) && URL_KEYS.has(key.slice(0, -HIDE_SUFFIX.length));
}

/** The query without page keys, ready for decodeSettings. */
export function stripPageKeys(query: string): string {
  const params = new URLSearchParams(query);
  for (const key of [...params.keys()]) if (isPageQueryKey(key)) params.delete(key);
  return params.toString();
}
