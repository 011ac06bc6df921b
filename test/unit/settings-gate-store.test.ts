import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/core/preset/schema';
import { setSettings, startExperiment, startRun } from '../../src/store/actions';
import { initialLabState, useLab } from '../../src/store/lab';
import { gatePatch, trainRefusals, trainRefusalText } from '../../src/store/settings-gate';
import { useUploads } from '../../src/store/uploads';
import type { CustomData } from '../../src/core/data/custom';

/** An uploaded two-class table, as far as the gate looks at it. */
const table = (classes: string[]): CustomData =>
  ({
    dataset: { shape: [2], count: 4, x: new Float32Array(8), y: new Int32Array(4), classNames: classes, task: 'classification' },
  }) as unknown as CustomData;

beforeEach(() => {
  useLab.setState(initialLabState());
  useUploads.setState({ table: null, images: null });
});

describe('store: setSettings goes through the settings gate', () => {
  it('keeps a value the run would refuse out of the store, with a notice saying why', () => {
    setSettings({ val: 0.5 });
    expect(useLab.getState().settings.val).toBe(0.5);
    expect(useLab.getState().settingNotices).toEqual([]);
    setSettings({ test: 0.5 });
    const { settings, settingNotices } = useLab.getState();
    expect(settings).toMatchObject({ val: 0.5, test: 0.2 });
    expect(settingNotices).toEqual([
      '"val" 0.5 and "test" 0.5 hold out 100% of the data (at most 80% together), leaving too little to train on; using 0.5 and 0.2.',
    ]);
    expect(trainRefusals(settings)).toEqual([]);
  });

  it('refuses an invalid typed value (what the form shows next to the field)', () => {
    expect(gatePatch(defaultSettings(), { epochs: 0 }).fieldErrors.epochs).toBe('Epochs: 0 is outside 1 … 1000.');
    setSettings({ epochs: 0 });
    expect(useLab.getState().settings.epochs).toBe(defaultSettings().epochs);
  });

  it("checks the minority class against an uploaded table's classes", () => {
    useUploads.setState({ table: { id: 'table', custom: table(['a', 'b']) } as never });
    const s = { ...defaultSettings(), dataset: 'table' as const, minorityShare: 0.5, minorityClass: 3 };
    expect(trainRefusals(s)).toEqual([
      'Minority class (index): class 3 does not exist: this dataset has 2 classes (0 … 1); pick one of them.',
    ]);
    expect(trainRefusals({ ...s, minorityClass: 1 })).toEqual([]);
  });
});

describe("store: Train's refusals, read on every store change", () => {
  it('are the same words as trainRefusals, and follow a change of the settings or of the loaded data', () => {
    const s = { ...defaultSettings(), dataset: 'table' as const };
    expect(trainRefusalText(s)).toBe(trainRefusals(s).join('\n'));
    expect(trainRefusalText(s)).toMatch(/table/i);
    useUploads.setState({ table: { id: 'table', custom: table(['a', 'b']) } as never });
    expect(trainRefusalText(s)).toBe('');
    expect(trainRefusalText({ ...s, minorityShare: 0.5, minorityClass: 3 })).toMatch(/class 3 does not exist/);
    expect(trainRefusalText(defaultSettings())).toBe('');
  });
});

describe('store: Train is refused with the reason while the settings would be refused', () => {
  it('ends a run at once as failed, naming what to fix, without starting the trainer', () => {
    useLab.setState({ settings: { ...defaultSettings(), val: 0.5, test: 0.5 } });
    startRun();
    const { run } = useLab.getState();
    expect(run.status).toBe('error');
    expect(run.id).toBeNull();
    expect(run.error).toMatch(/^Train needs other settings: Validation fraction: validation 0.5 \+ test 0.5 hold out 100%/);
  });

  it('refuses a run on your own table or images while none is loaded, saying what to load', () => {
    for (const dataset of ['table', 'images'] as const) {
      useLab.setState({ settings: { ...defaultSettings(), dataset } });
      expect(trainRefusals(useLab.getState().settings).join(' ')).toMatch(/under "Your data" first/);
      startRun();
      expect(useLab.getState().run).toMatchObject({ status: 'error', id: null });
    }
  });

  it('refuses an experiment the same way', () => {
    useLab.setState({ settings: { ...defaultSettings(), epochs: -3 } });
    startExperiment({ kind: 'cv', folds: 3 } as never);
    expect(useLab.getState().experiment).toMatchObject({ status: 'error', id: null });
    expect(useLab.getState().experiment.error).toMatch(/Epochs: -3 is outside/);
  });
});
