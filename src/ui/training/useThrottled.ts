import { useEffect, useReducer, useRef, useState } from 'react';

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

/**
 * `value` one task later: two charts fed the same update then redraw in two main-thread tasks, each half as
 * long, rather than one (a task over 50 ms is a stutter). The first render shows `value` at once.
 */
export function useNextTask<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setShown(() => value), 0);
    return () => window.clearTimeout(timer);
  }, [value]);
  return shown;
}
