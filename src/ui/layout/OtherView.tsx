import { lazy, Suspense, type LazyExoticComponent, type ReactNode } from 'react';
import type { ViewId } from '../../core/preset/views';
import { ErrorBoundary } from '../common/ErrorBoundary';

/**
 * The views past the lab load when first opened (or when the browser is idle after start-up), so the first
 * screen carries none of their code.
 */
const LOADERS = {
  evaluate: () => import('../evaluation/EvaluateView').then((m) => ({ default: m.EvaluateView })),
  inside: () => import('../inside/InsideView').then((m) => ({ default: m.InsideView })),
  experiments: () => import('../experiments/ExperimentsPanel').then((m) => ({ default: m.ExperimentsPanel })),
  history: () => import('../compare/HistoryPanel').then((m) => ({ default: m.HistoryPanel })),
  data: () => import('../setup/DataUpload').then((m) => ({ default: m.DataUpload })),
} satisfies Record<Exclude<ViewId, 'lab'>, () => Promise<{ default: () => ReactNode }>>;

const LABELS: Record<keyof typeof LOADERS, string> = {
  evaluate: 'Evaluation in depth',
  inside: 'Inside the model',
  experiments: 'Experiments',
  history: 'Run history',
  data: 'Your data',
};

const VIEWS = Object.fromEntries(Object.entries(LOADERS).map(([id, load]) => [id, lazy(load)])) as Record<
  keyof typeof LOADERS,
  LazyExoticComponent<() => ReactNode>
>;

export function OtherView({ view }: { view: Exclude<ViewId, 'lab'> }) {
  const View = VIEWS[view];
  return (
    <div className="view" data-testid={`view-${view}-panel`}>
      <ErrorBoundary label={LABELS[view]}>
        <Suspense fallback={<p className="muted">Loading {LABELS[view].toLowerCase()}…</p>}>
          <View />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

/** Fetches every view's code once the page is idle, so the first click on a view shows it at once. */
export function prefetchViewsWhenIdle(): () => void {
  const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 2000));
  const cancel = window.cancelIdleCallback ?? window.clearTimeout;
  const handle = idle(() => {
    for (const load of Object.values(LOADERS)) void load().catch(() => undefined);
  });
  return () => cancel(handle);
}
