import { loadDataset } from '../../src/core/data/registry';
import { gatherRows, splitDataset, splitOptionsFor } from '../../src/core/data/split';
import { decodeSettings } from '../../src/core/preset/codec';
import type { Settings } from '../../src/core/preset/schema';
import type { SplitArrays } from '../../src/core/train/types';

/** The settings, train and validation splits of a query, cut exactly as src/worker/runner.ts cuts them. */
export interface BenchData {
  settings: Settings;
  shape: number[];
  numClasses: number;
  train: SplitArrays;
  val: SplitArrays;
}

export async function loadSplits(query: string): Promise<BenchData> {
  const decoded = decodeSettings(query);
  if (decoded.notices.length) throw new Error(`Bad bench query "${query}": ${decoded.notices.join(' ')}`);
  const s = decoded.settings;
  const data = await loadDataset(s, async (path) => {
    const res = await fetch(new URL(path, document.baseURI));
    if (!res.ok) throw new Error(`Could not load ${path} (HTTP ${res.status}).`);
    return new Uint8Array(await res.arrayBuffer());
  });
  if (data.task === 'regression') throw new Error('The bench trains classifiers only.');
  const splits = splitDataset(data, splitOptionsFor(s, data.classNames.length));
  return {
    settings: s,
    shape: data.shape,
    numClasses: data.classNames.length,
    train: gatherRows(data, splits.train, splits.trainLabels),
    val: gatherRows(data, splits.val),
  };
}
