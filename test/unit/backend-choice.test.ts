import { describe, expect, it } from 'vitest';
import {
  calibrationCandidates,
  calibrationKey,
  describeChoice,
  describeProbe,
  fastest,
  hasHardwareGpu,
  hasHardwareWebgpu,
  isSoftwareRenderer,
  MAX_CACHED_CALIBRATIONS,
  parseCalibrationCache,
  rememberCalibration,
  softwareAccelerators,
  type BackendProbe,
  type BackendTiming,
} from '../../src/core/backends/choice';
import { isToTrainer } from '../../src/worker/protocol';

const probe = (
  over: { renderer?: string | null; wasm?: boolean; threads?: boolean; adapter?: string; fallback?: boolean } = {},
): BackendProbe => {
  const renderer =
    over.renderer === undefined ? 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)' : over.renderer;
  const adapter = over.adapter ?? null;
  return {
    webgl: { available: renderer !== null, renderer, software: isSoftwareRenderer(renderer) },
    wasm: { available: over.wasm ?? true, simd: true, threads: over.threads ?? false, crossOriginIsolated: over.threads ?? false },
    webgpu: { available: adapter !== null, adapter, software: over.fallback === true || isSoftwareRenderer(adapter) },
    cores: 2,
  };
};

describe('backend choice', () => {
  it('tells software rasterisers from GPUs by the renderer string', () => {
    for (const r of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Microsoft Basic Render Driver',
      'Mesa softpipe',
    ]) {
      expect(isSoftwareRenderer(r), r).toBe(true);
    }
    for (const r of ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11)', 'Apple M2', 'Mali-G78', 'AMD Radeon Pro 5500M OpenGL Engine']) {
      expect(isSoftwareRenderer(r), r).toBe(false);
    }
    expect(isSoftwareRenderer(null)).toBe(false);
  });

  it('measures only where there is no GPU, and leaves cpu out when WASM runs', () => {
    expect(hasHardwareGpu(probe({ renderer: 'Apple M2' }))).toBe(true);
    expect(hasHardwareGpu(probe())).toBe(false);
    expect(hasHardwareGpu(probe({ renderer: null }))).toBe(false);
    expect(calibrationCandidates(probe())).toEqual(['wasm', 'webgl']);
    expect(calibrationCandidates(probe({ renderer: null }))).toEqual(['wasm']);
    expect(calibrationCandidates(probe({ wasm: false }))).toEqual(['cpu', 'webgl']);
  });

  it('times WebGPU like the others: against WebGL on a GPU, as a software fallback against WASM without one', () => {
    // Chromium's SwiftShader adapter, as headless Debian chromium reports it.
    const swiftshader = probe({ adapter: 'google swiftshader', fallback: true });
    expect(hasHardwareWebgpu(swiftshader)).toBe(false);
    expect(softwareAccelerators(swiftshader)).toEqual(['webgl', 'webgpu']);
    expect(calibrationCandidates(swiftshader)).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(describeProbe(swiftshader)).toContain('WebGPU (software: swiftshader, no GPU)');
    // A real GPU with WebGPU: both GPU backends are timed on the model, WASM is not.
    const gpu = probe({ renderer: 'ANGLE (NVIDIA, NVIDIA H100 Direct3D11)', adapter: 'nvidia hopper' });
    expect(hasHardwareWebgpu(gpu)).toBe(true);
    expect(softwareAccelerators(gpu)).toEqual([]);
    expect(calibrationCandidates(gpu)).toEqual(['webgl', 'webgpu']);
    expect(describeProbe(gpu)).toMatch(/WebGPU \(GPU: nvidia hopper\).*Auto times/);
    // A GPU whose WebGL is blocked but whose WebGPU works: WebGPU alone.
    expect(calibrationCandidates(probe({ renderer: null, adapter: 'apple metal-3' }))).toEqual(['webgpu']);
    // The adapter is part of the device a calibration is remembered for.
    expect(calibrationKey(swiftshader, { a: 1 })).not.toBe(calibrationKey(gpu, { a: 1 }));
    expect(describeChoice({ backend: 'webgpu', reason: 'user', timings: [] })).toBe('WebGPU: chosen in the settings.');
  });

  it('picks the fastest backend that ran and says by how much', () => {
    const timings: BackendTiming[] = [
      { backend: 'wasm', samplesPerSec: 350, warmupMs: 40 },
      { backend: 'webgl', samplesPerSec: 100, warmupMs: 900 },
      { backend: 'cpu', samplesPerSec: 9999, warmupMs: 1, error: 'could not start' },
    ];
    expect(fastest(timings)?.backend).toBe('wasm');
    expect(fastest([])).toBeNull();
    expect(describeChoice({ backend: 'wasm', reason: 'measured', timings, calibrationMs: 420 })).toBe(
      'WASM: 3.5× faster than WebGL on this machine (measured in 0.4 s).',
    );
    expect(describeChoice({ backend: 'wasm', reason: 'cached', timings })).toMatch(/measured earlier/);
    expect(describeChoice({ backend: 'webgl', reason: 'gpu', timings: [] })).toMatch(/GPU/);
    expect(describeChoice({ backend: 'cpu', reason: 'user', timings: [] })).toMatch(/chosen in the settings/);
  });

  it('describes the probe in one line, with the threads caveat', () => {
    const text = describeProbe(probe());
    expect(text).toContain('software: SwiftShader');
    expect(text).toMatch(/threads need a cross-origin-isolated page/);
    expect(describeProbe(probe({ threads: true }))).toContain('2 threads');
    expect(describeProbe(probe({ renderer: 'Apple M2' }))).toMatch(/Auto uses WebGL/);
  });

  it('keys calibrations by device and model, and keeps a bounded, validated cache', () => {
    const a = calibrationKey(probe(), { shape: [28, 28, 1], conv: [16], batch: 64 });
    expect(calibrationKey(probe(), { shape: [28, 28, 1], conv: [16], batch: 64 })).toBe(a);
    expect(calibrationKey(probe(), { shape: [28, 28, 1], conv: [32], batch: 64 })).not.toBe(a);
    expect(calibrationKey(probe({ threads: true }), { shape: [28, 28, 1], conv: [16], batch: 64 })).not.toBe(a);

    const t: BackendTiming[] = [{ backend: 'wasm', samplesPerSec: 10, warmupMs: 1 }];
    let cache = {};
    for (let i = 0; i < MAX_CACHED_CALIBRATIONS + 5; i++) cache = rememberCalibration(cache, `k${i}`, t);
    expect(Object.keys(cache)).toHaveLength(MAX_CACHED_CALIBRATIONS);
    expect(Object.keys(cache)[0]).toBe('k5');

    // Junk from storage never reaches the chooser.
    expect(parseCalibrationCache(null)).toEqual({});
    expect(parseCalibrationCache([t])).toEqual({});
    expect(
      parseCalibrationCache({
        a: [{ backend: 'gpu', samplesPerSec: 1, warmupMs: 0 }],
        b: t,
        c: [{ backend: 'wasm', samplesPerSec: Infinity, warmupMs: 0 }],
      }),
    ).toEqual({ b: t });
  });

  it('the start message accepts a valid cache and rejects a malformed one', () => {
    const base = { type: 'start', runId: 'r', query: '', assetBase: 'http://x/' };
    expect(isToTrainer({ ...base, calibrations: { k: [{ backend: 'wasm', samplesPerSec: 5, warmupMs: 1 }] } })).toBe(true);
    expect(isToTrainer({ ...base, calibrations: { k: [{ backend: 'nope' }] } })).toBe(false);
    expect(isToTrainer({ ...base, calibrations: 'x' })).toBe(false);
    expect(isToTrainer({ type: 'probe', runId: 'p1' })).toBe(true);
  });
});
