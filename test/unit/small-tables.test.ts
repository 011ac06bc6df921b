import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/import/csv';
import { buildTabularDataset } from '../../src/core/import/tabular';
import { classSizesOf, minRowsFor, splitProblem, splitSizes } from '../../src/core/data/split-check';
import { splitDataset, splitOptionsFor } from '../../src/core/data/split';
import { defaultSettings } from '../../src/core/preset/schema';
import { createRng } from '../../src/core/rng';
import type { Dataset } from '../../src/core/types';
import { loadRunData } from '../../src/worker/runner';
import { trainRefusals } from '../../src/store/settings-gate';
import { useUploads } from '../../src/store/uploads';

const build = (csv: string, target = 'label') =>
  buildTabularDataset(parseCsv(csv), { target, task: 'classification', exclude: [], missing: 'drop' });

/** Three rows whose numeric column holds a stray word. */
const THREE_ROWS = 'age,height,label\n31,1.7,a\nabc,1.8,b\n40,1.6,a\n';

describe('strange tables: mixed columns and tiny classes are named at import', () => {
  it('a column mixing numbers and a stray word gets a notice: column, count, first value with its line, treatment', () => {
    const { notes, featureNames } = build(THREE_ROWS);
    expect(notes).toContain(
      "Column 'age' mixes numbers and text: 1 of its 3 values is not a number (the first, 'abc', on row 2 (line 3)). It is treated as categories (one feature per distinct value), not as numbers. To use it as numbers, fix or empty those cells (an empty cell counts as missing) and load the file again, or exclude the column.",
    );
    expect(featureNames).toContain('age=abc');
    // A clean numeric column says nothing.
    expect(notes.some((n) => n.includes("'height'"))).toBe(false);
  });

  it('counts every non-number, and says nothing of a purely categorical column', () => {
    const { notes } = build('x,c,label\n1,red,a\nfoo,blue,b\nbar,red,a\n2,red,b\n');
    expect(notes.find((n) => n.startsWith("Column 'x'"))).toMatch(
      /2 of its 4 values are not a number \(the first, 'foo', on row 2 \(line 3\)\)/,
    );
    expect(notes.some((n) => n.startsWith("Column 'c'"))).toBe(false);
  });

  it('names a target class of one row', () => {
    const { notes } = build(THREE_ROWS);
    expect(notes).toContain(
      "Class 'b' of the target 'label' has only 1 row: it can be in only one of train, validation and test, so the model cannot both learn it and be tested on it. Add rows of that class, or remove it.",
    );
  });
});

describe('a mixed column read as numbers, by choice (textAsMissing)', () => {
  const asNumbers = (csv: string, missing: 'drop' | 'impute') =>
    buildTabularDataset(parseCsv(csv), { target: 'label', task: 'classification', exclude: [], missing, textAsMissing: ['age'] });

  it('drops the row of the text cell, keeps the column as one numeric feature and says what it did', () => {
    const { dataset, featureNames, numericColumns, notes, dropped } = asNumbers(`${THREE_ROWS}50,1.5,b\n`, 'drop');
    expect(featureNames).toEqual(['age', 'height']);
    expect(numericColumns).toEqual([0, 1]);
    expect(dataset.count).toBe(3);
    expect(Array.from(dataset.x)).toEqual([31, 1.7, 40, 1.6, 50, 1.5].map(Math.fround));
    expect(dropped.missingValue).toBe(1);
    expect(notes).toContain(
      "Column 'age': 1 value that is not a number (the first, 'abc', on row 2 (line 3)) counts as missing, as chosen: the column is used as numbers.",
    );
    expect(notes.some((n) => n.includes('mixes numbers and text'))).toBe(false);
  });

  it('with impute, the text cell is a missing number filled later by the training median', () => {
    const { dataset, imputed, notes } = asNumbers('age,label\n1,a\nfoo,b\nbar,a\n4,b\n', 'impute');
    expect(dataset.count).toBe(4);
    expect(Array.from(dataset.x).map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([1, 'NaN', 'NaN', 4]);
    expect(imputed.numeric).toBe(2);
    expect(notes[0]).toBe(
      "Column 'age': 2 values that are not a number (the first, 'foo', on row 2 (line 3)) count as missing, as chosen: the column is used as numbers.",
    );
  });

  it('reads decimal commas in a semicolon file, and leaves the table itself untouched', () => {
    const parsed = parseCsv('age;label\n1,5;a\nn/a?;b\n2,5;a\n3,5;b\n');
    const { dataset } = buildTabularDataset(parsed, {
      target: 'label',
      task: 'classification',
      exclude: [],
      missing: 'drop',
      textAsMissing: ['age'],
    });
    expect(Array.from(dataset.x)).toEqual([1.5, 2.5, 3.5]);
    expect(parsed.rows[1][0]).toBe('n/a?');
  });

  it('does nothing for a column that is excluded', () => {
    const { notes, featureNames } = buildTabularDataset(parseCsv(THREE_ROWS), {
      target: 'label',
      task: 'classification',
      exclude: ['age'],
      missing: 'drop',
      textAsMissing: ['age'],
    });
    expect(featureNames).toEqual(['height']);
    expect(notes.some((n) => n.includes("'age'"))).toBe(false);
  });

  it('names an unknown column', () => {
    expect(() =>
      buildTabularDataset(parseCsv(THREE_ROWS), {
        target: 'label',
        task: 'classification',
        exclude: [],
        missing: 'drop',
        textAsMissing: ['nope'],
      }),
    ).toThrow("There is no column 'nope' (asked for as the column read as numbers).");
  });
});

describe('too small for the split', () => {
  it('splitSizes counts exactly what splitDataset cuts (200 random datasets and splits)', () => {
    const rng = createRng(7);
    for (let t = 0; t < 200; t++) {
      const sizes = Array.from({ length: 2 + rng.int(4) }, () => 1 + rng.int(rng.next() < 0.5 ? 6 : 60));
      const y = Int32Array.from(sizes.flatMap((n, k) => new Array<number>(n).fill(k)));
      const data = {
        id: 'x',
        kind: 'points',
        shape: [1],
        count: y.length,
        x: new Float32Array(y.length),
        y,
        classNames: sizes.map((_, k) => `c${k}`),
      } as Dataset;
      const s = {
        ...defaultSettings(),
        val: 0.05 + rng.int(10) / 20,
        test: 0.05 + rng.int(6) / 20,
        trainSize: rng.next() < 0.3 ? rng.int(20) : 0,
        minorityShare: rng.next() < 0.3 ? 0.3 : 1,
        minorityClass: 0,
      };
      const o = splitOptionsFor(s, sizes.length);
      const real = splitDataset(data, o);
      const counted = splitSizes(classSizesOf(y, sizes.length), o);
      expect([counted.train, counted.val, counted.test]).toEqual([real.train.length, real.val.length, real.test.length]);
    }
  });

  it('a three-row table is refused with the counts and what to do', () => {
    const { dataset } = build(THREE_ROWS);
    const o = splitOptionsFor(defaultSettings(), dataset.classNames.length);
    const sizes = splitSizes(classSizesOf(dataset.y, 2), o);
    expect(splitProblem({ rows: 3, ...sizes }, o, 'Your table')).toBe(
      'Your table has 3 rows: too few for the split (validation 0.2, test 0.2), which leaves the validation and test splits empty (train 3, validation 0, test 0). Add rows (at least 3 per class with this split), or change the validation and test fractions so each split gets one.',
    );
    expect(minRowsFor({ valFraction: 0.05, testFraction: 0.05 })).toBe(10);
  });

  it('Train is refused with that message while the table is loaded, and the trainer says it too instead of a TF.js error', async () => {
    const { dataset } = build(THREE_ROWS);
    const custom = { dataset, standardize: [] };
    useUploads.setState({ table: { id: 'table', custom } as never });
    const s = { ...defaultSettings(), dataset: 'table' as const };
    expect(trainRefusals(s)).toEqual([expect.stringMatching(/^Your table has 3 rows: too few for the split/)]);
    await expect(loadRunData(s, { custom, fetchAsset: async () => new Uint8Array(0) })).rejects.toThrow(
      /^Your data has 3 rows: too few for the split/,
    );
    // With enough rows the same check is silent.
    const big = build(`v,label\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? 'a' : 'b'}`).join('\n')}\n`);
    useUploads.setState({ table: { id: 'table', custom: { dataset: big.dataset, standardize: [] } } as never });
    expect(trainRefusals(s)).toEqual([]);
  });
});
