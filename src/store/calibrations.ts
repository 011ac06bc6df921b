import { parseCalibrationCache, rememberCalibration, type BackendTiming, type CalibrationCache } from '../core/backends/choice';

/**
 * Backend timings measured on this device, per model shape (see src/core/backends/choice.ts). Kept in
 * localStorage so 'auto' measures a model once per device, not once per run or per page load.
 */
const KEY = 'fitlab-backend-calibrations';

export function loadCalibrations(): CalibrationCache {
  try {
    return parseCalibrationCache(JSON.parse(localStorage.getItem(KEY) ?? '{}'));
  } catch {
    return {};
  }
}

export function saveCalibration(key: string, timings: BackendTiming[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(rememberCalibration(loadCalibrations(), key, timings)));
  } catch {
    // Storage full or refused: the next run measures again, nothing else changes.
  }
}
