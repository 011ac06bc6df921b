// Trains Fitlab's shipped tables (cancer, wine, iris, diabetes) in node with the app's own core pieces, in
// the order src/worker/runner.ts calls them (TF.js cpu backend; the runner itself pulls in the browser-only
// WASM loader), and prints one JSON line per dataset: the split's row
// indices, the test score (accuracy, R² for diabetes) and the seconds taken. scripts/compare-sklearn-tables.py
// reads these lines and trains scikit-learn's MLP on the same rows.
// Usage: npx vite-node scripts/table-runs.ts [query…]   (default: each table's preset, e.g. 'preset=cancer')
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { loadDatasetSplit } from '../src/core/data/registry';
import { gatherTargets } from '../src/core/data/regression';
import { gatherRows } from '../src/core/data/split';
import { buildModel } from '../src/core/model/build';
import { decodeSettings } from '../src/core/preset/codec';
import { predictProbabilities, predictValues, scoreProbabilities, scoreValues } from '../src/core/train/evaluate';
import { trainModel } from '../src/core/train/loop';
import { effectiveModelSettings, trainConfigFor } from '../src/core/train/run-config';
import type { SplitArrays } from '../src/core/train/types';
import { taskOf } from '../src/core/types';

const PUBLIC = new URL('../public/', import.meta.url);
const fetchAsset = async (path: string) => new Uint8Array(await readFile(new URL(path, PUBLIC)));

async function runOne(query: string) {
  const q = `${query}&backend=cpu&worker=0`;
  const { settings, notices } = decodeSettings(q);
  if (notices.length) throw new Error(`${query}: ${notices.join(' ')}`);
  const { data, splits } = await loadDatasetSplit(settings, fetchAsset);
  const task = taskOf(data);
  const rows = (indices: Int32Array, labels?: Int32Array): SplitArrays => ({
    ...gatherRows(data, indices, labels),
    ...(task === 'regression' ? { targets: gatherTargets(data, indices) } : {}),
  });
  const [train, val, test] = [rows(splits.train, splits.trainLabels), rows(splits.val), rows(splits.test)];
  const t0 = performance.now();
  const inputs = { shape: data.shape, numClasses: data.classNames.length, task };
  const model = buildModel(effectiveModelSettings(settings), inputs);
  const outcome = await trainModel(model, { train, val, ...inputs }, trainConfigFor(settings), {});
  if (outcome.status !== 'done') throw new Error(`${query}: run ended ${outcome.status}`);
  let score: number;
  let recall: Record<string, number> | undefined;
  if (task === 'regression') {
    score = scoreValues(await predictValues(model, test, data.shape), test.targets!, settings.regLoss).metrics.r2;
  } else {
    const { accuracy, predictions } = scoreProbabilities(
      await predictProbabilities(model, test, data.shape),
      test.y,
      data.classNames.length,
    );
    score = accuracy;
    // Share of each class's test rows predicted as that class (for the lesson's malignant recall).
    recall = Object.fromEntries(
      data.classNames.map((name, k) => {
        const rows = Array.from(test.y.keys()).filter((i) => test.y[i] === k);
        return [name, rows.filter((i) => predictions[i] === k).length / rows.length];
      }),
    );
  }
  model.dispose();
  return {
    query,
    dataset: settings.dataset,
    task,
    settings: {
      hidden: settings.hidden,
      activation: settings.activation,
      optimizer: settings.optimizer,
      lr: settings.lr,
      batchSize: settings.batchSize,
      epochs: settings.epochs,
      earlyStop: settings.earlyStop,
      l2: settings.l2 ? settings.l2Lambda : 0,
    },
    score,
    recall,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    split: { train: Array.from(splits.train), val: Array.from(splits.val), test: Array.from(splits.test) },
  };
}

await tf.setBackend('cpu');
const queries = process.argv.slice(2);
for (const q of queries.length ? queries : ['preset=cancer', 'preset=wine', 'preset=iris', 'preset=diabetes']) {
  console.log(JSON.stringify(await runOne(q)));
}
