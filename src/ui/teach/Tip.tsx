import {
  useCallback,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  type SyntheticEvent,
} from 'react';
import { createPortal } from 'react-dom';
import './teach.css';

/**
 * Short explanations that show on hover AND on keyboard focus (an ARIA tooltip: the control's
 * aria-describedby points at it, so screen readers read it too). Escape hides it until focus leaves. The
 * tooltip lives in a portal on <body> with fixed position, so scrolling tables and panels never clip it, and it
 * ignores the pointer (it never covers what one clicks next).
 */
export interface TipHandlers {
  onMouseEnter(e: SyntheticEvent<HTMLElement>): void;
  onMouseLeave(): void;
  onFocus(e: FocusEvent<HTMLElement>): void;
  onBlur(e: FocusEvent<HTMLElement>): void;
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
}

export function useTip(text: string): { id: string; handlers: TipHandlers; tip: ReactNode } {
  const id = `tip${useId().replace(/:/g, '')}`;
  const anchor = useRef<HTMLElement | null>(null);
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const open = (hover || focus) && !dismissed && text !== '';
  const handlers: TipHandlers = {
    onMouseEnter: useCallback((e: SyntheticEvent<HTMLElement>) => {
      anchor.current = e.currentTarget;
      setHover(true);
    }, []),
    onMouseLeave: useCallback(() => {
      setHover(false);
      setDismissed(false);
    }, []),
    onFocus: useCallback((e: FocusEvent<HTMLElement>) => {
      anchor.current = e.currentTarget;
      setFocus(true);
    }, []),
    onBlur: useCallback((e: FocusEvent<HTMLElement>) => {
      if (e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget)) return;
      setFocus(false);
      setDismissed(false);
    }, []),
    onKeyDown: useCallback((e: KeyboardEvent<HTMLElement>) => {
      if (e.key === 'Escape') setDismissed(true);
    }, []),
  };
  // Always in a portal (hidden while closed): the description exists for aria-describedby, yet never adds its
  // words to the text of the cell or field it explains.
  const tip =
    typeof document === 'undefined'
      ? null
      : createPortal(
          open ? (
            <Bubble id={id} text={text} anchor={anchor.current} />
          ) : (
            <span id={id} role="tooltip" hidden>
              {text}
            </span>
          ),
          document.body,
        );
  return { id, handlers, tip };
}

function Bubble({ id, text, anchor }: { id: string; text: string; anchor: HTMLElement | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const place = () => {
      const el = ref.current;
      if (!anchor || !el) return;
      const r = anchor.getBoundingClientRect();
      const w = el.offsetWidth;
      const h = el.offsetHeight;
      const left = Math.max(4, Math.min(window.innerWidth - w - 4, r.left));
      // Below the control, or above it when there is no room below.
      const top = r.bottom + 6 + h > window.innerHeight && r.top - 6 - h > 0 ? r.top - 6 - h : r.bottom + 6;
      setPos({ left, top });
    };
    place();
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [anchor, text]);
  return (
    <div
      ref={ref}
      id={id}
      role="tooltip"
      className="tip-bubble"
      data-testid="tooltip"
      style={pos ? { left: pos.left, top: pos.top } : { visibility: 'hidden', left: 0, top: 0 }}
    >
      {text}
    </div>
  );
}

/**
 * A value with an explanation: focusable (or part of a roving group, see useRovingCells), described by its tip.
 * `tabIndex` -1 leaves it out of the Tab order (arrow keys reach it inside a roving group).
 */
export function Explained({
  text,
  children,
  className,
  tabIndex = 0,
  testId,
}: {
  text: string;
  children: ReactNode;
  className?: string;
  tabIndex?: number;
  testId?: string;
}) {
  const { id, handlers, tip } = useTip(text);
  return (
    <>
      <span
        className={`explained ${className ?? ''}`}
        tabIndex={tabIndex}
        aria-describedby={id}
        data-explained=""
        data-testid={testId}
        {...handlers}
      >
        {children}
      </span>
      {tip}
    </>
  );
}

/**
 * Arrow-key movement between the explained values of a table (one Tab stop for the whole table, as in an ARIA
 * grid): Left/Right move along the row, Up/Down to the same column of the next row, Home/End to the row's ends.
 * Put the returned onKeyDown on the table; give the first value tabIndex 0 and the rest -1.
 */
export function rovingKeyDown(e: KeyboardEvent<HTMLElement>): void {
  const keys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
  if (!keys.includes(e.key)) return;
  const current = (e.target as HTMLElement).closest<HTMLElement>('[data-explained]');
  if (!current) return;
  const rows = [...e.currentTarget.querySelectorAll('tr')]
    .map((tr) => [...tr.querySelectorAll<HTMLElement>('[data-explained]')])
    .filter((r) => r.length);
  const r = rows.findIndex((row) => row.includes(current));
  if (r < 0) return;
  const c = rows[r].indexOf(current);
  const colOf = (el: HTMLElement) => el.closest<HTMLTableCellElement>('td, th')?.cellIndex ?? 0;
  let next: HTMLElement | undefined;
  if (e.key === 'ArrowLeft') next = rows[r][c - 1];
  else if (e.key === 'ArrowRight') next = rows[r][c + 1];
  else if (e.key === 'Home') next = rows[r][0];
  else if (e.key === 'End') next = rows[r][rows[r].length - 1];
  else {
    const row = rows[r + (e.key === 'ArrowDown' ? 1 : -1)];
    const col = colOf(current);
    next = row?.reduce<HTMLElement | undefined>(
      (best, el) => (best === undefined || Math.abs(colOf(el) - col) < Math.abs(colOf(best) - col) ? el : best),
      undefined,
    );
  }
  if (!next) return;
  e.preventDefault();
  for (const row of rows) for (const el of row) el.tabIndex = el === next ? 0 : -1;
  next.focus();
}
