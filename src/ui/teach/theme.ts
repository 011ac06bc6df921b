/**
 * Light and dark themes: the colours are CSS variables (app.css), switched by `data-theme` on <html>. Without
 * a remembered choice the theme follows the system's prefers-color-scheme, live; the toggle's choice is kept
 * in localStorage.
 */
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'fitlab-theme';

export function storedTheme(): Theme | null {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function currentTheme(): Theme {
  return storedTheme() ?? systemTheme();
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

/** Remembers the choice and applies it. */
export function chooseTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Private mode or storage refused: the theme still applies for this visit.
  }
  applyTheme(theme);
}

/** Applies the theme now and follows the system's setting while no choice is remembered; returns a stop function. */
export function startTheme(onChange?: (t: Theme) => void): () => void {
  applyTheme(currentTheme());
  if (typeof matchMedia !== 'function') return () => undefined;
  const media = matchMedia('(prefers-color-scheme: dark)');
  const follow = () => {
    if (storedTheme()) return;
    applyTheme(systemTheme());
    onChange?.(systemTheme());
  };
  media.addEventListener('change', follow);
  return () => media.removeEventListener('change', follow);
}
