import { useEffect, useState } from 'react';

/**
 * Resolves once the first screen has painted and the browser has a moment (idle, or 1.5 s at the latest).
 * Code the first screen can show a placeholder for (the chart library) loads then, off the page's critical
 * path: the Train button is usable before a byte of it is fetched.
 */
let idle: Promise<void> | null = null;
export function afterFirstPaint(): Promise<void> {
  idle ??= new Promise<void>((resolve) => {
    const later = () => (window.requestIdleCallback ? window.requestIdleCallback(() => resolve(), { timeout: 1500 }) : window.setTimeout(resolve, 200));
    if (document.readyState === 'complete') later();
    else window.addEventListener('load', later, { once: true });
  });
  return idle;
}

/** True once afterFirstPaint has resolved, or at once when `now` (e.g. there is data to draw). */
export function useAfterFirstPaint(now = false): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void afterFirstPaint().then(() => live && setReady(true));
    return () => void (live = false);
  }, []);
  return ready || now;
}
