import { create } from 'zustand';
import { deleteKeptWeights, getKeptWeights, keptWeightIds, type KeptWeights } from './history-db';

/**
 * Which stored runs keep their last good weights: runs cut short (a reload, a closed tab, a dead worker, a lost
 * WebGL context). The page holds only their ids; the weights stay in IndexedDB ('weights') until the user
 * downloads or evaluates them. A run that ends normally drops its weights (its model stays in the trainer).
 */
export const useKeptWeights = create<{ ids: ReadonlySet<string> }>()(() => ({ ids: new Set<string>() }));

export function hasKeptWeights(id: string): boolean {
  return useKeptWeights.getState().ids.has(id);
}

export function noteWeightsKept(id: string): void {
  if (!hasKeptWeights(id)) useKeptWeights.setState((s) => ({ ids: new Set([...s.ids, id]) }));
}

/** Drops a run's weights from the database (a run that ended normally no longer needs them). */
export async function dropKeptWeights(id: string): Promise<void> {
  if (!hasKeptWeights(id)) return;
  await deleteKeptWeights(id);
  useKeptWeights.setState((s) => ({ ids: new Set([...s.ids].filter((x) => x !== id)) }));
}

/** Reads which runs keep weights (once at start); storage failures are the history load's to report. */
export async function loadKeptWeightIds(): Promise<void> {
  try {
    const ids = await keptWeightIds();
    useKeptWeights.setState((s) => ({ ids: new Set([...s.ids, ...ids]) }));
  } catch {
    // The history's own load says what storage refused; without ids the rows just offer no model.
  }
}

/**
 * A run's kept weights as the model download's two files (model.json and the .weights.bin it names), ready to
 * save or to evaluate through the saved-model path; null when the database no longer holds them.
 */
export async function keptWeightsFiles(id: string): Promise<{ epoch: number; files: File[] } | null> {
  const kept = await getKeptWeights(id);
  if (!kept) return null;
  const bin = weightsFileName(kept);
  const stem = bin.replace(/\.weights\.bin$/, '');
  return {
    epoch: kept.epoch,
    files: [
      new File([kept.modelJson], `${stem}.json`, { type: 'application/json' }),
      new File([new Uint8Array(kept.weights)], bin, { type: 'application/octet-stream' }),
    ],
  };
}

/** The weights file's name as model.json's manifest spells it (the trainer names it after the run and epoch). */
function weightsFileName(kept: KeptWeights): string {
  try {
    const manifest = (JSON.parse(kept.modelJson) as { weightsManifest?: { paths?: unknown[] }[] }).weightsManifest;
    const path = manifest?.[0]?.paths?.[0];
    if (typeof path === 'string') return path.split('/').pop() ?? path;
  } catch {
    // Fall through to the trainer's naming.
  }
  return `fitlab-${kept.id}-epoch-${kept.epoch}.weights.bin`;
}
