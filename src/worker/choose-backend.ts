import {
  calibrationCandidates,
  calibrationKey,
  describeChoice,
  fastest,
  hasHardwareGpu,
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
 * cannot start); 'auto' takes WebGL on a hardware GPU and otherwise times the run's model on each viable
 * backend and takes the fastest, reusing an earlier measurement of the same model on this device.
 * Null when nothing worth training on started (the caller decides: main-thread retry or cpu).
 */
export async function resolveBackend(
  pref: Settings['backend'],
  model: CalibrationModel & { signature: unknown },
  train: SplitArrays,
  cached: CalibrationCache,
  probe: BackendProbe = probeBackends(),
): Promise<ResolvedBackend | null> {
  if (pref !== 'auto') {
    if (await startBackend(pref)) return { backend: pref, choice: { backend: pref, reason: 'user', timings: [] } };
    return null;
  }
  if (hasHardwareGpu(probe) && (await startBackend('webgl'))) {
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
 * Times the model on the CPU-side backend (WASM, else cpu) and on WebGL. On a software WebGL, compiling the
 * model's shaders alone takes seconds, so WebGL is first compared on a one-program matrix-multiply probe:
 * if it loses there, its model figure is estimated from that ratio instead of timed; if it wins, it is timed
 * on the model like the others.
 */
async function measure(candidates: TrainingBackend[], probe: BackendProbe, model: CalibrationModel, train: SplitArrays): Promise<BackendTiming[]> {
  const timings: BackendTiming[] = [];
  const base = candidates.find((b) => b !== 'webgl');
  const baseTiming = base ? await timeModel(base, model, train) : null;
  if (baseTiming) timings.push(baseTiming);
  if (!candidates.includes('webgl')) return timings;
  if (base && baseTiming && !baseTiming.error && probe.webgl.software) {
    const baseRate = await matmulGflops(base);
    const glRate = await matmulGflops('webgl');
    const ratio = baseRate > 0 ? glRate / baseRate : 0;
    if (glRate > 0 && ratio < 1) {
      timings.push({ backend: 'webgl', samplesPerSec: baseTiming.samplesPerSec * ratio, warmupMs: 0, estimated: true });
      return timings;
    }
  }
  timings.push(await timeModel('webgl', model, train));
  return timings;
}
