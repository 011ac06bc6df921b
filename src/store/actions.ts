import { decodeSettings, encodeSettings } from '../core/preset/codec';
import { PRESETS } from '../core/preset/presets';
import { defaultSettings, type Settings } from '../core/preset/schema';
import { createTrainerClient, type TrainerClient } from '../worker/client';
import type { FromTrainer } from '../worker/protocol';
import { idleRun, useLab } from './lab';

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
  useLab.setState({ run: { ...idleRun(), id, status: 'training', phase: 'starting', settings, startedAt: Date.now() } });
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
        return { run: { ...run, summary: e.summary, counts: e.counts, noisyLabels: e.noisyLabels } };
      case 'batches':
        return { run: { ...run, batches: [...run.batches, ...e.records] } };
      case 'epoch':
        return { run: { ...run, history: [...run.history, e.record] } };
      case 'test':
        return { run: { ...run, test: e.result } };
      case 'end':
        return { run: { ...run, status: e.status, phase: null, error: e.message ?? null, endedAt: Date.now() } };
      case 'no-webgl':
        return state;
    }
  });
}
