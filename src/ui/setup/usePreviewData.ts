import { useEffect, useState } from 'react';
import { loadDataset } from '../../core/data/registry';
import { splitDataset, type Splits } from '../../core/data/split';
import type { Dataset } from '../../core/types';
import { useLab } from '../../store/lab';

export interface PreviewData {
  data: Dataset;
  splits: Splits;
}

export async function fetchAppAsset(path: string): Promise<Uint8Array> {
  const res = await fetch(new URL(path, document.baseURI));
  if (!res.ok) throw new Error(`Could not load ${path} (HTTP ${res.status}).`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The dataset and split the current settings describe, built on the main thread for previews (the worker
 * builds its own copy from the same seed, so both see identical samples).
 */
export function usePreviewData(): { preview: PreviewData | null; error: string | null } {
  const s = useLab((st) => st.settings);
  const { dataset, samples, noise, classes, seed, val, test, trainSize, labelNoise } = s;
  const [state, setState] = useState<{ preview: PreviewData | null; error: string | null }>({ preview: null, error: null });
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      loadDataset({ dataset, samples, noise, classes, seed }, fetchAppAsset)
        .then((data) => {
          const splits = splitDataset(data, { valFraction: val, testFraction: test, trainSize, labelNoise, seed });
          if (live) setState({ preview: { data, splits }, error: null });
        })
        .catch((err: unknown) => {
          if (live) setState({ preview: null, error: err instanceof Error ? err.message : String(err) });
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [dataset, samples, noise, classes, seed, val, test, trainSize, labelNoise]);
  return state;
}
