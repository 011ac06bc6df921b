import { defaultSettings } from '../../../src/core/preset/schema';
import type { EpochRecord } from '../../../src/core/train/types';
import { initialHistoryState, useHistory } from '../../../src/store/history';
import { idleRun, initialLabState, useLab } from '../../../src/store/lab';

/** A plain epoch record: loss 1/n, accuracy 0.5, no confusion matrix. */
export const epochRecord = (n: number): EpochRecord => ({
  epoch: n,
  loss: 1 / n,
  acc: 0.5,
  val_loss: 1 / n,
  val_acc: 0.5,
  val_confusion: null,
  lr: 0.01,
  ms: 3,
});

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fresh lab and history stores. */
export function resetStores(): void {
  useLab.setState(initialLabState());
  useHistory.setState(initialHistoryState());
}

/** Run `id` training a 10-epoch run of the default settings, as the store holds it after Train. */
export function startTrainingRun(id: string): void {
  useLab.setState({ run: { ...idleRun(), id, status: 'training', settings: { ...defaultSettings(), epochs: 10 }, startedAt: Date.now() } });
}
