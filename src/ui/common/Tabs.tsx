import { useId, useRef, type ReactNode } from 'react';

export interface TabSpec {
  id: string;
  label: string;
}

/**
 * WAI-ARIA tabs: arrow keys, Home and End move between tabs, only the active one is in the tab order.
 * The parent owns which tab is active (it lives in the store, so other views can switch to a tab).
 */
export function Tabs({
  tabs,
  active,
  onChange,
  label,
  children,
}: {
  tabs: TabSpec[];
  active: string;
  onChange(id: string): void;
  label: string;
  children: ReactNode;
}) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  // Ids unique to this tab set; only the active tab controls a panel, the one rendered.
  const base = useId();
  const move = (to: number) => {
    const tab = tabs[(to + tabs.length) % tabs.length];
    onChange(tab.id);
    refs.current[tab.id]?.focus();
  };
  const at = tabs.findIndex((t) => t.id === active);
  return (
    <div className="tabs">
      <div
        role="tablist"
        aria-label={label}
        className="tab-list"
        onKeyDown={(e) => {
          const keys: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 };
          if (e.key in keys) {
            e.preventDefault();
            move(keys[e.key]);
          }
        }}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={t.id === active}
            aria-controls={t.id === active ? `${base}-panel` : undefined}
            tabIndex={t.id === active ? 0 : -1}
            data-testid={`tab-${t.id}`}
            className={t.id === active ? 'tab active' : 'tab'}
            onClick={() => onChange(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${active}`} className="tab-panel" tabIndex={0}>
        {children}
      </div>
    </div>
  );
}
