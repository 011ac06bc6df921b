import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { loadDataset, loadDatasetSplit } from '../../src/core/data/registry';
import { classCounts } from '../../src/core/data/split';
import { decodeTable, TABLE_DATASETS, type TableDatasetId } from '../../src/core/data/tables';
import { decodeSettings } from '../../src/core/preset/codec';
import { PRESETS } from '../../src/core/preset/presets';
import { defaultSettings, isRegressionDataset, isShippedTable } from '../../src/core/preset/schema';
import { evaluateCheck } from '../../src/core/teach/lesson';
import { makeTestResult } from '../../src/core/train/test-result';
import { featureSize, taskOf, type Dataset } from '../../src/core/types';
import { lessonById } from '../../src/lessons';

const PUBLIC = new URL('../../public/', import.meta.url);
const fetchAsset = async (path: string) => new Uint8Array(await readFile(new URL(path, PUBLIC)));

const PYTHON = '/usr/bin/python3';
const SKLEARN_DATA = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const haveSklearn = existsSync(PYTHON) && existsSync(`${SKLEARN_DATA}/breast_cancer.csv`);
// CI installs python3-sklearn (.ci/run), so there the shipped tables are always checked against it.
const inCi = process.env.CI === 'true';

interface SklearnBunch {
  data: number[][];
  target: number[];
  feature_names: string[];
  target_names: string[] | null;
}

/** What sklearn's own loader returns for a table (diabetes unscaled, as shipped). */
function sklearnLoad(id: TableDatasetId): SklearnBunch {
  const call = { cancer: 'load_breast_cancer()', wine: 'load_wine()', iris: 'load_iris()', diabetes: 'load_diabetes(scaled=False)' }[id];
  const script = [
    'import json, sklearn.datasets as d',
    `b = d.${call}`,
    "names = list(b.target_names) if hasattr(b, 'target_names') else None",
    'print(json.dumps({"data": b.data.tolist(), "target": b.target.tolist(), "feature_names": list(b.feature_names), "target_names": names}))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

/** sklearn's class index → the class name Fitlab's file holds (wine's class_k are cultivar k + 1). */
const shippedClassName = (id: TableDatasetId, bunch: SklearnBunch, k: number): string =>
  id === 'wine' ? `cultivar ${k + 1}` : bunch.target_names![k];

describe('shipped tables vs their Debian sources', () => {
  it.runIf(inCi)('have python3-sklearn installed in CI', () => {
    expect(haveSklearn).toBe(true);
  });

  it.skipIf(!haveSklearn).each(TABLE_DATASETS.map((id) => [id]))('%s matches sklearn load_* exactly', async (id) => {
    const { dataset: ds } = await decodeTable(id, await fetchAsset(`data/${id}.csv.gz`));
    const bunch = sklearnLoad(id);
    const width = bunch.feature_names.length;
    expect(ds.count).toBe(bunch.data.length);
    expect(ds.shape).toEqual([width]);
    expect(ds.featureNames).toEqual(bunch.feature_names);
    bunch.data.forEach((row, i) => {
      for (let j = 0; j < width; j++) {
        if (ds.x[i * width + j] !== Math.fround(row[j]))
          throw new Error(`${id} row ${i} feature ${j}: ${ds.x[i * width + j]} vs ${row[j]}`);
      }
      if (id === 'diabetes') {
        if (ds.targets![i] !== Math.fround(bunch.target[i]))
          throw new Error(`diabetes row ${i}: target ${ds.targets![i]} vs ${bunch.target[i]}`);
      } else if (ds.classNames[ds.y[i]] !== shippedClassName(id, bunch, bunch.target[i])) {
        throw new Error(`${id} row ${i}: class ${ds.classNames[ds.y[i]]} vs ${bunch.target[i]}`);
      }
    });
  });
});

describe('shipped tables through the registry', () => {
  const expected: Record<TableDatasetId, { count: number; width: number; classes: Record<string, number> | null }> = {
    cancer: { count: 569, width: 30, classes: { benign: 357, malignant: 212 } },
    wine: { count: 178, width: 13, classes: { 'cultivar 1': 59, 'cultivar 2': 71, 'cultivar 3': 48 } },
    iris: { count: 150, width: 4, classes: { setosa: 50, versicolor: 50, virginica: 50 } },
    diabetes: { count: 442, width: 10, classes: null },
  };

  it.each(TABLE_DATASETS.map((id) => [id]))('loads %s with its size, task and classes', async (id) => {
    const ds = await loadDataset({ ...defaultSettings(), dataset: id }, fetchAsset);
    const e = expected[id];
    expect([ds.id, ds.kind, ds.count, ds.shape]).toEqual([id, 'points', e.count, [e.width]]);
    expect(taskOf(ds)).toBe(e.classes ? 'classification' : 'regression');
    expect(isRegressionDataset(id)).toBe(!e.classes);
    expect(isShippedTable(id)).toBe(true);
    if (e.classes)
      expect(Object.fromEntries(ds.classNames.map((c, k) => [c, classCounts(ds, Int32Array.from(ds.y.keys())).at(k)]))).toEqual(e.classes);
    else expect(ds.targets!.length).toBe(e.count);
  });

  it('makes malignant the positive class (index 1) of cancer', async () => {
    expect((await loadDataset({ ...defaultSettings(), dataset: 'cancer' }, fetchAsset)).classNames).toEqual(['benign', 'malignant']);
  });

  it.each(TABLE_DATASETS.map((id) => [id]))('splits %s stratified and standardises with the training rows only', async (id) => {
    const s = { ...defaultSettings(), dataset: id };
    const raw = await loadDataset(s, fetchAsset);
    const { data, splits } = await loadDatasetSplit(s, fetchAsset);
    // Stratified split: each class contributes round(n_k · fraction) rows to test and to validation.
    const perClass = raw.classNames.map((_, k) => raw.y.filter((y) => y === k).length);
    const held = perClass.reduce((sum, n) => sum + Math.round(n * 0.2), 0);
    expect([splits.test.length, splits.val.length, splits.train.length]).toEqual([held, held, raw.count - 2 * held]);
    expect(new Set([...splits.train, ...splits.val, ...splits.test]).size).toBe(raw.count);

    const width = featureSize(data.shape);
    const column = (d: Dataset, rows: Int32Array, j: number) => Array.from(rows, (i) => d.x[i * width + j]);
    for (let j = 0; j < width; j++) {
      const train = column(data, splits.train, j);
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      const sd = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
      expect(mean).toBeCloseTo(0, 4);
      expect(sd).toBeCloseTo(1, 4);
      // Test rows are scaled with the training statistics: (raw − train mean) / train sd.
      const rawTrain = column(raw, splits.train, j);
      const m = rawTrain.reduce((a, b) => a + b, 0) / rawTrain.length;
      const v = Math.sqrt(rawTrain.reduce((a, b) => a + (b - m) ** 2, 0) / rawTrain.length);
      const i = splits.test[0];
      expect(data.x[i * width + j]).toBeCloseTo((raw.x[i * width + j] - m) / v, 4);
    }
  });

  it('caches a table per thread and refetches after a failed load', async () => {
    // A fresh module: the tests above have filled this one's cache.
    vi.resetModules();
    const { loadTable } = await import('../../src/core/data/registry');
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('offline');
    };
    await expect(loadTable('iris', failing)).rejects.toThrow('offline');
    await expect(loadTable('iris', failing)).rejects.toThrow('offline');
    expect(calls).toBe(2);
    const ok = await loadTable('iris', fetchAsset);
    expect(await loadTable('iris', failing)).toBe(ok);
  });

  it('reports a damaged file clearly', async () => {
    await expect(decodeTable('iris', new TextEncoder().encode('a,b,species\n1,,setosa\n2,3,virginica\n4,5,setosa\n'))).rejects.toThrow(
      /iris\.csv\.gz is damaged: 1 rows have missing values/,
    );
  });
});

describe('table presets and the cancer lesson', () => {
  it.each(TABLE_DATASETS.map((id) => [id]))('has a preset for %s that decodes cleanly', (id) => {
    const preset = PRESETS.find((p) => p.id === id)!;
    expect(preset.settings.dataset).toBe(id);
    const { settings, notices } = decodeSettings(`preset=${id}`);
    expect(notices).toEqual([]);
    expect(settings.dataset).toBe(id);
  });

  it('the lesson starts on cancer and judges malignant recall', () => {
    const lesson = lessonById('cancer-recall')!;
    expect(decodeSettings(lesson.url).settings.dataset).toBe('cancer');
    expect(lesson.steps.some((s) => s.check?.kind === 'metric' && s.check.metric === 'positive_recall')).toBe(true);
  });

  it('positive_recall is the recall of class 1, and undefined beyond two classes', () => {
    // 6 benign (all right), 4 malignant (3 found): recall of malignant 0.75, of benign 1.
    const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
    const probs = new Float32Array(labels.flatMap((y, i) => (y === 1 && i < 9 ? [0.2, 0.8] : [0.9, 0.1])));
    const test = makeTestResult(probs, labels, ['benign', 'malignant']);
    expect(evaluateCheck({ kind: 'metric', metric: 'positive_recall', below: 0.8 }, { epochs: [], test })).toEqual({
      pass: true,
      value: 0.75,
    });
    const three = makeTestResult(new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), [0, 1, 2], ['a', 'b', 'c']);
    expect(evaluateCheck({ kind: 'metric', metric: 'positive_recall', above: 0 }, { epochs: [], test: three }).pass).toBe(false);
  });
});
