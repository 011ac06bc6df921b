import { create } from 'zustand';
import type { NetworkSnapshot } from '../core/network/types';

/**
 * The network view's state, apart from the lab store: snapshots arrive a few times a second and only the
 * view's canvases draw them (it subscribes and paints, no React render per snapshot), so they must not
 * re-render everything that reads the lab store.
 */
export interface NetworkViewState {
  /** The view is open: the trainer computes snapshots only then. */
  open: boolean;
  /** The latest snapshot, of the run `runId`, taken after `epoch` epochs. */
  latest: { runId: string; epoch: number; snapshot: NetworkSnapshot } | null;
}

export const useNetworkView = create<NetworkViewState>()(() => ({ open: false, latest: null }));

/** Keeps a trainer snapshot when it belongs to the lab's current run (`currentRunId`). */
export function receiveNetworkSnapshot(runId: string, epoch: number, snapshot: NetworkSnapshot, currentRunId: string | null): void {
  if (runId !== currentRunId) return;
  useNetworkView.setState({ latest: { runId, epoch, snapshot } });
}

/** The user opened or closed the view (kept across view switches; the card tells the trainer). */
export function setNetworkViewOpen(open: boolean): void {
  useNetworkView.setState({ open });
}
