import { useEffect, useReducer, useRef } from 'react';

/**
 * `value`, but changing at most once per `ms` while `live`: a recharts redraw costs tens of milliseconds of
 * main thread, so the live curves follow the run at about 1 Hz, while the store (and the numbers beside
 * them) keep its faster pace. Not live (done, stopped, a replay), the value passes straight through, so the
 * final curves are exact at once. A newer value than the one shown is always shown within `ms`.
 */
export function useThrottled<T>(value: T, ms: number, live: boolean): T {
  const shown = useRef({ value, at: -Infinity });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const now = performance.now();
  if (!live || now - shown.current.at >= ms) shown.current = { value, at: live ? now : -Infinity };
  const pending = shown.current.value !== value;
  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(redraw, shown.current.at + ms - performance.now());
    return () => window.clearTimeout(timer);
  }, [pending, value, ms]);
  return shown.current.value;
}
