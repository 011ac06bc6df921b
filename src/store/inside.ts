import { create } from 'zustand';
import type { Explanation } from '../core/analysis/types';
import type { InsideSnapshot } from '../core/inside/types';
import type { FromTrainer } from '../worker/protocol';
import { onInsideEvent, trainer } from './trainer';
import { useLab } from './lab';

/**
 * The Inside view: which test example it looks through, what the model made of it (after the latest epoch
 * while training, or from the finished model), and the user's own input (drawn, dropped or pasted) with its
 * prediction. Answers of an older request or run never overwrite a newer one.
 */
export interface InsideState {
  /** Position in the test split; null until the view picks one. */
  testIndex: number | null;
  snapshot: InsideSnapshot | null;
  /** The epoch the snapshot follows while training; null for the finished model. */
  epoch: number | null;
  /** The run the snapshot belongs to. */
  runId: string | null;
  loading: boolean;
  error: string | null;
  own: OwnInput | null;
}

export interface OwnInput {
  /** The model's input, HWC in [0, 1], exactly as it was sent. */
  input: number[];
  /**
   * The latest answer and the input it explains: while the next stroke's answer is on its way, the bars
   * and saliency keep showing the previous one instead of flickering away.
   */
  answer: { input: number[]; explanation: Explanation } | null;
  error: string | null;
}

export const useInside = create<InsideState>()(() => ({
  testIndex: null,
  snapshot: null,
  epoch: null,
  runId: null,
  loading: false,
  error: null,
  own: null,
}));

/** A live snapshot from the run in progress (routed here by the trainer's event handler). */
function receiveInside(e: Extract<FromTrainer, { type: 'inside' }>): void {
  if (e.runId !== useLab.getState().run.id || e.snapshot.testIndex !== useInside.getState().testIndex) return;
  useInside.setState({ snapshot: e.snapshot, epoch: e.epoch, runId: e.runId, loading: false, error: null });
}

onInsideEvent(receiveInside);

/** The view opened on (or switched to) a test example: follow it while training, and ask the model now. */
export function watchExample(testIndex: number): void {
  useInside.setState({ testIndex });
  trainer().watchInside(testIndex);
  void refreshInside();
}

/** The view closed: runs stop computing feature maps. */
export function stopWatching(): void {
  trainer().watchInside(null);
}

/** Whether the current run left a model behind that can be asked (a finished image classifier). */
function askableRun(): string | null {
  const { run } = useLab.getState();
  return run.id && run.status !== 'training' && run.status !== 'idle' && run.task === 'classification' && run.inputShape?.length === 3
    ? run.id
    : null;
}

/** The chosen example through the finished model (a no-op while training: epochs bring their own). */
export async function refreshInside(): Promise<void> {
  const runId = askableRun();
  const testIndex = useInside.getState().testIndex;
  if (!runId || testIndex === null) return;
  useInside.setState({ loading: true, error: null });
  const current = () => useInside.getState().testIndex === testIndex && useLab.getState().run.id === runId;
  try {
    const result = await trainer().analyse(runId, { kind: 'inside', testIndex });
    if (current() && result.kind === 'inside') useInside.setState({ snapshot: result.snapshot, epoch: null, runId, loading: false });
  } catch (err) {
    if (current()) useInside.setState({ loading: false, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Classifies the user's own input (null clears it). The latest input wins when answers overlap. */
export async function classifyOwnInput(input: number[] | null): Promise<void> {
  if (!input) {
    useInside.setState({ own: null });
    return;
  }
  const own: OwnInput = { input, answer: useInside.getState().own?.answer ?? null, error: null };
  useInside.setState({ own });
  const runId = askableRun();
  const settle = (patch: Partial<OwnInput>) => {
    if (useInside.getState().own === own) useInside.setState({ own: { ...own, ...patch } });
  };
  if (!runId) {
    const training = useLab.getState().run.status === 'training';
    settle({
      error: training
        ? 'The prediction for your input follows when this run finishes.'
        : 'Train an image model first: its prediction for your input shows here.',
    });
    return;
  }
  try {
    const result = await trainer().analyse(runId, { kind: 'classify', input });
    if (result.kind === 'classify') settle({ answer: { input, explanation: result.explanation } });
  } catch (err) {
    settle({ error: err instanceof Error ? err.message : String(err) });
  }
}
