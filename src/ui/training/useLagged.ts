import { useEffect, useState } from 'react';

/**
 * `value`, but reaching the caller one task later (after `ms`) while `lagging`: two charts fed the same data
 * then redraw in two short main-thread tasks instead of one long one. Not lagging, the value passes straight
 * through (a replay's scrubber, a finished run: what tests and readers look at right away).
 */
export function useLagged<T>(value: T, ms: number, lagging: boolean): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (shown === value) return;
    // Not lagging, catch up at once too, so lagging again later never starts from a stale value.
    const timer = window.setTimeout(() => setShown(value), lagging ? ms : 0);
    return () => window.clearTimeout(timer);
  }, [value, ms, lagging, shown]);
  return lagging ? shown : value;
}
