import type { EpochRecord } from '../core/train/types';
import { getRuns } from './history-db';
import { useLab, type LabState, type ReplayState } from './lab';

/**
 * Replay: a recorded run played back epoch by epoch at the pace setting (or REPLAY_PACE when that is "as fast
 * as possible"), with a scrubber. No training and no model: the curves, the per-epoch validation confusion
 * matrix and the overfitting detector all read the recorded epochs up to the position (selectors.visibleEpochs),
 * so it works offline, for any run in the history, whatever backend recorded it.
 */

/** Epochs per second when the pace setting is 0: slow enough to follow, a 40-epoch run in 10 s. */
export const REPLAY_PACE = 4;

/** The recorded epochs a replay source refers to; empty when it is gone (a deleted history run). */
export function replayHistory(lab: Pick<LabState, 'run' | 'view'>, source: ReplayState['source']): EpochRecord[] {
  if (source === 'current') return lab.run.history;
  const replay = lab.view.replay;
  return replay?.source === source ? (replay.record?.history ?? []) : [];
}

let timer: ReturnType<typeof setTimeout> | null = null;

function clearTimer(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}

function patchReplay(patch: Partial<ReplayState> | null): void {
  useLab.setState((s) => ({ view: { ...s.view, replay: patch && s.view.replay ? { ...s.view.replay, ...patch } : null } }));
}

/** What can be replayed now: a recorded run (the lab's last, or one from the history) with epochs, while nothing trains. */
export function canReplay(source: ReplayState['source'] = 'current'): boolean {
  const lab = useLab.getState();
  // The curves follow a live run; a replay waits until it ends.
  if (lab.run.status === 'training') return false;
  return replayHistory(lab, source).length > 0;
}

/** Plays a recorded run from epoch 1 (the lab's current run by default). */
export function startReplay(source: ReplayState['source'] = 'current'): void {
  if (!canReplay(source)) return;
  clearTimer();
  useLab.setState((s) => ({ view: { ...s.view, replay: { source, shown: 1, playing: true } } }));
  schedule();
}

/** Plays a run from the history: its full record is read first (the history list keeps only summaries). */
export async function startHistoryReplay(id: string): Promise<boolean> {
  if (useLab.getState().run.status === 'training') return false;
  const [record] = await getRuns([id]).catch(() => []);
  if (!record?.history.length || useLab.getState().run.status === 'training') return false;
  clearTimer();
  useLab.setState((s) => ({ view: { ...s.view, replay: { source: id, record, shown: 1, playing: true } } }));
  schedule();
  return true;
}

/** `r`: replay the current run, or while one plays, start it over. */
export function replayShortcut(): void {
  startReplay(useLab.getState().view.replay?.source ?? 'current');
}

function paceNow(): number {
  const pace = useLab.getState().settings.pace;
  return pace > 0 ? pace : REPLAY_PACE;
}

function schedule(): void {
  clearTimer();
  const replay = useLab.getState().view.replay;
  if (!replay?.playing) return;
  timer = setTimeout(advance, 1000 / paceNow());
}

function advance(): void {
  timer = null;
  const lab = useLab.getState();
  const replay = lab.view.replay;
  if (!replay?.playing) return;
  const total = replayHistory(lab, replay.source).length;
  const shown = Math.min(total, replay.shown + 1);
  patchReplay({ shown, playing: shown < total });
  schedule();
}

/** The scrubber: show epochs 1 … `epoch` (clamped to the record); it pauses playback. */
export function seekReplay(epoch: number): void {
  const lab = useLab.getState();
  const replay = lab.view.replay;
  if (!replay) return;
  const total = replayHistory(lab, replay.source).length;
  clearTimer();
  patchReplay({ shown: Math.max(1, Math.min(total, Math.round(epoch))), playing: false });
}

/** Play from where the scrubber is (from epoch 1 again at the end), or pause. */
export function toggleReplayPlaying(): void {
  const lab = useLab.getState();
  const replay = lab.view.replay;
  if (!replay) return;
  if (replay.playing) {
    clearTimer();
    patchReplay({ playing: false });
    return;
  }
  const total = replayHistory(lab, replay.source).length;
  patchReplay({ playing: true, shown: replay.shown >= total ? 1 : replay.shown });
  schedule();
}

/** Back to the run as it is. */
export function closeReplay(): void {
  clearTimer();
  patchReplay(null);
}
