import type * as tf from '@tensorflow/tfjs';
import { buildPytorchExport } from '../core/export/pytorch';
import type { Settings } from '../core/preset/schema';
import type { AnyTestResult } from '../core/train/test-result';
import type { SplitArrays } from '../core/train/types';
import type { Task } from '../core/types';

/** What a kept run needs, beyond its model and test split, to be exported for PyTorch. */
export interface RunForExport {
  settings: Settings;
  task: Task;
  classNames: string[];
  train: SplitArrays;
  val: SplitArrays;
  /** The browser's test numbers, keyed as train.py prints them. */
  browserTest: Record<string, number> | null;
  /** Set when the run diverged: the model holds the weights of this epoch. */
  diverged: { restoredEpoch: number; message: string } | null;
}

/** The test numbers as train.py's last line names them. */
export function browserTestLine(result: AnyTestResult): Record<string, number> {
  if (result.task === 'regression') {
    return { test_r2: result.metrics.r2, test_mse: result.metrics.mse, test_mae: result.metrics.mae, test_loss: result.loss };
  }
  return { test_accuracy: result.accuracy, test_loss: result.loss };
}

/** The PyTorch project of a kept run (the same function for the worker and the main-thread fallback). */
export async function exportForPytorch(
  model: tf.LayersModel,
  run: RunForExport,
  test: SplitArrays,
  shape: number[],
  runJson: string,
  includeData = true,
) {
  const out = await buildPytorchExport({
    model,
    settings: run.settings,
    task: run.task,
    shape,
    classNames: run.classNames,
    splits: { train: run.train, val: run.val, test },
    runJson,
    browserTest: run.browserTest,
    diverged: run.diverged,
    includeData,
  });
  return { kind: 'pytorch' as const, bytes: out.bytes, params: out.params, diverged: run.diverged !== null };
}
