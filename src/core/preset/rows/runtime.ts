import type { SchemaRows } from '../setting-types';
import { onOff } from './format';

/** 'auto': WebGL on a GPU, else the fastest by a short measurement (src/core/backends/choice.ts). */
export const BACKENDS = ['auto', 'webgl', 'webgpu', 'wasm', 'cpu'] as const;

/** The runtime section's settings: one field per row below. */
export interface RuntimeFields {
  backend: (typeof BACKENDS)[number];
  worker: boolean;
  /**
   * Epochs per second the curves advance at (0: as fast as the backend trains). Training waits between
   * epochs; the numbers never change with it, so a link gives the same results at any pace.
   */
  pace: number;
}

/** Where and how fast a run computes: never what it learns (group 'runtime'). */
export const RUNTIME_ROWS = {
  backend: {
    key: 'backend',
    label: 'Backend',
    kind: 'enum',
    options: BACKENDS,
    default: 'auto',
    group: 'runtime',
    section: 'runtime',
    optionLabels: { auto: 'Auto (fastest on this device)', webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'WASM', cpu: 'CPU' },
    help: (v, shown) =>
      v === 'auto'
        ? 'Backend: auto. Fitlab picks the fastest way to compute on this device (WebGL on a GPU, else the fastest measured, WebGPU included). Results are the same.'
        : `Backend: ${shown}. Where the maths runs (GPU via WebGL or WebGPU, WebAssembly or plain JavaScript). It changes speed, not what the model learns.`,
  },
  worker: {
    key: 'worker',
    label: 'Train in a worker',
    kind: 'bool',
    default: true,
    group: 'runtime',
    section: 'runtime',
    help: (v) =>
      onOff(
        v,
        'Train in a worker: on. Training runs in the background so the page stays responsive.',
        'Train in a worker: off. Training runs on the page itself; it may feel less responsive while it trains.',
      ),
  },
  pace: {
    key: 'pace',
    label: 'Pace (epochs per second)',
    kind: 'float',
    min: 0,
    max: 60,
    default: 0,
    group: 'runtime',
    section: null,
    help: (v) =>
      v
        ? `Pace: ${v} epoch${v === 1 ? '' : 's'} per second. Training waits between epochs so the curves can be followed; the numbers are the same as at full speed.`
        : 'Pace: as fast as possible. Pick a number of epochs per second to slow the curves down to talking speed (the results do not change).',
  },
} satisfies SchemaRows<RuntimeFields>;
