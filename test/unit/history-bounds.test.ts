import { describe, expect, it } from 'vitest';
import { HISTORY_LIMITS } from '../../src/core/history/bounds';
import { parseRunsFile, runsFileName, runsFileSizeProblem, serializeRuns } from '../../src/core/history/file';
import { buildRunRecord, type RunRecord } from '../../src/core/history/record';
import { matchesFilter, mergeNewestFirst, planOverLimit, summarizeRun } from '../../src/core/history/summary';
import { MAX_NOTICES, decodeSettings } from '../../src/core/preset/codec';
import { defaultSettings } from '../../src/core/preset/schema';
import { capList } from '../../src/core/text/cap-list';

// Every field of an imported run is typed and bounded; lists of notices stay readable.

const NOW = new Date('2025-03-04T05:06:07.000Z');

function record(id: string, createdAt = NOW.toISOString()): RunRecord {
  const r = buildRunRecord(
    {
      id,
      status: 'done',
      settings: { ...defaultSettings(), epochs: 2 },
      backend: 'wasm',
      history: [1, 2].map((e) => ({
        epoch: e,
        loss: 0.5,
        acc: 0.8,
        val_loss: 0.6,
        val_acc: 0.7,
        lr: 0.03,
        val_confusion: [
          [3, 1],
          [1, 3],
        ],
        ms: 9,
      })),
      test: null,
      error: null,
      startedAt: 0,
      endedAt: 1000,
    },
    { now: NOW },
  )!;
  return { ...r, createdAt };
}

/** A runs file of three runs whose run #2 (id 'abc') is changed by `mutate`, as text. */
function fileWith(mutate: (run: Record<string, any>) => void): string {
  const file = JSON.parse(serializeRuns([record('first'), record('abc'), record('third')]));
  mutate(file.runs[1]);
  return JSON.stringify(file);
}

const refusal = (text: string): string => {
  const r = parseRunsFile(text);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.error;
};

describe('runs file bounds', () => {
  it('refuses an oversized text field, naming the run, the field, its size and the limit', () => {
    const error = refusal(fileWith((r) => (r.backend = 'x'.repeat(5_000_000))));
    expect(error).toBe('Run 2 (\'abc\'): "backend" is 5,000,000 characters; at most 200 are allowed.');
    expect(refusal(fileWith((r) => (r.error = 'e'.repeat(2_001))))).toMatch(/^Run 2 \('abc'\): "error" is 2,001 characters; at most 2,000/);
    expect(refusal(fileWith((r) => (r.name = 'n'.repeat(201))))).toMatch(/"name" is 201 characters; at most 200/);
    // An oversized id is not echoed back: the run is labelled by its name instead.
    expect(refusal(fileWith((r) => (r.id = 'i'.repeat(300))))).toMatch(/^Run 2 \('spiral · MLP 32-32 · seed 1'\): "id" is 300 characters/);
  });

  it('refuses non-finite numbers (1e999 reads as Infinity) and numbers out of range', () => {
    const inf = fileWith((r) => (r.durationMs = 4321)).replace('"durationMs":4321', '"durationMs":1e999');
    expect(refusal(inf)).toMatch(/^Run 2 \('abc'\): "durationMs" is Infinity; it must be a finite number/);
    const negInf = fileWith((r) => (r.history[0].loss = 7)).replace('"loss":7', '"loss":-1e999');
    expect(refusal(negInf)).toMatch(/"history\[0\].loss" is -Infinity/);
    expect(refusal(fileWith((r) => (r.durationMs = -5)))).toMatch(/"durationMs" is -5; it must be within 0/);
    expect(refusal(fileWith((r) => (r.history[1].epoch = 1.5)))).toMatch(/"history\[1\].epoch" is 1.5; it must be a whole number/);
    expect(refusal(fileWith((r) => (r.history[0].lr = -0.1)))).toMatch(/"history\[0\].lr" is -0.1/);
    // Settings go through the link codec: out of the schema's range is refused.
    expect(refusal(fileWith((r) => (r.settings.lr = 50)))).toMatch(/setting "lr": Learning rate: 50 is outside/);
    // null is how JSON writes NaN (a diverged loss): still read back as NaN.
    const nan = parseRunsFile(fileWith((r) => (r.history[0].loss = null)));
    expect(nan.ok && nan.runs[1].history[0].loss).toBeNaN();
  });

  it('caps lists: epochs, classes and confusion matrices', () => {
    const epochs = HISTORY_LIMITS.classes; // any list over the schema's 1,000 epochs
    expect(refusal(fileWith((r) => (r.history = Array.from({ length: epochs + 1 }, () => r.history[0]))))).toMatch(
      /"history" has 1,001 epochs; at most 1,000 are allowed/,
    );
    const wide = Array.from({ length: 1_001 }, () => [0]);
    expect(refusal(fileWith((r) => (r.history[0].val_confusion = wide)))).toMatch(
      /"history\[0\].val_confusion" has 1,001 rows; at most 1,000/,
    );
    expect(refusal(fileWith((r) => (r.history[0].val_confusion = [[1, 2], [3]])))).toMatch(/not a square matrix of counts/);
    const test = {
      task: 'classification',
      loss: 0.5,
      accuracy: 0.5,
      count: 2,
      confusionMatrix: [
        [1, 0],
        [1, 0],
      ],
      classNames: Array.from({ length: 1_001 }, (_, i) => `c${i}`),
      report: { perClass: [], macro: {}, accuracy: 0.5 },
    };
    expect(refusal(fileWith((r) => (r.test = test)))).toMatch(/"test.classNames" has 1,001 names; at most 1,000/);
    expect(refusal(fileWith((r) => (r.test = { ...test, classNames: ['a', 'b'], accuracy: 1.5 })))).toMatch(
      /"test.accuracy" is 1.5; it must be within 0 … 1/,
    );
  });

  it('still reads a valid file, and states the file size limit before reading', () => {
    const ok = parseRunsFile(serializeRuns([record('a'), record('b')]));
    expect(ok.ok && ok.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(runsFileSizeProblem(HISTORY_LIMITS.fileBytes)).toBeNull();
    expect(runsFileSizeProblem(250 * 1024 * 1024)).toBe(
      'The file is 250 MB; a runs file may be at most 200 MB. Export fewer runs at a time.',
    );
  });
});

describe('history summaries and the kept-runs limit', () => {
  const at = (id: string, day: number) => ({ id, createdAt: `2025-01-${String(day).padStart(2, '0')}T00:00:00.000Z` });

  it('summarises a run without its curves', () => {
    const s = summarizeRun(record('abc'));
    expect(s).toMatchObject({
      id: 'abc',
      dataset: 'spiral',
      model: 'MLP 32-32',
      epochs: 2,
      plannedEpochs: 2,
      backend: 'wasm',
      score: null,
    });
    expect('history' in s).toBe(false);
    expect(matchesFilter(s, 'WAS')).toBe(true);
    expect(matchesFilter(s, 'cnn')).toBe(false);
  });

  it('merges two newest-first lists', () => {
    const merged = mergeNewestFirst([at('a', 9), at('b', 5), at('c', 1)], [at('x', 7), at('y', 2)]);
    expect(merged.map((r) => r.id)).toEqual(['a', 'x', 'b', 'y', 'c']);
    // Ties keep the first list's run ahead; either list may be empty or run out first.
    expect(mergeNewestFirst([at('a', 5), at('b', 1)], [at('x', 9), at('y', 5), at('z', 0)]).map((r) => r.id)).toEqual([
      'x',
      'a',
      'y',
      'b',
      'z',
    ]);
    expect(mergeNewestFirst([], [at('x', 2), at('y', 1)]).map((r) => r.id)).toEqual(['x', 'y']);
    expect(mergeNewestFirst([at('a', 2)], []).map((r) => r.id)).toEqual(['a']);
  });

  it('names an export after its one run, or counts its runs', () => {
    expect(runsFileName([{ ...record('a'), name: 'Spiral: MLP 32' }], NOW)).toBe('fitlab-spiral-mlp-32-2025-03-04-05-06-07.json');
    expect(runsFileName([{ ...record('a'), name: '***' }], NOW)).toBe('fitlab-run-2025-03-04-05-06-07.json');
    expect(runsFileName([record('a'), record('b')], NOW)).toBe('fitlab-2-runs-2025-03-04-05-06-07.json');
    expect(runsFileName([], NOW)).toBe('fitlab-0-runs-2025-03-04-05-06-07.json');
  });

  it('drops nothing under the limit, and the oldest of both lists over it', () => {
    expect(planOverLimit([at('a', 1)], [at('b', 2)], 2)).toEqual({ dropExisting: [], skipIncoming: new Set() });
    const plan = planOverLimit([at('old', 1), at('new', 9)], [at('in-old', 2), at('in-new', 8)], 2);
    expect(plan.dropExisting).toEqual(['old']);
    expect([...plan.skipIncoming]).toEqual(['in-old']);
  });
});

describe('notices stay readable', () => {
  it('gives one notice per repeated key, using the first value', () => {
    const r = decodeSettings(`${'epochs=7&'.repeat(999)}epochs=9&seed=3&seed=4`);
    expect(r.settings.epochs).toBe(7);
    expect(r.settings.seed).toBe(3);
    expect(r.notices).toEqual(['"epochs" appears 1,000 times; the first is used.', '"seed" appears 2 times; the first is used.']);
  });

  it('caps every notice list with "and N more"', () => {
    expect(capList(['a', 'b'], 3)).toEqual(['a', 'b']);
    expect(capList(['a', 'b', 'c', 'd', 'e'], 3)).toEqual(['a', 'b', 'and 3 more.']);
    // Every setting key repeated, each with a bad first value: far more than MAX_NOTICES problems.
    const keys = ['n', 'noise', 'classes', 'seed', 'val', 'test', 'epochs', 'lr', 'batch', 'hidden', 'act', 'opt', 'drop', 'l2', 'model'];
    const r = decodeSettings(keys.map((k) => `${k}=bad&${k}=bad`).join('&'));
    expect(r.notices).toHaveLength(MAX_NOTICES);
    expect(r.notices[MAX_NOTICES - 1]).toMatch(/^and \d+ more\.$/);
  });
});
