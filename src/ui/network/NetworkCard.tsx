import { useEffect } from 'react';
import { watchNetwork } from '../../store/actions';
import { useLab } from '../../store/lab';
import { setNetworkViewOpen, useNetworkView } from '../../store/network';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { NetworkView } from './NetworkView';

/**
 * The network view in the lab, for MLPs: closed by default, because its snapshots cost the trainer a little
 * time; while it is open (and on screen) the trainer computes them from the live weights.
 */
export function NetworkCard() {
  const model = useLab((s) => (s.run.settings ?? s.settings).model);
  const open = useNetworkView((s) => s.open);
  const shown = open && model === 'mlp';
  useEffect(() => {
    if (!shown) return;
    watchNetwork(true);
    return () => watchNetwork(false);
  }, [shown]);
  if (model !== 'mlp') return null;
  return (
    <details className="card network-card" data-testid="network-card" open={open} onToggle={(e) => {
        const card = e.currentTarget;
        setNetworkViewOpen(card.open);
        // Opened below the fold of the side column: bring it into view (the column scrolls, not the page).
        if (card.open) requestAnimationFrame(() => card.scrollIntoView({ block: 'nearest' }));
      }}>
      <summary>Inside the network</summary>
      {open && (
        <ErrorBoundary label="Network view">
          <NetworkView />
        </ErrorBoundary>
      )}
    </details>
  );
}
