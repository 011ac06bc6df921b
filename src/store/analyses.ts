import type { AnalysisResult, Explanation, PerturbationKind } from '../core/analysis/types';
import { defaultStrengths } from '../core/analysis/perturbations';
import type { ModelArtifacts, WeightPrecision } from '../core/efficiency/types';
import { userMessage } from '../core/errors/user-message';
import type { TrainerClient } from '../worker/client';
import { startedTrainer } from './actions';
import { useLab, type AnalysisState, type EvalTab } from './lab';

/**
 * The questions asked of the model a finished run left in the trainer: robustness curves, explanations,
 * size and speed, exports (TF.js, PyTorch) and what-if predictions. Each answer lands in the lab's
 * `analysis` state only while its run is still the current one.
 */
function patchAnalysis(runId: string, patch: Partial<AnalysisState>): void {
  useLab.setState((s) => (s.run.id === runId ? { analysis: { ...s.analysis, ...patch } } : s));
}

/**
 * The trainer and the current run when that run has ended with a model to ask ('classification': and it is
 * a classifier, as the class-scoring analyses need); null otherwise.
 */
function askable(task: 'classification' | 'any'): { client: TrainerClient; runId: string } | null {
  const client = startedTrainer();
  const { run } = useLab.getState();
  if (!client || !run.id || !run.test || run.status === 'training') return null;
  if (task === 'classification' && run.test.task !== 'classification') return null;
  return { client, runId: run.id };
}

/** The current run's held-out accuracy as one transformation of the test inputs grows stronger. */
export async function runRobustness(kind: PerturbationKind): Promise<void> {
  const asked = askable('classification');
  if (!asked || useLab.getState().analysis.robustnessRunning) return;
  const { client, runId } = asked;
  patchAnalysis(runId, { robustnessRunning: kind, robustnessError: null });
  try {
    const strengths = defaultStrengths(kind, useLab.getState().run.inputShape ?? []);
    const result = await client.analyse(runId, { kind: 'robustness', perturbation: kind, strengths });
    if (result.kind === 'robustness') {
      patchAnalysis(runId, { robustness: { ...useLab.getState().analysis.robustness, [kind]: result.curve } });
    }
  } catch (err) {
    patchAnalysis(runId, { robustnessError: userMessage(err, 'analysis') });
  } finally {
    patchAnalysis(runId, { robustnessRunning: null });
  }
}

/** Saliency and Grad-CAM for one test example (its position in the test split). */
export async function explainExample(testIndex: number): Promise<void> {
  const asked = askable('classification');
  if (!asked) return;
  const { client, runId } = asked;
  const request = { testIndex, explanation: null, error: null };
  patchAnalysis(runId, { explain: request });
  // A later click wins: an answer lands only while its own request is still the one shown.
  const settle = (patch: { explanation: Explanation } | { error: string }) => {
    if (useLab.getState().analysis.explain === request) patchAnalysis(runId, { explain: { ...request, ...patch } });
  };
  try {
    const result = await client.analyse(runId, { kind: 'explain', testIndex });
    if (result.kind === 'explain') settle({ explanation: result.explanation });
  } catch (err) {
    settle({ error: userMessage(err, 'analysis') });
  }
}

export function setEvalTab(evalTab: EvalTab): void {
  useLab.setState((s) => ({ view: { ...s.view, evalTab } }));
}

/** Selects a confusion-matrix cell (or clears it) and shows its examples. */
export function selectCell(cell: { row: number; col: number } | null): void {
  useLab.setState((s) => ({ view: { ...s.view, selectedCell: cell, evalTab: cell ? 'examples' : s.view.evalTab } }));
}

/** Size, latency, quantised and pruned accuracy of the current run's model, measured where it trained. */
export async function measureEfficiency(): Promise<void> {
  const asked = askable('classification');
  if (!asked || useLab.getState().analysis.efficiencyRunning) return;
  const { client, runId } = asked;
  patchAnalysis(runId, { efficiencyRunning: true, efficiencyError: null });
  try {
    const result = await client.analyse(runId, { kind: 'efficiency' });
    if (result.kind === 'efficiency') patchAnalysis(runId, { efficiency: result.report });
  } catch (err) {
    patchAnalysis(runId, { efficiencyError: userMessage(err, 'analysis') });
  } finally {
    patchAnalysis(runId, { efficiencyRunning: false });
  }
}

/** The current run's model files (model.json and weights) at a precision; null when there is none. */
export async function exportModel(precision: WeightPrecision): Promise<ModelArtifacts | null> {
  const asked = askable('classification');
  if (!asked || useLab.getState().analysis.exporting) return null;
  const { client, runId } = asked;
  patchAnalysis(runId, { exporting: precision, efficiencyError: null });
  try {
    const result = await client.analyse(runId, { kind: 'export', precision });
    return result.kind === 'export' ? result.artifacts : null;
  } catch (err) {
    patchAnalysis(runId, { efficiencyError: userMessage(err, 'analysis') });
    return null;
  } finally {
    patchAnalysis(runId, { exporting: null });
  }
}

/** The current run's model output for one input row (a what-if question); rejects when there is no model to ask. */
export async function predictRow(inputs: number[]): Promise<number[]> {
  const asked = askable('any');
  if (!asked) throw new Error('Train a model first: its prediction shows here.');
  const result = await asked.client.analyse(asked.runId, { kind: 'predict', inputs });
  if (result.kind !== 'predict') throw new Error('The trainer answered a different question.');
  return result.outputs;
}

/**
 * The current run as a PyTorch project (src/core/export/pytorch), zipped where the run trained: its model,
 * splits and settings are there. `runJson` is the run's Export metrics file; `includeData: false` leaves
 * data.npz out. Throws a message to show.
 */
export async function exportPytorch(runJson: string, includeData = true): Promise<Extract<AnalysisResult, { kind: 'pytorch' }>> {
  const asked = askable('any');
  if (!asked) throw new Error('Train a run first: the export needs its trained model.');
  const result = await asked.client.analyse(asked.runId, { kind: 'pytorch', runJson, includeData });
  if (result.kind !== 'pytorch') throw new Error('The trainer answered with something other than a PyTorch export.');
  return result;
}
