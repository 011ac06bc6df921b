import type * as tf from '@tensorflow/tfjs';
import { decisionGrid } from '../core/analysis/boundary';
import { explain } from '../core/analysis/explain';
import { predictOne } from '../core/analysis/predict';
import { robustnessSweep } from '../core/analysis/robustness';
import { modelArtifacts } from '../core/efficiency/export';
import { efficiencyReport } from '../core/efficiency/report';
import type { AnalysisRequest, AnalysisResult } from '../core/analysis/types';
import { featureSize } from '../core/types';
import { classifyInput, insideOfTest } from './inside';
import type { SplitArrays } from '../core/train/types';
import { exportForPytorch, type RunForExport } from './pytorch-export';

/**
 * The model a finished run leaves behind, with the test split it was scored on, so the evaluation views can
 * ask follow-up questions (robustness sweeps, explanations) without retraining. The trainer keeps one: the
 * next run disposes it.
 */
export interface TrainedSession {
  runId: string;
  model: tf.LayersModel;
  test: SplitArrays;
  shape: number[];
  seed: number;
  /** The run's settings, splits and outcome, for the PyTorch export; absent for sessions made without them. */
  run?: RunForExport;
}

export interface AnalysisHost {
  shouldStop?: () => boolean;
  yieldControl?: () => Promise<void>;
}

export async function analyse(session: TrainedSession, request: AnalysisRequest, host: AnalysisHost = {}): Promise<AnalysisResult> {
  const { model, test, shape, seed } = session;
  if (request.kind === 'robustness') {
    const curve = await robustnessSweep(model, test, shape, request.perturbation, request.strengths, seed, host);
    return { kind: 'robustness', curve };
  }
  if (request.kind === 'efficiency') {
    return { kind: 'efficiency', report: await efficiencyReport(model, test, shape, undefined, host) };
  }
  if (request.kind === 'export') {
    return { kind: 'export', artifacts: await modelArtifacts(model, request.precision, `fitlab-${session.runId}-${request.precision}`) };
  }
  if (request.kind === 'predict') return { kind: 'predict', outputs: await predictOne(model, request.inputs, shape) };
  if (request.kind === 'pytorch') {
    if (!session.run) throw new Error('This model has no run to export for PyTorch: train again.');
    return exportForPytorch(model, session.run, test, shape, request.runJson, request.includeData ?? true);
  }
  if (request.kind === 'inside') return { kind: 'inside', snapshot: await insideOfTest(model, test, shape, request.testIndex) };
  if (request.kind === 'classify') return { kind: 'classify', explanation: await classifyInput(model, request.input, shape) };
  const i = request.testIndex;
  if (i < 0 || i >= test.count) throw new Error(`No test example ${i}: the test split has ${test.count}.`);
  const size = featureSize(shape);
  const image = test.x.slice(i * size, (i + 1) * size);
  const explanation = await explain(model, image, shape, i, request.classIndex);
  return { kind: 'explain', explanation };
}

/** The decision-boundary grid, for models of 2-D points only. */
export async function boundaryFor(model: tf.LayersModel, shape: number[]) {
  return shape.length === 1 && shape[0] === 2 ? await decisionGrid(model) : null;
}

export function disposeSession(session: TrainedSession | null): void {
  session?.model.dispose();
}

export interface SessionKeeper {
  /** Keeps `next` (or nothing) as the current session; the old one is freed once no analysis uses it. */
  replace(next: TrainedSession | null): void;
  /** Whether the kept session is the one of `runId`. */
  holds(runId: string): boolean;
  /** Runs an analysis on the session of `runId`; a replaced session stops its analysis at the next batch. */
  analyse(runId: string, request: AnalysisRequest, yieldControl?: () => Promise<void>): Promise<AnalysisResult>;
}

/**
 * Owns the kept session where the runs happen (the worker, or the main thread after a fallback). A new run
 * replaces the session while a robustness sweep may still be reading the old model, so disposal waits for
 * the analyses in flight, and those stop early because their session is no longer current.
 */
export function createSessionKeeper(): SessionKeeper {
  let current: TrainedSession | null = null;
  const inFlight = new Map<TrainedSession, number>();
  const retired = new Set<TrainedSession>();
  const release = (s: TrainedSession) => {
    if ((inFlight.get(s) ?? 0) > 0) retired.add(s);
    else disposeSession(s);
  };
  return {
    replace(next) {
      if (current && current !== next) release(current);
      current = next;
    },
    holds: (runId) => current?.runId === runId,
    async analyse(runId, request, yieldControl) {
      const s = current;
      if (!s || s.runId !== runId) throw new Error('That run’s model is no longer in memory: train again to analyse it.');
      inFlight.set(s, (inFlight.get(s) ?? 0) + 1);
      try {
        return await analyse(s, request, { shouldStop: () => current !== s, yieldControl });
      } finally {
        const left = (inFlight.get(s) ?? 1) - 1;
        if (left > 0) inFlight.set(s, left);
        else {
          inFlight.delete(s);
          if (retired.delete(s)) disposeSession(s);
        }
      }
    },
  };
}
