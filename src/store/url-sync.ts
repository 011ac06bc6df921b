import { encodeSettings } from '../core/preset/codec';
import { loadQuery } from './actions';
import { useLab } from './lab';

/** The share link for the current settings. */
export function shareUrl(): string {
  const query = encodeSettings(useLab.getState().settings);
  const { origin, pathname } = window.location;
  return `${origin}${pathname}${query ? `?${query}` : ''}`;
}

/**
 * Reads the page's URL into the store once, then keeps the URL current as settings change
 * (replaceState: tweaking a slider should not flood the back button).
 */
export function startUrlSync(): () => void {
  loadQuery(window.location.search);
  const write = () => {
    const url = shareUrl();
    if (url !== window.location.href) window.history.replaceState(null, '', url);
  };
  write();
  return useLab.subscribe((s, prev) => {
    if (s.settings !== prev.settings) write();
  });
}
