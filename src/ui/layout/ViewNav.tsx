import { VIEWS, VIEW_KEY, DEFAULT_VIEW, type ViewId } from '../../core/preset/views';
import { useLab } from '../../store/lab';
import { joinQuery, shareQuery, useTeach } from '../../store/teach';
import { selectView, setView } from '../../store/view';

/** The link a view's tab points to: the current settings and page keys, with `view` replaced. */
function viewHref(view: ViewId): string {
  const params = new URLSearchParams(shareQuery(useLab.getState().settings));
  params.delete(VIEW_KEY);
  const query = joinQuery(params.toString(), view === DEFAULT_VIEW ? '' : `${VIEW_KEY}=${view}`);
  return query ? `?${query}` : window.location.pathname;
}

/**
 * One link per view. Real links, so a view opens in a new tab or is copied like any address; a plain click
 * switches in place and keeps the run.
 */
export function ViewNav() {
  const active = useTeach(selectView);
  // Re-render on settings changes so each link carries the current settings.
  useLab((s) => s.settings);
  return (
    <nav className="view-nav" aria-label="Views">
      <ul>
        {VIEWS.map((v) => (
          <li key={v.id}>
            <a
              href={viewHref(v.id)}
              data-testid={`view-${v.id}`}
              aria-current={v.id === active ? 'page' : undefined}
              title={v.title}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                setView(v.id);
              }}
            >
              {v.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
