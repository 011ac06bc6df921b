import { create } from 'zustand';
import type { ModelSummary } from '../core/model/summary';
import { defaultSettings, type Settings } from '../core/preset/schema';
import type { TestResult } from '../core/train/test-result';
import type { BatchRecord, EpochRecord } from '../core/train/types';
import type { RunPhase } from '../worker/protocol';

export type RunStatus = 'idle' | 'training' | 'done' | 'stopped' | 'error';

export interface RunState {
  id: string | null;
  status: RunStatus;
  phase: RunPhase | null;
  /** The settings the run was started with (the UI may change meanwhile). */
  settings: Settings | null;
  backend: string | null;
  backendNotice: string | null;
  summary: ModelSummary | null;
  counts: { train: number; val: number; test: number } | null;
  noisyLabels: number;
  history: EpochRecord[];
  batches: BatchRecord[];
  test: TestResult | null;
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

export interface LabState {
  settings: Settings;
  /** Problems found in the URL the page was opened with. */
  urlNotices: string[];
  run: RunState;
}

export const idleRun = (): RunState => ({
  id: null,
  status: 'idle',
  phase: null,
  settings: null,
  backend: null,
  backendNotice: null,
  summary: null,
  counts: null,
  noisyLabels: 0,
  history: [],
  batches: [],
  test: null,
  error: null,
  startedAt: null,
  endedAt: null,
});

export const initialLabState = (): LabState => ({
  settings: defaultSettings(),
  urlNotices: [],
  run: idleRun(),
});

/** The one store. Actions live in ./actions and can be called from anywhere, React or not. */
export const useLab = create<LabState>()(() => initialLabState());
