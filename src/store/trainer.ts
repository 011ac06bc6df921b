import { createTrainerClient, type TrainerClient } from '../worker/client';
import type { FromTrainer } from '../worker/protocol';
import { useLab } from './lab';
import { loadCalibrations, saveCalibration } from './calibrations';
import { receiveNetworkSnapshot } from './network';
import { receiveRunEvent } from './live-events';
import { applyExperimentEvent } from './experiment-events';
import { keepRunWeights } from './history-checkpoint';

/**
 * The trainer client (one worker, started on first use) and where its events go: the run's into the lab
 * (./live-events.ts), an experiment's into its own state (./experiment-events.ts), live snapshots to the
 * network and Inside views, backend timings to the calibrations.
 */

let client: TrainerClient | null = null;
/** The trainer, created on first use (it starts a worker). */
export function trainer(): TrainerClient {
  client ??= createTrainerClient(handleTrainerEvent, loadCalibrations);
  return client;
}
let runCounter = 0;

/** A new id for a run or an experiment (`run-…`, `exp-…`): unique on this page. */
export function nextRunId(prefix: 'run' | 'exp'): string {
  return `${prefix}-${Date.now().toString(36)}-${++runCounter}`;
}

/** The trainer if one has started (null before the first run): analyses ask only a trainer that trained. */
export function startedTrainer(): TrainerClient | null {
  return client;
}

type InsideEvent = Extract<FromTrainer, { type: 'inside' }>;
/** Set when the Inside view's code loads; its live snapshots go there, not into the run. */
let insideListener: ((e: InsideEvent) => void) | null = null;
export function onInsideEvent(listener: (e: InsideEvent) => void): void {
  insideListener = listener;
}

/** The trainer runs one job at a time: a run or an experiment. */
export function trainerBusy(): boolean {
  const { run, experiment } = useLab.getState();
  return run.status === 'training' || experiment.status === 'training';
}

/** Folds one trainer event into the run it belongs to; events of older runs are ignored. */
export function handleTrainerEvent(e: FromTrainer): void {
  if (e.type === 'backend' && e.calibrationKey && e.choice?.reason === 'measured') saveCalibration(e.calibrationKey, e.choice.timings);
  if (e.type === 'network') {
    receiveNetworkSnapshot(e.runId, e.epoch, e.snapshot, useLab.getState().run.id);
    return;
  }
  // A run's last good weights go to its checkpoint in IndexedDB, not into the lab's state.
  if (e.type === 'weights') {
    keepRunWeights(e);
    return;
  }
  if (e.runId === useLab.getState().experiment.id) {
    applyExperimentEvent(e);
    return;
  }
  if (e.type === 'inside') {
    insideListener?.(e);
    return;
  }
  receiveRunEvent(e);
}

/** The network view is open on screen (or no longer): the trainer computes its snapshots only while it is. */
export function watchNetwork(on: boolean): void {
  trainer().watchNetwork(on);
}

/** Finds out which backends this device's trainer can use, for the setup panel. Never throws. */
export async function probeDevice(): Promise<void> {
  try {
    const probe = await trainer().probe();
    useLab.setState({ device: { probe } });
  } catch {
    // Without a probe the panel just says nothing about backends; runs still choose for themselves.
  }
}
