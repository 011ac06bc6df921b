import { useEffect, useId } from 'react';
import { pauseRun, resumeRun, setPace, stepRun, togglePause } from '../../store/actions';
import { useLab } from '../../store/lab';
import { REPLAY_PACE, closeReplay, replayShortcut, seekReplay, startReplay, toggleReplayPlaying } from '../../store/replay';
import { hiddenKeysOf, useTeach } from '../../store/teach';
import { useVisibleRun } from './useVisibleRun';
import './playback.css';

/** The pace choices (epochs per second); a link may carry any other value in range, which is offered too. */
const PACES = [0, 0.5, 1, 2, 4, 10];

const paceLabel = (p: number) => (p === 0 ? 'As fast as possible' : `${p} epoch${p === 1 ? '' : 's'} / s`);

/** Keys that belong to a field: typing there never pauses a run. */
function inField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA';
}

/** Space pauses / resumes (a replay when no run trains), `.` steps one epoch, `r` replays; not while typing. */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || inField(e.target)) return;
      const lab = useLab.getState();
      const training = lab.run.status === 'training';
      if (e.key === ' ') {
        if (training) togglePause();
        else if (lab.view.replay) toggleReplayPlaying();
        else return;
      } else if (e.key === '.') {
        if (lab.experiment.status === 'training') return;
        stepRun();
      } else if (e.key === 'r' || e.key === 'R') {
        if (training) return;
        replayShortcut();
      } else {
        return;
      }
      // Space would otherwise scroll the page or press the focused button a second time.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Pause / Resume, Step, the pace, and Replay with its scrubber: inside the run controls, so they go where those go. */
export function PlaybackControls() {
  useShortcuts();
  const run = useLab((s) => s.run);
  const experimenting = useLab((s) => s.experiment.status === 'training');
  const training = run.status === 'training';
  const holding = run.pauseRequested;
  return (
    <div className="playback" role="group" aria-label="Playback">
      <button
        type="button"
        data-testid="train-pause"
        onClick={holding ? resumeRun : pauseRun}
        disabled={!training}
        aria-pressed={holding}
        title={holding ? 'Resume training (Space)' : 'Pause between batches; Stop still ends the run (Space)'}
        aria-keyshortcuts="Space"
      >
        {holding ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <button
        type="button"
        data-testid="train-step"
        onClick={stepRun}
        disabled={experimenting}
        title="Train exactly one more epoch, then pause (.)"
        aria-keyshortcuts="."
      >
        ⇥ Step
      </button>
      <PaceSelect />
      <ReplayControls training={training} />
    </div>
  );
}

function PaceSelect() {
  const pace = useLab((s) => s.settings.pace);
  const hidden = useTeach((t) => hiddenKeysOf(t.query).has('pace'));
  const id = useId();
  if (hidden) return null;
  const options = PACES.includes(pace) ? PACES : [...PACES, pace].sort((a, b) => a - b);
  return (
    <span className="pace-field">
      <label htmlFor={id}>Pace</label>
      <select
        id={id}
        data-testid="pace"
        value={String(pace)}
        onChange={(e) => setPace(Number(e.target.value))}
        title="How fast the curves advance (and the speed of a replay). The numbers are the same at any pace."
      >
        {options.map((p) => (
          <option key={p} value={String(p)}>
            {paceLabel(p)}
          </option>
        ))}
      </select>
    </span>
  );
}

function ReplayControls({ training }: { training: boolean }) {
  const { replay, record, total, history } = useVisibleRun();
  const runEpochs = useLab((s) => s.run.history.length);
  const pace = useLab((s) => s.settings.pace);
  const id = useId();
  const shown = history.length;
  return (
    <>
      <button
        type="button"
        data-testid="replay"
        onClick={() => startReplay('current')}
        disabled={training || runEpochs === 0}
        title={`Play this run back from epoch 1 at ${pace > 0 ? paceLabel(pace) : `${REPLAY_PACE} epochs / s`}, without training (r)`}
        aria-keyshortcuts="r"
      >
        ⟲ Replay
      </button>
      {replay && (
        <div className="replay-bar" data-testid="replay-bar" data-epoch={shown} data-total={total} data-playing={replay.playing}>
          <label htmlFor={id}>
            {record ? `Replaying “${record.name}”` : 'Replay'}: epoch <strong>{shown}</strong> of {total}
          </label>
          <input
            id={id}
            type="range"
            data-testid="replay-scrubber"
            min={1}
            max={Math.max(1, total)}
            step={1}
            value={shown}
            aria-valuetext={`epoch ${shown} of ${total}`}
            onChange={(e) => seekReplay(Number(e.target.value))}
          />
          <button
            type="button"
            data-testid="replay-play"
            onClick={toggleReplayPlaying}
            disabled={total === 0}
            aria-pressed={replay.playing}
          >
            {replay.playing ? 'Pause replay' : 'Play'}
          </button>
          <button type="button" data-testid="replay-close" onClick={closeReplay}>
            Close replay
          </button>
        </div>
      )}
    </>
  );
}
