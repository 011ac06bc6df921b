import {
  calibrationCandidates,
  calibrationKey,
  describeChoice,
  fastest,
  hasHardwareGpu,
  hasHardwareWebgpu,
  softwareAccelerators,
  type BackendChoice,
  type BackendProbe,
  type BackendTiming,
  type CalibrationCache,
  type TrainingBackend,
} from '../core/backends/choice';
import type { Settings } from '../core/preset/schema';
import type { SplitArrays } from '../core/train/types';
import { startBackend } from './backend';
import { matmulGflops, timeModel, type CalibrationModel } from './calibrate';
import { probeBackends } from './probe';

export interface ResolvedBackend {
  backend: TrainingBackend;
  choice: BackendChoice;
  /** Set when a calibration ran (or was reused): the key to remember it under. */
  calibrationKey?: string;
  /** Something the user should know: a fallback, or why the choice was made. */
  notice?: string;
}

/** Calibrations measured in this worker, so a second run of the same model does not measure again. */
const sessionCache: CalibrationCache = {};

/**
 * The backend a run trains on. An explicit setting is obeyed (falling back, with a notice, only when it
 * cannot start); 'auto' takes WebGL on a hardware GPU without WebGPU, and otherwise times the run's model on
 * each viable backend and takes the fastest, reusing an earlier measurement of the same model on this device.
 * Null when nothing worth training on started (the caller decides: main-thread retry or cpu).
 */
export async function resolveBackend(
  pref: Settings['backend'],
  model: CalibrationModel & { signature: unknown },
  train: SplitArrays,
  cached: CalibrationCache,
  probed?: BackendProbe,
): Promise<ResolvedBackend | null> {
  if (pref !== 'auto') {
    if (await startBackend(pref)) return { backend: pref, choice: { backend: pref, reason: 'user', timings: [] } };
    return null;
  }
  const probe = probed ?? (await probeBackends());
  if (hasHardwareGpu(probe) && !hasHardwareWebgpu(probe) && (await startBackend('webgl'))) {
    return { backend: 'webgl', choice: { backend: 'webgl', reason: 'gpu', timings: [] } };
  }
  const candidates = calibrationCandidates(probe);
  const key = calibrationKey(probe, { ...(model.signature as object), batch: model.batchSize });
  const remembered = sessionCache[key] ?? cached[key];
  const pick = remembered ? fastest(remembered) : null;
  if (remembered && pick && (await startBackend(pick.backend))) {
    const choice: BackendChoice = { backend: pick.backend, reason: 'cached', timings: remembered };
    return { backend: pick.backend, choice, calibrationKey: key, notice: describeChoice(choice) };
  }
  if (candidates.length === 1) {
    const only = candidates[0];
    if (await startBackend(only)) return { backend: only, choice: { backend: only, reason: 'only', timings: [] } };
    return null;
  }
  const t0 = performance.now();
  const timings = await measure(candidates, probe, model, train);
  const best = fastest(timings);
  if (!best || !(await startBackend(best.backend))) return null;
  sessionCache[key] = timings;
  const choice: BackendChoice = { backend: best.backend, reason: 'measured', timings, calibrationMs: performance.now() - t0 };
  return { backend: best.backend, choice, calibrationKey: key, notice: describeChoice(choice) };
}

/**
 * Times the model on each candidate. A GPU backend on a CPU rasteriser (SwiftShader) takes seconds just to
 * compile the model's kernels, so it is first compared with the CPU-side backend on a one-program matrix
 * multiply: if it loses there, its model figure is estimated from that ratio instead of timed; if it wins,
 * it is timed on the model like the others. So a software adapter never wins without being measured.
 */
async function measure(
  candidates: TrainingBackend[],
  probe: BackendProbe,
  model: CalibrationModel,
  train: SplitArrays,
): Promise<BackendTiming[]> {
  const emulated = softwareAccelerators(probe);
  const base = candidates.find((b) => b === 'wasm' || b === 'cpu');
  const baseTiming = base ? await timeModel(base, model, train) : null;
  const timings: BackendTiming[] = baseTiming ? [baseTiming] : [];
  const baseRate = emulated.length > 0 && base && baseTiming && !baseTiming.error ? await matmulGflops(base) : 0;
  for (const backend of candidates) {
    if (backend === base) continue;
    if (baseTiming && baseRate > 0 && emulated.includes(backend)) {
      const ratio = (await matmulGflops(backend)) / baseRate;
      if (ratio > 0 && ratio < 1) {
        timings.push({ backend, samplesPerSec: baseTiming.samplesPerSec * ratio, warmupMs: 0, estimated: true });
        continue;
      }
    }
    timings.push(await timeModel(backend, model, train));
  }
  return timings;
}
