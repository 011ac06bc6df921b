import type { ReactNode } from 'react';

/**
 * One collapsible group of settings in the sidebar. Its heading is the disclosure's summary, so a closed
 * section still reads as a heading to screen readers and stays one Tab stop.
 */
export function SettingsSection({
  title,
  note,
  defaultOpen = true,
  children,
}: {
  title: string;
  note?: string;
  defaultOpen?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="panel settings-section" open={defaultOpen} aria-label={title}>
      <summary>
        <h2>
          {title}
          {note && <span className="section-note"> ({note})</span>}
        </h2>
      </summary>
      <div className="section-body">{children}</div>
    </details>
  );
}
