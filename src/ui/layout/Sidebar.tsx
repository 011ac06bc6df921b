import { useEffect, useState, type ReactNode } from 'react';

/** Below this width the sidebar stacks above the view: one column, the settings folded behind one line. */
const NARROW = '(max-width: 899px)';

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW);
    const follow = () => setNarrow(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  return narrow;
}

/**
 * The settings column, with the open lesson docked on top (beside the curves, never above them). On a phone
 * or a narrow window the settings fold to one "Settings" line above the view, so Train and the curves are on
 * the first screen and every setting is still one tap away.
 */
export function Sidebar({ docked, children }: { docked: ReactNode; children: ReactNode }) {
  const narrow = useNarrow();
  return (
    <aside className="sidebar" aria-label="Settings">
      {docked}
      {narrow ? (
        <details className="sidebar-toggle" data-testid="settings-toggle">
          <summary>Settings</summary>
          {children}
        </details>
      ) : (
        children
      )}
    </aside>
  );
}
