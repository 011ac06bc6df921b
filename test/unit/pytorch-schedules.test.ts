import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { trainPy } from '../../src/core/export/pytorch/script';
import { EarlyStopping } from '../../src/core/train/callbacks';
import { ReduceLROnPlateau, scheduledLr } from '../../src/core/train/schedule';
import { nadamMomentum } from '../../src/core/train/nadam';
import { PYTHON } from './pytorch/harness';

// train.py's schedules, ReduceLROnPlateau and EarlyStopping against Fitlab's own, on the same inputs.
const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'fitlab-torch-sched-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRAIN = { lr: 0.1, lr_every: 3, lr_factor: 0.5, lr_decay: 0.9 };
/** Validation losses with plateaus, ties, tiny improvements under min_delta and a NaN. */
const READINGS = [1, 0.9, 0.9, 0.89995, 0.95, 0.8, 0.8, 0.8, NaN, 0.8, 0.7999, 0.79, 0.79, 0.79, 0.79, 0.6];

async function runPython(code: string): Promise<Record<string, unknown>> {
  // A minimal train.py: only its functions are used, so the layers can be empty.
  writeFileSync(join(dir, 'train.py'), trainPy({ task: 'classification', layers: [], class_names: ['a', 'b'], train: TRAIN }, 'schedules'));
  const { stdout } = await exec(PYTHON, ['-c', code], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

function roundAll(v: unknown): unknown {
  if (typeof v === 'number') return Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(roundAll);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundAll(x)]));
  return v;
}

describe("train.py's learning-rate schedules and callbacks", () => {
  it("match schedule.ts, ReduceLROnPlateau, EarlyStopping and Nadam's momentum schedule reading for reading", async () => {
    const schedules = ['constant', 'step', 'exp', 'cosine', 'plateau'] as const;
    const epochs = 12;
    const plateauTs = new ReduceLROnPlateau(0.1, { factor: 0.5, patience: 2, minLr: 0.02 });
    const stopTs = (monitor: 'val_loss' | 'val_acc', patience: number, minDelta: number) => {
      const es = new EarlyStopping({ monitor, patience, minDelta });
      return READINGS.map((v, i) => es.update(i + 1, v));
    };
    const want = {
      lr: Object.fromEntries(
        schedules.map((k) => [
          k,
          Array.from({ length: epochs }, (_, e) =>
            scheduledLr({ schedule: k, lrEvery: 3, lrFactor: 0.5, lrDecay: 0.9 }, 0.1, e + 1, epochs),
          ),
        ]),
      ),
      plateau: READINGS.map((v) => plateauTs.update(v)),
      stop_loss: stopTs('val_loss', 2, 0.001),
      stop_acc: stopTs('val_acc', 3, 0),
      nadam: [1, 2, 50, 1000].map((t) => nadamMomentum(0.9, t)),
    };
    const got = await runPython(`
import json, math, train as T
R = [float(v) for v in ${JSON.stringify(READINGS.map(String))}]
cfg = dict(T.RUN["train"])
lr = {}
for k in ["constant", "step", "exp", "cosine", "plateau"]:
    cfg["schedule"] = k
    lr[k] = [T.scheduled_lr(cfg, e, ${epochs}) for e in range(1, ${epochs} + 1)]
p = T.ReduceLROnPlateau(0.1, 0.5, 2, 0.02)
def stops(monitor, patience, delta):
    es = T.EarlyStopping(monitor, patience, delta)
    return [es.update(i + 1, v) for i, v in enumerate(R)]
print(json.dumps({"lr": lr, "plateau": [p.update(v) for v in R], "stop_loss": stops("val_loss", 2, 0.001),
                  "stop_acc": stops("val_acc", 3, 0), "nadam": [T.nadam_momentum(t) for t in [1, 2, 50, 1000]]}))
`);
    // Powers may differ in the last bit between JavaScript and Python: numbers agree to 1e-12 relative.
    expect(roundAll(got)).toEqual(roundAll(JSON.parse(JSON.stringify(want))));
  });
});
