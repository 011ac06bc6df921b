import { useCallback, useRef, useState, type UIEvent } from 'react';

/**
 * Windowing for a long list of fixed-height rows in a scrolling box: only the rows in view (plus `overscan`
 * above and below) are rendered, and two spacers stand in for the rest, so 50,000 rows scroll like 30.
 * Scroll updates are batched to one per animation frame.
 */
export function useWindowedRows(count: number, rowHeight: number, viewportHeight: number, overscan = 10) {
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef<number | null>(null);
  const onScroll = useCallback((e: UIEvent<HTMLElement>) => {
    const el = e.currentTarget;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setScrollTop(el.scrollTop);
    });
  }, []);
  // A shrinking list (a filter, a delete) can leave the old scroll position past its end.
  const top = Math.min(scrollTop, Math.max(0, count * rowHeight - viewportHeight));
  const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + viewportHeight) / rowHeight) + overscan);
  return { onScroll, start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
