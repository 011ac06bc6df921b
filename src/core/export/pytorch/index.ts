import type * as tf from '@tensorflow/tfjs';
import { isAugmenting } from '../../data/augment-options';
import type { Settings } from '../../preset/schema';
import { variance } from '../../train/loop';
import { trainConfigFor } from '../../train/run-config';
import type { Task } from '../../types';
import { dataArrays, type ExportSplits } from './data';
import { describeModel } from './layers';
import { npzBytes } from './npy';
import { readme, REQUIREMENTS } from './readme';
import { notebook, trainPy, type RunConfig } from './script';
import { writeZip } from './zip-writer';

export interface PytorchExportInput {
  model: tf.LayersModel;
  settings: Settings;
  task: Task;
  shape: number[];
  classNames: string[];
  splits: ExportSplits;
  /** run.json: the Export metrics file of the same run (buildMetricsExport), as text. */
  runJson: string;
  /** The browser's test numbers, for the README and the script's record of them; null if not evaluated. */
  browserTest: Record<string, number> | null;
  /** Set when the run diverged: the model holds the last good epoch's weights. */
  diverged?: { restoredEpoch: number; message: string } | null;
  title?: string;
  /** False leaves data.npz out of the zip (a very large export); train.py reads it from --data instead. */
  includeData?: boolean;
}

export interface PytorchExport {
  /** The zip: train.py, train.ipynb, data.npz (unless left out), weights.npz, run.json, requirements.txt, README.md. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Every weight value, as Fitlab counts them (BN's moving statistics included). */
  params: number;
}

export const EXPORT_FILES = ['train.py', 'train.ipynb', 'data.npz', 'weights.npz', 'run.json', 'requirements.txt', 'README.md'] as const;

/** The PyTorch project of a finished run, as one zip (see README.md in the export for what each file does). */
export async function buildPytorchExport(input: PytorchExportInput): Promise<PytorchExport> {
  const { settings: s, task, shape, splits } = input;
  const includeData = input.includeData ?? true;
  const torch = await describeModel(input.model, s.init);
  const title = input.title ?? `Fitlab run: ${s.dataset}, ${s.model.toUpperCase()}, ${s.optimizer}, seed ${s.seed}`;
  const config: RunConfig = {
    fitlab: 1,
    task,
    input_shape: shape,
    class_names: input.classNames,
    layers: torch.layers,
    params: torch.params,
    train: trainSettings(s, task, shape, splits),
    browser_test: input.browserTest,
  };
  const files = [
    { path: 'train.py', text: trainPy(config, title) },
    { path: 'train.ipynb', text: notebook(config, title) },
    { path: 'run.json', text: input.runJson },
    { path: 'requirements.txt', text: REQUIREMENTS },
    {
      path: 'README.md',
      text: readme({
        title,
        task,
        params: torch.params,
        counts: { train: splits.train.count, val: splits.val.count, test: splits.test.count },
        browserTest: input.browserTest,
        diverged: input.diverged ?? null,
        dataLeftOut: !includeData,
      }),
    },
  ].map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) }));
  const bytes = writeZip([
    ...files,
    ...(includeData ? [{ path: 'data.npz', bytes: npzBytes(dataArrays(splits, shape, task)) }] : []),
    { path: 'weights.npz', bytes: npzBytes(torch.weights) },
  ]);
  return { bytes, params: torch.params };
}

/** The training settings train.py reads (RUN["train"]), with the loop's defaults filled in as loop.ts fills them. */
function trainSettings(s: Settings, task: Task, shape: number[], splits: ExportSplits) {
  const c = trainConfigFor(s);
  const augment = c.augment && isAugmenting(c.augment) && shape.length === 3 ? c.augment : null;
  return {
    epochs: s.epochs,
    batch_size: s.batchSize,
    optimizer: s.optimizer,
    lr: s.lr,
    momentum: s.momentum,
    schedule: s.schedule,
    lr_every: s.lrEvery,
    lr_factor: s.lrFactor,
    lr_decay: s.lrDecay,
    lr_patience: s.lrPatience,
    min_lr: s.minLr,
    early_stop: s.earlyStop,
    es_monitor: s.esMonitor,
    es_patience: s.esPatience,
    es_min_delta: s.esMinDelta,
    es_restore: s.esRestore,
    class_weights: s.classWeights,
    reg_loss: s.regLoss,
    seed: s.seed,
    augment: augment && {
      flip: augment.flip,
      rotate_deg: augment.rotateDeg,
      shift_px: augment.shiftPx,
      brightness: augment.brightness,
      noise_sd: augment.noiseSd,
    },
    // R² of a training batch is 1 − MSE / Var(training targets), as Fitlab's loop reports it.
    target_variance: task === 'regression' && splits.train.targets ? variance(splits.train.targets) : null,
  };
}
