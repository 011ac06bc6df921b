import { VIEWS } from '../../core/preset/views';
import { useLab } from '../../store/lab';
import { useTeach } from '../../store/teach';
import { selectView } from '../../store/view';
import { ViewLink } from './ViewLink';

/** One link per view (ViewLink: a real link, a plain click switches in place). */
export function ViewNav() {
  const active = useTeach(selectView);
  // Re-render on settings changes so each link carries the current settings.
  useLab((s) => s.settings);
  return (
    <nav className="view-nav" aria-label="Views">
      <ul>
        {VIEWS.map((v) => (
          <li key={v.id}>
            <ViewLink view={v.id} data-testid={`view-${v.id}`} aria-current={v.id === active ? 'page' : undefined} title={v.title}>
              {v.label}
            </ViewLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
