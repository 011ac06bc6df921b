import { decodeSettings, encodeSettings } from '../core/preset/codec';
import { PRESETS } from '../core/preset/presets';
import { defaultSettings, type Settings } from '../core/preset/schema';
import { createTrainerClient, type TrainerClient } from '../worker/client';
import type { FromTrainer } from '../worker/protocol';
import type { Explanation, PerturbationKind } from '../core/analysis/types';
import type { ModelArtifacts, WeightPrecision } from '../core/efficiency/types';
import { defaultStrengths } from '../core/analysis/robustness';
import { idleAnalysis, idleRun, useLab, type AnalysisState, type EvalTab } from './lab';

let client: TrainerClient | null = null;
let runCounter = 0;

export function setSettings(patch: Partial<Settings>): void {
  useLab.setState((s) => ({ settings: { ...s.settings, ...patch } }));
}

/** Loads the settings a query string describes (the page's URL, or a preset), with its notices. */
export function loadQuery(query: string): void {
  const { settings, notices } = decodeSettings(query);
  useLab.setState({ settings, urlNotices: notices });
}

export function applyPreset(id: string): void {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) return;
  useLab.setState({ settings: { ...defaultSettings(), ...structuredClone(preset.settings) }, urlNotices: [] });
}

export function dismissUrlNotices(): void {
  useLab.setState({ urlNotices: [] });
}

export function startRun(): void {
  const { settings, run } = useLab.getState();
  if (run.status === 'training') return;
  const id = `run-${Date.now().toString(36)}-${++runCounter}`;
  useLab.setState({
    run: { ...idleRun(), id, status: 'training', phase: 'starting', settings, startedAt: Date.now() },
    analysis: idleAnalysis(),
    view: { ...useLab.getState().view, selectedCell: null },
  });
  client ??= createTrainerClient(handleTrainerEvent);
  client.start(id, encodeSettings(settings), settings.worker);
}

export function stopRun(): void {
  const { run } = useLab.getState();
  if (run.status === 'training' && run.id) client?.stop(run.id);
}

/** Folds one trainer event into the run it belongs to; events of older runs are ignored. */
export function handleTrainerEvent(e: FromTrainer): void {
  useLab.setState((state) => {
    const run = state.run;
    if (e.runId !== run.id) return state;
    switch (e.type) {
      case 'backend':
        return { run: { ...run, backend: e.backend, backendNotice: e.notice ?? null } };
      case 'phase':
        return { run: { ...run, phase: e.phase } };
      case 'prepared':
        return { run: { ...run, summary: e.summary, inputShape: e.inputShape, counts: e.counts, noisyLabels: e.noisyLabels } };
      case 'batches':
        return { run: { ...run, batches: [...run.batches, ...e.records] } };
      case 'epoch':
        return { run: { ...run, history: [...run.history, e.record], memory: [...run.memory, e.memory] } };
      case 'test':
        return { run: { ...run, test: e.result } };
      case 'boundary':
        return { run: { ...run, boundary: { epoch: e.epoch, grid: e.grid } } };
      case 'end':
        return { run: { ...run, status: e.status, phase: null, error: e.message ?? null, endedAt: Date.now() } };
      case 'no-webgl':
      case 'analysis':
        return state;
    }
  });
}

function patchAnalysis(runId: string, patch: Partial<AnalysisState>): void {
  useLab.setState((s) => (s.run.id === runId ? { analysis: { ...s.analysis, ...patch } } : s));
}

/** The current run's held-out accuracy as one transformation of the test inputs grows stronger. */
export async function runRobustness(kind: PerturbationKind): Promise<void> {
  const { run, analysis } = useLab.getState();
  if (!client || !run.id || run.test?.task !== 'classification' || run.status === 'training' || analysis.robustnessRunning) return;
  const runId = run.id;
  patchAnalysis(runId, { robustnessRunning: kind, robustnessError: null });
  try {
    const strengths = defaultStrengths(kind, run.inputShape ?? []);
    const result = await client.analyse(runId, { kind: 'robustness', perturbation: kind, strengths });
    if (result.kind === 'robustness') {
      patchAnalysis(runId, { robustness: { ...useLab.getState().analysis.robustness, [kind]: result.curve } });
    }
  } catch (err) {
    patchAnalysis(runId, { robustnessError: err instanceof Error ? err.message : String(err) });
  } finally {
    patchAnalysis(runId, { robustnessRunning: null });
  }
}

/** Saliency and Grad-CAM for one test example (its position in the test split). */
export async function explainExample(testIndex: number): Promise<void> {
  const { run } = useLab.getState();
  if (!client || !run.id || run.test?.task !== 'classification' || run.status === 'training') return;
  const runId = run.id;
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
    settle({ error: err instanceof Error ? err.message : String(err) });
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
  const { run, analysis } = useLab.getState();
  if (!client || !run.id || run.test?.task !== 'classification' || run.status === 'training' || analysis.efficiencyRunning) return;
  const runId = run.id;
  patchAnalysis(runId, { efficiencyRunning: true, efficiencyError: null });
  try {
    const result = await client.analyse(runId, { kind: 'efficiency' });
    if (result.kind === 'efficiency') patchAnalysis(runId, { efficiency: result.report });
  } catch (err) {
    patchAnalysis(runId, { efficiencyError: err instanceof Error ? err.message : String(err) });
  } finally {
    patchAnalysis(runId, { efficiencyRunning: false });
  }
}

/** The current run's model files (model.json and weights) at a precision; null when there is none. */
export async function exportModel(precision: WeightPrecision): Promise<ModelArtifacts | null> {
  const { run, analysis } = useLab.getState();
  if (!client || !run.id || run.test?.task !== 'classification' || run.status === 'training' || analysis.exporting) return null;
  const runId = run.id;
  patchAnalysis(runId, { exporting: precision, efficiencyError: null });
  try {
    const result = await client.analyse(runId, { kind: 'export', precision });
    return result.kind === 'export' ? result.artifacts : null;
  } catch (err) {
    patchAnalysis(runId, { efficiencyError: err instanceof Error ? err.message : String(err) });
    return null;
  } finally {
    patchAnalysis(runId, { exporting: null });
  }
}
