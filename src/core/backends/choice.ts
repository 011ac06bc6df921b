/**
 * Which TF.js backend trains a run, decided from what this device has and, where that is not enough, by
 * measuring. Pure: the probe and the timings are gathered elsewhere (src/worker/probe.ts, calibrate.ts).
 *
 * Why measure: on a real GPU WebGL wins, but where Chromium has no usable GPU it runs WebGL on a CPU
 * rasteriser (SwiftShader, llvmpipe…), and then WASM is several times faster. The renderer string tells
 * the two apart; timings of the actual model settle the rest.
 */

export const TRAINING_BACKENDS = ['webgl', 'webgpu', 'wasm', 'cpu'] as const;
export type TrainingBackend = (typeof TRAINING_BACKENDS)[number];

export interface BackendProbe {
  webgl: { available: boolean; renderer: string | null; software: boolean };
  wasm: { available: boolean; simd: boolean; threads: boolean; crossOriginIsolated: boolean };
  /** `adapter`: vendor and architecture; `software`: a fallback adapter or a CPU rasteriser (SwiftShader). */
  webgpu: { available: boolean; adapter: string | null; software: boolean };
  cores: number;
}

/** Renderer strings of CPU rasterisers: WebGL on them is emulated, so it is not a GPU. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen|lavapipe/i;

export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && SOFTWARE_RENDERERS.test(renderer);
}

/** True when WebGL runs on a real GPU: then it is the default without measuring, as before. */
export function hasHardwareGpu(p: BackendProbe): boolean {
  return p.webgl.available && !p.webgl.software;
}

/** True when WebGPU has a real GPU adapter: then it is timed against WebGL on the model itself. */
export function hasHardwareWebgpu(p: BackendProbe): boolean {
  return p.webgpu.available && !p.webgpu.software;
}

/** The GPU backends that run on a CPU rasteriser here: timed only after a cheap probe says they might win. */
export function softwareAccelerators(p: BackendProbe): TrainingBackend[] {
  const out: TrainingBackend[] = [];
  if (p.webgl.available && p.webgl.software) out.push('webgl');
  if (p.webgpu.available && p.webgpu.software) out.push('webgpu');
  return out;
}

/**
 * The backends worth timing for 'auto', fastest-likely first. With a hardware GPU only the GPU backends
 * compete. Otherwise the CPU-side backend (WASM; cpu, plain JavaScript, only when WASM is missing, as it
 * loses to WASM everywhere WASM runs) competes with whatever GPU backends emulate one.
 */
export function calibrationCandidates(p: BackendProbe): TrainingBackend[] {
  if (hasHardwareGpu(p) || hasHardwareWebgpu(p)) {
    return (['webgl', 'webgpu'] as const).filter((b) => p[b].available && !p[b].software);
  }
  const out: TrainingBackend[] = [p.wasm.available ? 'wasm' : 'cpu'];
  if (p.webgl.available) out.push('webgl');
  if (p.webgpu.available) out.push('webgpu');
  return out;
}

/** Training throughput measured on one backend; `error` when it could not run the model at all. */
export interface BackendTiming {
  backend: TrainingBackend;
  samplesPerSec: number;
  /** First step: kernel compilation, shader programs, WASM start-up. Reported, not compared. */
  warmupMs: number;
  /**
   * Set when the figure is scaled from another backend's model timing by a quick matrix-multiply probe,
   * instead of timed on the model itself (software WebGL: compiling its shaders alone takes seconds).
   */
  estimated?: boolean;
  error?: string;
}

export interface BackendChoice {
  backend: TrainingBackend;
  /** Why: 'gpu' (hardware WebGL, no measuring), 'measured', 'cached' (measured earlier), 'only' or 'user'. */
  reason: 'gpu' | 'measured' | 'cached' | 'only' | 'user';
  timings: BackendTiming[];
  /** Wall time of the calibration, when one ran. */
  calibrationMs?: number;
}

/** The fastest backend that ran; null when none did. */
export function fastest(timings: readonly BackendTiming[]): BackendTiming | null {
  let best: BackendTiming | null = null;
  for (const t of timings) {
    if (t.error || !(t.samplesPerSec > 0)) continue;
    if (!best || t.samplesPerSec > best.samplesPerSec) best = t;
  }
  return best;
}

const NAMES: Record<TrainingBackend, string> = { webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'WASM', cpu: 'CPU' };

export function backendLabel(b: string): string {
  return NAMES[b as TrainingBackend] ?? b;
}

/** One line for the UI, e.g. "WASM: 3.5× faster than WebGL on this machine (measured in 0.4 s)". */
export function describeChoice(c: BackendChoice): string {
  const name = backendLabel(c.backend);
  if (c.reason === 'gpu') return `${name}: this device has a GPU, so ${name} trains fastest.`;
  if (c.reason === 'user') return `${name}: chosen in the settings.`;
  if (c.reason === 'only') return `${name}: the only backend that starts here.`;
  const chosen = c.timings.find((t) => t.backend === c.backend);
  const others = c.timings.filter((t) => t.backend !== c.backend && !t.error && t.samplesPerSec > 0);
  const runnerUp = others.sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0];
  const when = c.reason === 'cached' ? 'measured earlier for this model' : `measured in ${((c.calibrationMs ?? 0) / 1000).toFixed(1)} s`;
  if (!chosen || !runnerUp) return `${name}: ${when}.`;
  const ratio = chosen.samplesPerSec / runnerUp.samplesPerSec;
  const about = chosen.estimated || runnerUp.estimated ? '~' : '';
  return `${name}: ${about}${ratio.toFixed(1)}× faster than ${backendLabel(runnerUp.backend)} on this machine (${when}).`;
}

/** One line on what the probe found, for the setup panel. */
export function describeProbe(p: BackendProbe): string {
  const parts: string[] = [];
  if (p.webgl.available) {
    parts.push(
      p.webgl.software ? `WebGL (software: ${shortRenderer(p.webgl.renderer)}, no GPU)` : `WebGL (GPU: ${shortRenderer(p.webgl.renderer)})`,
    );
  } else parts.push('no WebGL');
  if (p.wasm.available) {
    const threads = p.wasm.threads
      ? `${p.cores} threads`
      : p.wasm.crossOriginIsolated
        ? '1 thread'
        : '1 thread: threads need a cross-origin-isolated page';
    parts.push(`WASM (${p.wasm.simd ? 'SIMD, ' : ''}${threads})`);
  } else parts.push('no WASM');
  if (p.webgpu.available)
    parts.push(
      p.webgpu.software
        ? `WebGPU (software: ${shortRenderer(p.webgpu.adapter)}, no GPU)`
        : `WebGPU (GPU: ${shortRenderer(p.webgpu.adapter)})`,
    );
  parts.push('CPU');
  const advice =
    hasHardwareGpu(p) && !hasHardwareWebgpu(p)
      ? 'Auto uses WebGL, which is fastest on a GPU.'
      : 'Auto times a few training steps of your model on each and picks the fastest.';
  return `Backends here: ${parts.join(' · ')}. ${advice}`;
}

function shortRenderer(r: string | null): string {
  if (!r) return 'unknown renderer';
  const m = r.match(/SwiftShader|llvmpipe|softpipe|lavapipe|Basic Render/i);
  if (m) return m[0];
  return r.length > 60 ? `${r.slice(0, 57)}…` : r;
}

/**
 * Cache key of a calibration: the device (renderer, cores, WASM features) and what the model costs (input
 * shape, architecture, batch). Same key, same answer, so a second run skips the measuring.
 */
export function calibrationKey(p: BackendProbe, model: unknown): string {
  const device = [p.webgl.renderer ?? '-', p.webgl.software, p.webgpu.adapter ?? '-', p.wasm.simd, p.wasm.threads, p.cores].join('|');
  return `${device}#${JSON.stringify(model)}`;
}

/** Remembered calibrations; the main thread keeps them (localStorage) and sends them with each run. */
export type CalibrationCache = Record<string, BackendTiming[]>;
export const MAX_CACHED_CALIBRATIONS = 40;

/** Validates a cache read from storage or a message; anything malformed is dropped, never trusted. */
export function parseCalibrationCache(v: unknown): CalibrationCache {
  const out: CalibrationCache = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [key, list] of Object.entries(v).slice(-MAX_CACHED_CALIBRATIONS)) {
    if (typeof key !== 'string' || key.length > 2000 || !Array.isArray(list)) continue;
    const timings = list.filter(isTiming);
    if (timings.length === list.length && timings.length > 0) out[key] = timings;
  }
  return out;
}

function isTiming(v: unknown): v is BackendTiming {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return (
    (TRAINING_BACKENDS as readonly unknown[]).includes(t.backend) &&
    typeof t.samplesPerSec === 'number' &&
    Number.isFinite(t.samplesPerSec) &&
    t.samplesPerSec >= 0 &&
    typeof t.warmupMs === 'number' &&
    (t.estimated === undefined || typeof t.estimated === 'boolean') &&
    (t.error === undefined || typeof t.error === 'string')
  );
}

/** Adds one calibration, keeping the newest MAX_CACHED_CALIBRATIONS. */
export function rememberCalibration(cache: CalibrationCache, key: string, timings: BackendTiming[]): CalibrationCache {
  const next = { ...cache };
  delete next[key];
  next[key] = timings;
  const keys = Object.keys(next);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_CACHED_CALIBRATIONS))) delete next[old];
  return next;
}
