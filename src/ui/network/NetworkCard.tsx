import { lazy, Suspense, useEffect } from 'react';
import { watchNetwork } from '../../store/actions';
import { useLab } from '../../store/lab';
import { setNetworkViewOpen, useNetworkView } from '../../store/network';
import { afterFirstPaint } from '../common/afterFirstPaint';
import { ErrorBoundary } from '../common/ErrorBoundary';

// Its drawing code loads after the first paint (fetched then, so opening the card shows it at once).
const loadView = () => import('./NetworkView');
const NetworkView = lazy(() => loadView().then((m) => ({ default: m.NetworkView })));

/**
 * The network view in the lab, for MLPs: closed by default, because its snapshots cost the trainer a little
 * time; while it is open (and on screen) the trainer computes them from the live weights.
 */
export function NetworkCard() {
  const model = useLab((s) => (s.run.settings ?? s.settings).model);
  const open = useNetworkView((s) => s.open);
  const shown = open && model === 'mlp';
  useEffect(() => void afterFirstPaint().then(loadView), []);
  useEffect(() => {
    if (!shown) return;
    watchNetwork(true);
    return () => watchNetwork(false);
  }, [shown]);
  if (model !== 'mlp') return null;
  return (
    <details
      className="card network-card"
      data-testid="network-card"
      open={open}
      onToggle={(e) => {
        const card = e.currentTarget;
        setNetworkViewOpen(card.open);
        // Opened below the fold of the side column: bring it into view (the column scrolls, not the page).
        if (card.open) requestAnimationFrame(() => card.scrollIntoView({ block: 'nearest' }));
      }}
    >
      <summary>Inside the network</summary>
      {open && (
        <ErrorBoundary label="Network view">
          <Suspense fallback={<p className="muted">Loading the network view…</p>}>
            <NetworkView />
          </Suspense>
        </ErrorBoundary>
      )}
    </details>
  );
}
