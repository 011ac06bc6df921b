import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { RAW_LIBRARY_PATTERNS, isRawLibraryMessage, userMessage, type FailureSite } from '../../src/core/errors/user-message';
import { storageError, useHistory } from '../../src/store/history';
import { describeError, runTraining } from '../../src/worker/runner';
import type { FromTrainer } from '../../src/worker/protocol';

const SITES: FailureSite[] = ['training', 'analysis', 'history', 'search', 'settings-storage', 'worker'];

/** What the code under test throws, caught as the boundary catches it. */
function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** Every failure path the libraries can raise at Fitlab's boundaries, each as the library really raises it where it can be. */
function failures(): [string, unknown, RegExp][] {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], name: 'dense_in' })] });
  const wrongShape = caught(() => tf.tidy(() => model.predict(tf.zeros([3, 5]))));
  model.dispose();
  return [
    ['TF.js concat of nothing (an empty split)', caught(() => tf.concat([])), /no data to work on.*enough rows/],
    [
      'TF.js shape check (model input)',
      wrongShape,
      /model and the data do not fit together: layer 'dense_in' takes inputs of shape \[null,2\], but the data has shape \[3,5\]/,
    ],
    ['TF.js broadcast', caught(() => tf.tidy(() => tf.add(tf.zeros([2, 3]), tf.zeros([4, 5])))), /do not fit together/],
    ['TF.js reshape', caught(() => tf.tidy(() => tf.zeros([6]).reshape([4, 4]))), /do not fit together/],
    ['WebGL context lost', new Error('WebGL context lost (CONTEXT_LOST_WEBGL)'), /WebGL context was lost.*WASM/],
    [
      'WebGL texture too big',
      new Error('Requested texture size [70000x2] greater than WebGL maximum on this browser / GPU [16384x16384].'),
      /ran out of memory/,
    ],
    ['WebGL shader allocation', new Error('Failed to compile fragment shader.'), /ran out of memory/],
    ['out of memory (WASM)', new RangeError('Array buffer allocation failed'), /ran out of memory/],
    ['IndexedDB quota', new DOMException('The quota has been exceeded.', 'QuotaExceededError'), /storage is full/],
    [
      'IndexedDB open refused',
      new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError'),
      /IndexedDB.*unavailable/,
    ],
    [
      'IndexedDB unknown',
      new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'),
      /IndexedDB.*unavailable/,
    ],
    [
      'IndexedDB closing',
      new DOMException("Failed to execute 'transaction' on 'IDBDatabase': The database connection is closing.", 'InvalidStateError'),
      /IndexedDB.*unavailable/,
    ],
    ['IndexedDB missing', new Error('this browser offers no IndexedDB'), /IndexedDB.*unavailable/],
    [
      'localStorage refused',
      new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError'),
      /refuses to let the page store/,
    ],
    [
      'localStorage full',
      new DOMException(
        "Failed to execute 'setItem' on 'Storage': Setting the value of 'fitlab-search' exceeded the quota.",
        'QuotaExceededError',
      ),
      /storage is full/,
    ],
    ['worker crash', { message: 'Uncaught RangeError: Maximum call stack size exceeded', type: 'error' }, /./],
    ['worker script error', 'Script error.', /./],
    ['a thrown non-error object', { toString: () => '[object ErrorEvent]' }, /./],
  ];
}

describe('raw library failures become Fitlab messages at every boundary', () => {
  it('every enumerated failure, at every site, yields a message matching no raw library pattern', () => {
    const list = failures();
    expect(list.length).toBeGreaterThanOrEqual(15);
    for (const [what, err, expected] of list) {
      // The raw text really is a library's (so the mapping is what makes the difference).
      const raw = err instanceof Error ? `${err.name}: ${err.message}` : String((err as { message?: unknown }).message ?? err);
      for (const site of SITES) {
        const m = userMessage(err, site);
        expect(isRawLibraryMessage(m), `${what} at ${site}: ${m}`).toBe(false);
        expect(m.length, what).toBeGreaterThan(20);
        expect(m, `${what} at ${site}`).toMatch(expected);
      }
      expect(raw === userMessage(err, 'training'), what).toBe(false);
    }
  });

  it('the enumerated raw messages are recognised as raw (so the check above can fail)', () => {
    const rawOnes = failures().filter(([what]) => !/IndexedDB missing|non-error/.test(what));
    for (const [what, err] of rawOnes) {
      const raw = err instanceof Error ? `${err.name}: ${err.message}` : String((err as { message?: unknown }).message ?? err);
      expect(isRawLibraryMessage(raw), `${what}: ${raw}`).toBe(true);
    }
    expect(RAW_LIBRARY_PATTERNS.length).toBeGreaterThan(10);
  });

  it("passes Fitlab's own messages through unchanged", () => {
    const own = 'Your table has 3 rows: too few for the split (validation 0.2, test 0.2).';
    expect(userMessage(new Error(own), 'training')).toBe(own);
  });

  it('the trainer boundary (describeError) and the history store map them', () => {
    expect(describeError(caught(() => tf.concat([])))).toMatch(/^There was no data to work on/);
    storageError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const text = useHistory.getState().message?.text ?? '';
    expect(text).toBe(
      "Run history is not saved: This browser's storage is full, so it refused to save. Training goes on, but runs will not be kept after a reload. Delete old runs or free disk space to keep them.",
    );
    expect(isRawLibraryMessage(text)).toBe(false);
  });
});

describe('the trainer boundary ends a run with the mapped message', () => {
  const run = async (query: string, fail: unknown) => {
    const events: FromTrainer[] = [];
    await runTraining('r1', query, {
      emit: (e) => events.push(e),
      shouldStop: () => false,
      fetchAsset: async () => {
        throw fail;
      },
      yieldControl: async () => {},
      inWorker: false,
    });
    return events.at(-1)!;
  };

  it('a lost WebGL context ends the run as interrupted (kept, not failed), in Fitlab words', async () => {
    const end = await run('data=digits', new Error('Failed to link vertex and fragment shaders: CONTEXT_LOST_WEBGL'));
    expect(end).toMatchObject({ type: 'end', status: 'interrupted' });
    expect((end as { message: string }).message).toMatch(/WebGL context was lost/);
    expect(isRawLibraryMessage((end as { message: string }).message)).toBe(false);
  });

  it('out of memory ends the run as failed, in Fitlab words', async () => {
    const end = await run('data=digits', new RangeError('Array buffer allocation failed'));
    expect(end).toMatchObject({ type: 'end', status: 'error', message: expect.stringMatching(/^This device ran out of memory/) });
  });

  it('settings the gate refuses end the run before anything loads, naming the fields', async () => {
    const end = await run('val=0.5&test=0.5', new Error('not reached'));
    expect(end).toMatchObject({ type: 'end', status: 'error' });
    expect((end as { message: string }).message).toMatch(/^These settings cannot be trained: Validation fraction: .* Test fraction: /);
  });
});
