import type * as tf from '@tensorflow/tfjs';
import { decisionGrid } from '../core/analysis/boundary';
import { explain } from '../core/analysis/explain';
import { robustnessSweep } from '../core/analysis/robustness';
import type { AnalysisRequest, AnalysisResult } from '../core/analysis/types';
import { featureSize } from '../core/types';
import type { SplitArrays } from '../core/train/types';

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
