import { DEFAULT_VIEW, VIEW_KEY, viewOf, type ViewId } from '../core/preset/views';
import { setTeachParam, useTeach, type TeachState } from './teach';

/**
 * Which view is shown lives in the page's URL keys (`view=`), owned by the teaching store beside `present`
 * and `lesson`; this module only reads and writes that key.
 */

export const selectView = (t: TeachState): ViewId => viewOf(t.query);

/** Shows a view; the lab, the default, leaves the key out of the URL. */
export function setView(view: ViewId): void {
  setTeachParam(VIEW_KEY, view === DEFAULT_VIEW ? null : view);
}

export function currentView(): ViewId {
  return selectView(useTeach.getState());
}
