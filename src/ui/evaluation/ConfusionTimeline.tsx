import { useEffect, useId, useState } from 'react';
import { ConfusionMatrix } from './ConfusionMatrix';
import './evaluation.css';

interface Props {
  history: { epoch: number; val_confusion: number[][] | null }[];
  classNames: string[];
}

/** Fast enough to see confusions move, slow enough to read a projector. */
const PLAY_MS = 700;

/**
 * Replays the validation confusion matrix epoch by epoch with a slider (arrow keys step one epoch, Home/End jump),
 * so one can watch which confusions resolve early and which never do. While training runs the slider follows the
 * newest epoch until it is moved; moving it back to the end follows again. The matrix inside uses its own test ids,
 * leaving confusion-matrix / cm-cell to the test-split matrix.
 */
export function ConfusionTimeline({ history, classNames }: Props) {
  const frames = history.filter((h): h is { epoch: number; val_confusion: number[][] } => h.val_confusion !== null);
  const [picked, setPicked] = useState<number | null>(null); // index into frames; null = follow the newest
  const [playing, setPlaying] = useState(false);
  const id = useId();
  const last = frames.length - 1;
  const pos = picked === null ? last : Math.min(picked, last);

  // One step per tick; reaching the newest epoch ends the replay (and goes back to following it).
  useEffect(() => {
    if (!playing) return;
    if (pos >= last) {
      setPlaying(false);
      return;
    }
    const timer = window.setTimeout(() => setPicked(pos + 1 >= last ? null : pos + 1), PLAY_MS);
    return () => window.clearTimeout(timer);
  }, [playing, pos, last]);

  if (frames.length === 0) {
    return (
      <p className="muted">The confusion timeline needs a validation split: each epoch's validation confusion matrix is replayed here.</p>
    );
  }

  const frame = frames[pos];
  const total = frame.val_confusion.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const correct = frame.val_confusion.reduce((s, row, i) => s + (row[i] ?? 0), 0);
  const setPos = (p: number) => setPicked(p >= last ? null : p);

  return (
    <div className="cm-timeline">
      <div className="timeline-controls">
        <label htmlFor={id}>
          Epoch <strong>{frame.epoch}</strong> of {frames[last].epoch}
        </label>
        <input
          id={id}
          type="range"
          min={0}
          max={last}
          step={1}
          value={pos}
          disabled={last === 0}
          onChange={(e) => {
            setPlaying(false);
            setPos(Number(e.target.value));
          }}
          aria-valuetext={`epoch ${frame.epoch}`}
          data-testid="cm-timeline"
          data-epoch={frame.epoch}
        />
        <button
          type="button"
          disabled={last === 0}
          aria-pressed={playing}
          onClick={() => {
            if (!playing && pos >= last) setPicked(0); // replay from the first epoch
            setPlaying(!playing);
          }}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <span className="muted">validation accuracy {total ? (correct / total).toFixed(3) : 'n/a'}</span>
      </div>
      <ConfusionMatrix matrix={frame.val_confusion} classNames={classNames} testIdPrefix="cmt" />
    </div>
  );
}
