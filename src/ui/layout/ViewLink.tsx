import type { ReactNode } from 'react';
import { DEFAULT_VIEW, VIEW_KEY, type ViewId } from '../../core/preset/views';
import { useLab } from '../../store/lab';
import { joinQuery, shareQuery } from '../../store/teach';
import { setView } from '../../store/view';

/** The link to a view: the current settings and page keys, with `view` replaced. */
export function viewHref(view: ViewId): string {
  const params = new URLSearchParams(shareQuery(useLab.getState().settings));
  params.delete(VIEW_KEY);
  const query = joinQuery(params.toString(), view === DEFAULT_VIEW ? '' : `${VIEW_KEY}=${view}`);
  return query ? `?${query}` : window.location.pathname;
}

/**
 * A real link to a view, so it opens in a new tab or is copied like any address; a plain click switches in
 * place and keeps the run.
 */
export function ViewLink({
  view,
  children,
  ...rest
}: {
  view: ViewId;
  children: ReactNode;
  className?: string;
  title?: string;
  'data-testid'?: string;
  'aria-current'?: 'page';
}) {
  return (
    <a
      {...rest}
      href={viewHref(view)}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        setView(view);
      }}
    >
      {children}
    </a>
  );
}
