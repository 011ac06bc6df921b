import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSettings, encodeSettings } from '../../src/core/preset/codec';
import { defaultSettings, type Settings } from '../../src/core/preset/schema';
import type { EpochRecord } from '../../src/core/train/types';
import { cureById, describeChange } from '../../src/core/teach/cures';
import { lessonById } from '../../src/lessons';
import { handleTrainerEvent } from '../../src/store/actions';
import { idleRun, initialLabState, useLab } from '../../src/store/lab';
import {
  closeLesson,
  doStep,
  hiddenKeysOf,
  isPresent,
  joinQuery,
  lessonFinished,
  lessonOf,
  loadTeachQuery,
  openLesson,
  followLabRuns,
  resetTeach,
  restorePairA,
  setPresent,
  setTeachTrainer,
  shareQuery,
  startCureComparison,
  startTrainBoth,
  stopTrainBoth,
  teachQueryOf,
  useTeach,
} from '../../src/store/teach';

// ---------------------------------------------------------------- a fake trainer over the real lab store

let counter = 0;
/** Runs started, in order, with the settings each started with. */
let started: { id: string; settings: Settings }[] = [];

const fakeTrainer = {
  start() {
    if (fakeTrainer.busy()) return;
    const id = `fake-${++counter}`;
    const { settings } = useLab.getState();
    started.push({ id, settings });
    useLab.setState({ run: { ...idleRun(), id, status: 'training', phase: 'training', settings, startedAt: Date.now() } });
  },
  stop() {
    const { run } = useLab.getState();
    if (run.status === 'training' && run.id) handleTrainerEvent({ type: 'end', runId: run.id, status: 'stopped' });
  },
  busy: () => useLab.getState().run.status === 'training',
};

/** Epoch records whose validation loss falls to `turn`, then climbs while training loss keeps falling. */
function curve(epochs: number, turn: number): EpochRecord[] {
  return Array.from({ length: epochs }, (_, i) => {
    const e = i + 1;
    const val = e <= turn ? 1.2 - 0.08 * e : 1.2 - 0.08 * turn + 0.06 * (e - turn);
    return { epoch: e, loss: 1 / e, acc: 0.5 + e / (2 * epochs), val_loss: val, val_acc: 0.6, val_confusion: null, lr: 0.01, ms: 5 };
  });
}

/** Feeds epochs to the current run and ends it. */
function finishCurrent(status: 'done' | 'stopped' | 'error' = 'done', history: EpochRecord[] = curve(12, 12), message?: string): string {
  const id = useLab.getState().run.id!;
  for (const record of history) handleTrainerEvent({ type: 'epoch', runId: id, record, memory: { tensors: 1, bytes: 1 } });
  handleTrainerEvent({ type: 'end', runId: id, status, ...(message ? { message } : {}) });
  return id;
}

/** Lets the microtask that starts run B run. */
const tick = () => new Promise<void>((r) => queueMicrotask(r));

let stopFollowing: () => void = () => {};

beforeEach(() => {
  useLab.setState(initialLabState(), true);
  resetTeach();
  setTeachTrainer(fakeTrainer);
  stopFollowing = followLabRuns();
  started = [];
});

afterEach(() => {
  stopFollowing();
  resetTeach();
});

// ---------------------------------------------------------------- URL keys

describe('teaching URL keys', () => {
  it('keeps only the teaching keys, in order, and the codec ignores them', () => {
    const q = 'data=digits&lesson=l2&epochs=5&present=1&lr_hide=1&bogus_hide=1';
    expect(teachQueryOf(q)).toBe('lesson=l2&present=1&lr_hide=1');
    expect(teachQueryOf(`?${q}`)).toBe('lesson=l2&present=1&lr_hide=1');
    const decoded = decodeSettings(q);
    // bogus_hide is not a setting's hide key, so it is still reported as unknown; the rest are silently understood.
    expect(decoded.notices).toEqual(['Ignored unknown link key: bogus_hide.']);
    expect(decodeSettings('lesson=l2&present=1&drop_hide=1&epochs=5').notices).toEqual([]);
    expect(decoded.settings.epochs).toBe(5);
  });

  it("hides `_hide=1` keys in any mode, all but the lesson controls in present mode, and the lesson's own list", () => {
    expect([...hiddenKeysOf('lr_hide=1')]).toEqual(['lr']);
    const lesson = lessonById('overfitting-and-dropout')!;
    const inLesson = hiddenKeysOf('lesson=overfitting-and-dropout');
    for (const key of lesson.hide!) expect(inLesson.has(key)).toBe(true);
    expect(inLesson.has('drop')).toBe(false);
    const presenting = hiddenKeysOf('lesson=overfitting-and-dropout&present=1');
    expect(presenting.has('drop')).toBe(false);
    expect(presenting.has('dropRate')).toBe(false);
    expect(presenting.has('lr')).toBe(true);
    expect(presenting.has('data')).toBe(true);
    // Shown explicitly: present mode and the lesson's hide list give way.
    const shown = hiddenKeysOf('lesson=overfitting-and-dropout&present=1&lr_hide=0&bn_hide=0');
    expect(shown.has('lr')).toBe(false);
    expect(shown.has('bn')).toBe(false);
    // Without a lesson, present mode keeps the default few.
    expect(hiddenKeysOf('present=1').has('lr')).toBe(false);
    expect(hiddenKeysOf('present=1').has('seed')).toBe(true);
  });

  it('present mode toggles in the teaching query, which the share query carries', () => {
    loadTeachQuery('?epochs=5&lr_hide=1');
    setPresent(true);
    expect(isPresent(useTeach.getState().query)).toBe(true);
    const settings = { ...defaultSettings(), epochs: 5 };
    expect(shareQuery(settings)).toBe('epochs=5&lr_hide=1&present=1');
    setPresent(false);
    expect(shareQuery(settings)).toBe('epochs=5&lr_hide=1');
    expect(joinQuery('', 'present=1')).toBe('present=1');
    expect(joinQuery('a=1', '')).toBe('a=1');
  });
});

// ---------------------------------------------------------------- train both

describe('train both', () => {
  const base = (): Settings => ({ ...defaultSettings(), dataset: 'digits', epochs: 12 });

  it('runs A, then B with the cure on once A is done; both curves are kept and B stays applied', async () => {
    useLab.setState({ settings: base() });
    const ended: string[] = [];
    // Another listener of the lab (like the run history) must see each run end, A included.
    const stop = useLab.subscribe((s, prev) => {
      if (prev.run.status === 'training' && s.run.status !== 'training' && s.run.id === prev.run.id) ended.push(s.run.id!);
    });
    expect(startCureComparison('dropout')).toBe(true);
    expect(useTeach.getState().pair.status).toBe('a');
    expect(started[0].settings.dropout).toBe(false);

    const a = finishCurrent('done', curve(12, 4));
    expect(useTeach.getState().pair.a?.history).toHaveLength(12);
    await tick();
    expect(started).toHaveLength(2);
    expect(started[1].settings).toEqual({ ...base(), dropout: true });
    expect(useTeach.getState().pair.status).toBe('b');
    expect(useTeach.getState().pair.b?.runId).toBe(started[1].id);

    const b = finishCurrent('done', curve(12, 12));
    const pair = useTeach.getState().pair;
    expect(pair.status).toBe('done');
    expect(pair.a?.label).toMatch(/^A, without dropout/);
    expect(pair.b?.label).toMatch(/^B, with dropout/);
    expect(pair.b?.history).toHaveLength(12);
    expect(ended).toEqual([a, b]);
    stop();

    // B's settings stay applied (the form matches the run shown); "Back to A" restores A's.
    expect(useLab.getState().settings.dropout).toBe(true);
    restorePairA();
    expect(useLab.getState().settings).toEqual(base());
  });

  it('Stop both during A stops the pair: B never starts', async () => {
    useLab.setState({ settings: base() });
    startCureComparison('l2');
    stopTrainBoth();
    await tick();
    expect(useLab.getState().run.status).toBe('stopped');
    expect(useTeach.getState().pair.status).toBe('stopped');
    expect(started).toHaveLength(1);
  });

  it('the ordinary Stop during A, or during B, also ends the pair', async () => {
    useLab.setState({ settings: base() });
    startCureComparison('earlyStop');
    fakeTrainer.stop();
    await tick();
    expect(useTeach.getState().pair.status).toBe('stopped');
    expect(started).toHaveLength(1);

    startCureComparison('earlyStop');
    finishCurrent('done');
    await tick();
    expect(useTeach.getState().pair.status).toBe('b');
    fakeTrainer.stop();
    await tick();
    expect(useTeach.getState().pair.status).toBe('stopped');
    expect(started).toHaveLength(3);
  });

  it('a failed run A does not start B', async () => {
    useLab.setState({ settings: base() });
    startCureComparison('dropout');
    finishCurrent('error', curve(2, 2), 'Training diverged');
    await tick();
    expect(useTeach.getState().pair.status).toBe('error');
    expect(useTeach.getState().pair.message).toMatch(/Training diverged/);
    expect(started).toHaveLength(1);
  });

  it('refuses while the trainer is busy, and cures that are already on or do not apply', () => {
    useLab.setState({ settings: { ...base(), dropout: true } });
    expect(cureById('dropout').unavailable(useLab.getState().settings)).toMatch(/already on/);
    expect(startCureComparison('dropout')).toBe(false);
    expect(cureById('augmentation').unavailable({ ...defaultSettings(), dataset: 'spiral' })).toMatch(/image/);
    expect(cureById('augmentation').unavailable(base())).toBeNull();
    fakeTrainer.start();
    expect(startTrainBoth(base(), { ...base(), l2: true }, ['x', 'y'])).toBe(false);
    expect(started).toHaveLength(1);
  });

  it('describes changes in words', () => {
    expect(describeChange(base(), { dropout: true, dropoutRate: 0.5 })).toBe('Dropout on');
    expect(describeChange(base(), { l2: true, l2Lambda: 0.01 })).toBe('L2 on, L2 λ 0.01');
  });
});

// ---------------------------------------------------------------- lessons

describe('lessons', () => {
  it('opening a lesson loads its settings and sets lesson=<id>; unknown ids do nothing', () => {
    expect(openLesson('nope')).toBe(false);
    expect(openLesson('overfitting-and-dropout')).toBe(true);
    const lesson = lessonById('overfitting-and-dropout')!;
    expect(encodeSettings(useLab.getState().settings)).toBe(encodeSettings(decodeSettings(lesson.url).settings));
    expect(useTeach.getState().query).toBe('lesson=overfitting-and-dropout');
    expect(lessonOf(useTeach.getState().query)?.id).toBe(lesson.id);
    closeLesson();
    expect(useTeach.getState().query).toBe('');
  });

  it('"Do it" applies the step and trains; the run\'s outcome belongs to its step even if the student moves on', () => {
    openLesson('overfitting-and-dropout');
    const lesson = lessonById('overfitting-and-dropout')!;
    expect(doStep(0)).toBe(true);
    expect(started).toHaveLength(1);
    // The student reads ahead while it trains.
    useTeach.setState({ step: 1 });
    finishCurrent('done', curve(30, 6));
    let t = useTeach.getState();
    expect(t.outcomes[0]?.check).toEqual({ pass: true, value: 'overfitting' });
    expect(t.outcomes[1]).toBeUndefined();

    expect(doStep(1)).toBe(true);
    expect(started[1].settings.dropout).toBe(true);
    expect(useLab.getState().settings.dropout).toBe(true);
    finishCurrent('done', curve(30, 6));
    t = useTeach.getState();
    expect(t.outcomes[1]?.check?.pass).toBe(false); // this fake curve's gap is large
    expect(lessonFinished(t, lesson)).toBe(false);

    doStep(2);
    expect(useLab.getState().settings.dropoutRate).toBe(0.8);
    finishCurrent('done');
    expect(lessonFinished(useTeach.getState(), lesson)).toBe(true);
  });

  it('a train-both step trains before and after its change; only run B is checked', async () => {
    openLesson('l2');
    expect(doStep(0)).toBe(true);
    expect(started[0].settings.l2).toBe(false);
    finishCurrent('done', curve(30, 6));
    expect(useTeach.getState().outcomes[0]).toBeUndefined();
    await tick();
    expect(started[1].settings.l2).toBe(true);
    expect(started[1].settings.l2Lambda).toBe(0.01);
    expect(useTeach.getState().pair.a?.label).toBe('A, before: L2 off, L2 λ 0.001');
    expect(useTeach.getState().pair.b?.label).toBe('B, after: L2 on, L2 λ 0.01');
    finishCurrent(
      'done',
      curve(30, 30).map((r) => ({ ...r, val_loss: r.loss + 0.1 })),
    );
    expect(useTeach.getState().outcomes[0]?.check).toEqual({ pass: true, value: expect.closeTo(0.1, 6) });
  });

  it('a run that diverged counts as "diverged" for a state check', () => {
    openLesson('learning-rate');
    doStep(0);
    expect(useLab.getState().settings.lr).toBe(1);
    finishCurrent('error', curve(1, 1), 'The loss became NaN at epoch 1, batch 3: training diverged. Try a lower learning rate (now 1).');
    expect(useTeach.getState().outcomes[0]?.check).toEqual({ pass: true, value: 'diverged' });
  });
});
