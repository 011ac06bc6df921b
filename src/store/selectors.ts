import { encodeSettings } from '../core/preset/codec';
import { PRESETS } from '../core/preset/presets';
import { defaultSettings, type Settings } from '../core/preset/schema';
import type { BatchRecord, EpochRecord } from '../core/train/types';
import type { LabState } from './lab';

/** Epoch (1-based) with the lowest validation loss, or null before the first epoch. */
export function bestEpoch(history: EpochRecord[]): number | null {
  let best: EpochRecord | null = null;
  for (const r of history) if (Number.isFinite(r.val_loss) && (!best || r.val_loss < best.val_loss)) best = r;
  return best ? best.epoch : null;
}

export interface SmoothedPoint {
  step: number;
  loss: number;
  smoothed: number;
}

/**
 * Per-batch training loss with TensorBoard-style exponential smoothing (debiased, so early points are not
 * dragged towards zero), thinned to at most `maxPoints` so long runs keep the chart cheap.
 */
export function smoothedBatchLoss(batches: BatchRecord[], weight = 0.9, maxPoints = 400): SmoothedPoint[] {
  const out: SmoothedPoint[] = [];
  const every = Math.max(1, Math.ceil(batches.length / maxPoints));
  let ema = 0;
  let i = 0;
  for (const b of batches) {
    i++;
    ema = weight * ema + (1 - weight) * b.loss;
    const smoothed = ema / (1 - weight ** i);
    if (i % every === 0 || i === batches.length) out.push({ step: b.step, loss: b.loss, smoothed });
  }
  return out;
}

export const isTraining = (s: LabState): boolean => s.run.status === 'training';

/** The built-in preset the settings equal exactly, if any (derived, so editing a field leaves the preset). */
export function activePresetId(settings: Settings): string | null {
  const query = encodeSettings(settings);
  const match = PRESETS.find((p) => encodeSettings({ ...defaultSettings(), ...p.settings }) === query);
  return match ? match.id : null;
}

/** Slices handed out so far, per recorded history: the same (history, count) gives the same array (memoised charts). */
const visibleCache = new WeakMap<EpochRecord[], Map<number, EpochRecord[]>>();

/**
 * The epochs a chart shows: all of them, or during a replay the first `shown`. Derived from the recorded
 * history (never copied into the store), and the same array for the same arguments.
 */
export function visibleEpochs(history: EpochRecord[], shown: number | null): EpochRecord[] {
  if (shown === null || shown >= history.length) return history;
  let byCount = visibleCache.get(history);
  if (!byCount) visibleCache.set(history, (byCount = new Map()));
  let slice = byCount.get(shown);
  if (!slice) byCount.set(shown, (slice = history.slice(0, Math.max(0, shown))));
  return slice;
}
