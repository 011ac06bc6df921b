import { stripPageKeys } from '../core/preset/page-keys';
import { loadQuery } from './actions';
import { useLab } from './lab';
import { followLabRuns, lessonOf, loadTeachQuery, shareQuery, useTeach } from './teach';

/** The share link for the current settings, with the teaching keys (lesson, present, `*_hide`) kept. */
export function shareUrl(): string {
  const query = shareQuery(useLab.getState().settings);
  const { origin, pathname } = window.location;
  return `${origin}${pathname}${query ? `?${query}` : ''}`;
}

/**
 * Reads the page's URL into the stores once, then keeps the URL current as settings or teaching keys change
 * (replaceState: tweaking a slider should not flood the back button). A `?lesson=<id>` link without settings
 * of its own opens with the lesson's settings; with settings (a link copied mid-lesson) those are used as given.
 */
export function startUrlSync(): () => void {
  const stopFollowing = followLabRuns();
  const search = window.location.search;
  loadTeachQuery(search);
  const lesson = lessonOf(useTeach.getState().query);
  loadQuery(lesson && stripPageKeys(search) === '' ? lesson.url : search);
  const write = () => {
    const url = shareUrl();
    if (url !== window.location.href) window.history.replaceState(null, '', url);
  };
  write();
  const stopLab = useLab.subscribe((s, prev) => {
    if (s.settings !== prev.settings) write();
  });
  const stopTeach = useTeach.subscribe((s, prev) => {
    if (s.query !== prev.query) write();
  });
  return () => {
    stopLab();
    stopTeach();
    stopFollowing();
  };
}
