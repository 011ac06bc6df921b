import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CustomData } from '../../../src/core/data/custom';
import { describeModel } from '../../../src/core/export/pytorch/layers';
import { npzBytes } from '../../../src/core/export/pytorch/npy';
import { buildModel } from '../../../src/core/model/build';
import { effectiveModelSettings } from '../../../src/core/train/run-config';
import { listZip, readZip } from '../../../src/core/import/zip';
import { encodeSettings } from '../../../src/core/preset/codec';
import { defaultSettings, type Settings } from '../../../src/core/preset/schema';
import { buildMetricsExport } from '../../../src/core/report/metrics-export';
import type { AnyTestResult } from '../../../src/core/train/test-result';
import type { EpochRecord } from '../../../src/core/train/types';
import type { FromTrainer } from '../../../src/worker/protocol';
import { runTraining } from '../../../src/worker/runner';
import { analyse, disposeSession, type TrainedSession } from '../../../src/worker/session';

const exec = promisify(execFile);

/** Debian's python with numpy and torch (the pyenv `python3` on PATH has neither). */
export const PYTHON = '/usr/bin/python3';

export interface BrowserRun {
  settings: Settings;
  history: EpochRecord[];
  test: AnyTestResult;
  /** Parameter count of the model summary the browser showed. */
  params: number;
  status: string;
  message?: string;
  /** Where the export was unzipped. */
  dir: string;
  /** The zip's file names. */
  files: string[];
  exportParams: number;
  inputShape: number[];
}

/**
 * A real run through the worker's own code (runTraining on the cpu backend), then the PyTorch export through
 * the same analysis request the Export button sends, unzipped into a fresh temp folder.
 */
export async function runAndExport(patch: Partial<Settings>, custom?: CustomData, includeData = true): Promise<BrowserRun> {
  const settings: Settings = { ...defaultSettings(), backend: 'cpu', worker: false, ...patch };
  const events: FromTrainer[] = [];
  let session: TrainedSession | null = null;
  await runTraining('r1', encodeSettings(settings), {
    emit: (e) => events.push(e),
    shouldStop: () => false,
    fetchAsset: async (path) => new Uint8Array(readFileSync(join('public', path))),
    yieldControl: async () => {},
    inWorker: false,
    keepSession: (s) => (session = s),
    custom,
  });
  const end = events.find((e) => e.type === 'end') as Extract<FromTrainer, { type: 'end' }>;
  const test = (events.find((e) => e.type === 'test') as Extract<FromTrainer, { type: 'test' }> | undefined)?.result;
  if (!test || !session) throw new Error(`The run ended without a test result: ${end?.status} ${end?.message ?? ''}`);
  const history = events.filter((e) => e.type === 'epoch').map((e) => (e as Extract<FromTrainer, { type: 'epoch' }>).record);
  const prepared = events.find((e) => e.type === 'prepared') as Extract<FromTrainer, { type: 'prepared' }>;
  const runJson = JSON.stringify(buildMetricsExport({ settings, backend: 'cpu', status: end.status, history, test }));
  const kept: TrainedSession = session;
  try {
    const result = await analyse(kept, { kind: 'pytorch', runJson, includeData });
    if (result.kind !== 'pytorch') throw new Error('not a PyTorch export');
    const dir = mkdtempSync(join(tmpdir(), 'fitlab-torch-'));
    const entries = await readZip(result.bytes);
    for (const e of entries) {
      mkdirSync(dirname(join(dir, e.path)), { recursive: true });
      writeFileSync(join(dir, e.path), e.bytes);
    }
    return {
      settings,
      history,
      test,
      params: prepared.summary.totalParams,
      status: end.status,
      message: end.message,
      dir,
      files: listZip(result.bytes).map((e) => e.path),
      exportParams: result.params,
      inputShape: prepared.inputShape,
    };
  } finally {
    disposeSession(kept);
  }
}

/** Runs `python [module…] train.py args…` in the export (async: a long run must not block vitest's worker). */
export async function python(dir: string, args: string[], module: string[] = []): Promise<Record<string, unknown>[]> {
  return jsonLines(await run([...module, 'train.py', ...args], dir));
}

/** Runs Python code in the export's folder (train.py importable as `train`); returns its JSON lines. */
export async function pythonCode(dir: string, code: string): Promise<Record<string, unknown>[]> {
  return jsonLines(await run(['-c', code], dir));
}

async function run(args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec(PYTHON, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return stdout;
}

function jsonLines(out: string): Record<string, unknown>[] {
  return out
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The last JSON line train.py printed. */
export const last = (lines: Record<string, unknown>[]) => lines[lines.length - 1];

/** Writes the run's initial weights (rebuilt from its seed, as the runner builds them) to init.npz. */
export async function writeInitialWeights(run: BrowserRun): Promise<void> {
  const numClasses = run.test.task === 'classification' ? run.test.classNames.length : 1;
  const model = buildModel(effectiveModelSettings(run.settings), { shape: run.inputShape, numClasses, task: run.test.task });
  try {
    const { weights } = await describeModel(model, run.settings.init);
    writeFileSync(join(run.dir, 'init.npz'), npzBytes(weights));
  } finally {
    model.dispose();
  }
}

export function cleanUp(run: BrowserRun): void {
  rmSync(run.dir, { recursive: true, force: true });
}

/**
 * For each export folder: replays its full-batch training steps in PyTorch from the run's initial weights
 * (init.npz) and prints the largest difference from the browser's trained weights (weights.npz), relative to
 * the largest weight; then evaluates the browser's weights as `train.py --evaluate` does. One Python process
 * for all folders (one torch import). With one batch per epoch the batch order cannot differ, so the loss,
 * penalties, class weights, batch norm and the optimiser's update rule are what is compared.
 */
const REPLAY = `
import importlib.util, json, sys, numpy as np, torch
def replay(i, folder):
    spec = importlib.util.spec_from_file_location("train_%d" % i, folder + "/train.py")
    T = importlib.util.module_from_spec(spec); spec.loader.exec_module(T)
    torch.manual_seed(0)
    m = T.build_model(); T.load_weights(m, folder + "/init.npz")
    d = T.load_data(folder + "/data.npz"); x, y = d["train"]; c = T.RUN["train"]
    w = torch.from_numpy(T.balanced_class_weights(y, len(T.RUN["class_names"]))) if c["class_weights"] and T.RUN["task"] == "classification" else None
    xb, yb = torch.from_numpy(x), torch.from_numpy(y)
    opt = T.TfjsOptimizer(m.parameters(), c["lr"], c["optimizer"], c["momentum"])
    m.train()
    for _ in range(c["epochs"]):
        _, _, minimised = T.batch_loss(m(xb), yb, w[yb] if w is not None else None)
        opt.zero_grad(); (minimised + m.penalty()).backward(); opt.step()
    want = np.load(folder + "/weights.npz"); got = m.state_dict()
    scale = max(float(np.abs(want[k]).max()) for k in want.files)
    diff = max(float(np.abs(want[k] - got[k].detach().numpy()).max()) for k in want.files)
    print(json.dumps({"max_diff": diff / scale}))
    T.main(["--evaluate"])
for i, folder in enumerate(sys.argv[1:]):
    replay(i, folder)
`;

/** [replay line, test line] per run (see REPLAY); each run's init.npz is written first. */
export async function replayAndEvaluate(runs: BrowserRun[]): Promise<[Record<string, unknown>, Record<string, unknown>][]> {
  for (const r of runs) await writeInitialWeights(r);
  const lines = jsonLines(await run(['-c', REPLAY, ...runs.map((r) => r.dir)], tmpdir()));
  return runs.map((_, i) => [lines[2 * i], lines[2 * i + 1]]);
}
