import type { Settings } from '../core/preset/schema';
import { cureById, describeChange, type CureVariant } from '../core/teach/cures';
import { setSettings } from './actions';
import { useLab, type RunState } from './lab';
import { defer, idlePair, teachTrainer, useTeach, type PairRun, type PairStatus } from './teach-state';

/** "Train both": run A, then (if A finished) run B, their curves kept for the overlay. */

/**
 * Trains `a`, and when it ends 'done', `b`; their curves are kept for the overlay. Afterwards B's settings stay
 * applied: the form then matches the run the evaluation shows (and the URL reproduces it). Returns false when the
 * trainer is busy or the run did not start.
 */
export function startTrainBoth(a: Settings, b: Settings, labels: [string, string]): boolean {
  if (teachTrainer().busy()) return false;
  const pairRun = (label: string, settings: Settings): PairRun => ({
    label,
    settings,
    runId: null,
    status: null,
    history: [],
    score: null,
  });
  setSettings(structuredClone(a));
  teachTrainer().start();
  const run = useLab.getState().run;
  if (run.status !== 'training' || !run.id) {
    useTeach.setState({ pair: { ...idlePair(), status: 'error', message: 'Run A did not start.' } });
    return false;
  }
  useTeach.setState({
    pair: {
      status: 'a',
      a: { ...pairRun(`A, ${labels[0]}`, a), runId: run.id, status: 'training' },
      b: pairRun(`B, ${labels[1]}`, b),
      message: null,
    },
  });
  return true;
}

/** The current settings, then the same with a cure switched on. */
export function startCureComparison(variant: CureVariant): boolean {
  const cure = cureById(variant);
  const base = useLab.getState().settings;
  if (cure.unavailable(base)) return false;
  const patch = cure.patch(base);
  const name = cure.label.replace(/^with /, '');
  return startTrainBoth(base, { ...base, ...patch }, [`without ${name}`, `with ${name} (${describeChange(base, patch)})`]);
}

/** Stops the pair: the running run stops, and B never starts. */
export function stopTrainBoth(): void {
  const { pair } = useTeach.getState();
  if (pair.status !== 'a' && pair.status !== 'b') return;
  useTeach.setState({
    pair: { ...pair, status: 'stopped', message: pair.status === 'a' ? 'Stopped before run B.' : 'Run B was stopped.' },
  });
  teachTrainer().stop();
}

export function setVariant(variant: CureVariant): void {
  useTeach.setState({ variant });
}

/** Back to A's settings (B's stay applied after a pair). */
export function restorePairA(): void {
  const { pair } = useTeach.getState();
  if (pair.a && !teachTrainer().busy()) setSettings(structuredClone(pair.a.settings));
}

export function clearPair(): void {
  const { pair } = useTeach.getState();
  if (pair.status !== 'a' && pair.status !== 'b') useTeach.setState({ pair: idlePair() });
}

const scoreOf = (run: RunState): number | null =>
  run.test ? (run.test.task === 'classification' ? run.test.accuracy : run.test.metrics.r2) : null;

/**
 * A run left 'training': moves the pair on. Returns whether it was run A of a pair (its outcome is not a lesson
 * step's: B's is).
 */
export function pairRunEnded(run: RunState): boolean {
  const { pair } = useTeach.getState();
  const ended = (p: PairRun): PairRun => ({ ...p, status: run.status, history: run.history, score: scoreOf(run) });
  let partOfPairA = false;
  if (pair.a && pair.a.runId === run.id) {
    partOfPairA = true;
    if (pair.status !== 'a') {
      // Stopped through stopTrainBoth: keep A's curves, nothing more to run.
      useTeach.setState({ pair: { ...pair, a: ended(pair.a) } });
    } else if (run.status === 'done' && pair.b) {
      const a = ended(pair.a);
      const b = pair.b;
      useTeach.setState({ pair: { ...pair, a } });
      defer(() => startPairB(b));
    } else {
      const message =
        run.status === 'stopped' ? 'Stopped before run B.' : `Run A failed${run.error ? `: ${run.error}` : ''}; run B was not started.`;
      useTeach.setState({ pair: { ...pair, status: run.status === 'stopped' ? 'stopped' : 'error', a: ended(pair.a), message } });
    }
  } else if (pair.b && pair.b.runId === run.id) {
    const status: PairStatus = run.status === 'done' ? 'done' : run.status === 'stopped' ? 'stopped' : 'error';
    useTeach.setState({ pair: { ...pair, status: pair.status === 'stopped' ? 'stopped' : status, b: ended(pair.b) } });
  }
  return partOfPairA;
}

function startPairB(b: PairRun): void {
  const { pair } = useTeach.getState();
  if (pair.status !== 'a') return; // stopped meanwhile
  if (teachTrainer().busy()) {
    useTeach.setState({ pair: { ...pair, status: 'error', message: 'The trainer was busy: run B was not started.' } });
    return;
  }
  setSettings(structuredClone(b.settings));
  teachTrainer().start();
  const run = useLab.getState().run;
  if (run.status !== 'training' || !run.id || run.id === pair.a?.runId) {
    useTeach.setState({ pair: { ...pair, status: 'error', message: 'Run B did not start.' } });
    return;
  }
  const runSteps = pair.step !== undefined ? { ...useTeach.getState().runSteps, [run.id]: pair.step } : useTeach.getState().runSteps;
  useTeach.setState({ pair: { ...pair, status: 'b', b: { ...b, runId: run.id, status: 'training' } }, runSteps });
}
