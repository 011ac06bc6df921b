import { useEffect, useState } from 'react';
import type { Splits } from '../../core/data/split';
import { groupValues, isUploadDataset, type SettingsOf } from '../../core/preset/schema';
import type { CustomData } from '../../core/data/custom';
import { useUploads } from '../../store/uploads';
import type { Dataset } from '../../core/types';

export interface DatasetSplit {
  data: Dataset;
  splits: Splits;
}

export async function fetchAppAsset(path: string): Promise<Uint8Array> {
  const res = await fetch(new URL(path, document.baseURI));
  if (!res.ok) throw new Error(`Could not load ${path} (HTTP ${res.status}).`);
  return new Uint8Array(await res.arrayBuffer());
}

/** What a dataset and its split depend on: the schema's 'data' group. */
type DataSettings = SettingsOf<'data'>;

/**
 * The setup preview, the decision-boundary panel and the evaluation views often ask for the same data at
 * once: each distinct request is built once and shared. A few recent ones are kept (a 60,000-point toy set
 * is costly to regenerate), the oldest dropped first; a failed build is not kept.
 */
const recent = new Map<string, Promise<DatasetSplit>>();
const RECENT_MAX = 3;

function datasetSplit(key: string, s: DataSettings, custom: CustomData | undefined): Promise<DatasetSplit> {
  let pending = recent.get(key);
  if (!pending) {
    // Split (and tables standardised) exactly as the trainer does it. The generators and the table parsers
    // load with the first request, not with the page: the first screen needs none of them.
    pending = import('../../core/data/registry').then(({ loadDatasetSplit }) => loadDatasetSplit(s, fetchAppAsset, custom));
    recent.set(key, pending);
    pending.catch(() => recent.delete(key));
    if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
  }
  return pending;
}

/**
 * The dataset and split some settings describe, built on the main thread (the worker builds its own copy
 * from the same seed, so both see identical samples). Previews pass the live settings; evaluation views pass
 * the settings their run started with. Debounced, so typing a number does not reload per keystroke.
 */
export function useDatasetSplit(s: DataSettings | null, debounceMs = 150): { value: DatasetSplit | null; error: string | null } {
  const [state, setState] = useState<{ value: DatasetSplit | null; error: string | null }>({ value: null, error: null });
  const upload = useUploads((u) => (s && isUploadDataset(s.dataset) ? u[s.dataset] : null));
  const key = s ? JSON.stringify([groupValues(s, 'data'), upload?.createdAt ?? '']) : '';
  useEffect(() => {
    if (!s) {
      setState({ value: null, error: null });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      datasetSplit(key, s, upload?.custom)
        .then((value) => {
          if (live) setState({ value, error: null });
        })
        .catch((err: unknown) => {
          if (live) setState({ value: null, error: err instanceof Error ? err.message : String(err) });
        });
    }, debounceMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key holds every 'data' setting; `s` itself is a new object on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, debounceMs]);
  return state;
}
