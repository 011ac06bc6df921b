import { lazy, Suspense, type LazyExoticComponent, type ReactNode } from 'react';
import type { ViewId } from '../../core/preset/views';
import { useLab } from '../../store/lab';
import { afterFirstPaint, whenIdle } from '../common/afterFirstPaint';
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

/**
 * Fetches every view's code after the first screen (afterFirstPaint), one view per idle moment, so the first
 * click on a view shows it at once and no single idle callback holds the page for all of them. A view's code
 * is evaluated when it loads: while a run trains that waits, so it never lands between two chart redraws.
 */
export function prefetchViewsWhenIdle(): () => void {
  let live = true;
  const pending = Object.values(LOADERS);
  const idle = (fn: () => void) => whenIdle(fn, 3000);
  const next = () => {
    if (!live || pending.length === 0) return;
    if (useLab.getState().run.status === 'training') {
      window.setTimeout(() => idle(next), TRAINING_RECHECK_MS);
      return;
    }
    const load = pending.shift();
    void load?.()
      .catch(() => undefined)
      .then(() => idle(next));
  };
  void afterFirstPaint().then(next);
  return () => void (live = false);
}

const TRAINING_RECHECK_MS = 1000;
