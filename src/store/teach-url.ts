import { encodeSettings } from '../core/preset/codec';
import type { Settings } from '../core/preset/schema';
import { PRESENT_KEY, isPageQueryKey } from '../core/preset/page-keys';
import { isPresent, joinQuery, lessonIdOf, teachQueryOf, useTeach } from './teach-state';

/** The teaching keys of the address bar: read, set one, present mode, and the share query they join. */

/** Reads the teaching keys from a query (the page's URL); a different lesson starts at its first step. */
export function loadTeachQuery(search: string): void {
  const query = teachQueryOf(search);
  const s = useTeach.getState();
  const sameLesson = lessonIdOf(query) === lessonIdOf(s.query);
  useTeach.setState(sameLesson ? { query } : { query, step: 0, outcomes: {}, runSteps: {}, finished: false });
}

/** Sets (or with null removes) one teaching key, keeping the others in their order. */
export function setTeachParam(key: string, value: string | null): void {
  if (!isPageQueryKey(key)) return;
  const params = new URLSearchParams(useTeach.getState().query);
  if (value === null) params.delete(key);
  else params.set(key, value);
  loadTeachQuery(params.toString());
}

/** Presentation mode on or off (`present=1` in the URL, so the link reproduces it). */
export function setPresent(on: boolean): void {
  setTeachParam(PRESENT_KEY, on ? '1' : null);
}

export function togglePresent(): void {
  setPresent(!isPresent(useTeach.getState().query));
}

/** The share query for settings plus the teaching keys (the address bar and Copy link). */
export function shareQuery(settings: Settings): string {
  return joinQuery(encodeSettings(settings), useTeach.getState().query);
}
