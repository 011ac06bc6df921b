import { beforeEach, describe, expect, it } from 'vitest';
import { decodeSettings } from '../../src/core/preset/codec';
import { DEFAULT_VIEW, VIEWS, viewOf } from '../../src/core/preset/views';
import { isPageQueryKey, stripPageKeys } from '../../src/core/preset/page-keys';
import { useLab } from '../../src/store/lab';
import { initialTeachState, loadTeachQuery, shareQuery, useTeach } from '../../src/store/teach';
import { currentView, setView } from '../../src/store/view';

describe('the view= URL key', () => {
  beforeEach(() => useTeach.setState(initialTeachState()));

  it('names one of the views; anything else is the lab', () => {
    expect(VIEWS.map((v) => v.id)).toEqual(['lab', 'evaluate', 'inside', 'experiments', 'history', 'data']);
    expect(viewOf('')).toBe(DEFAULT_VIEW);
    expect(viewOf('view=history')).toBe('history');
    expect(viewOf('?data=digits&view=evaluate')).toBe('evaluate');
    expect(viewOf('view=nowhere')).toBe('lab');
    expect(viewOf('view=')).toBe('lab');
    // The first value counts, as with every other key.
    expect(viewOf('view=data&view=history')).toBe('data');
  });

  it('is a page key, not a setting: no unknown-key notice, and decoding ignores it', () => {
    expect(isPageQueryKey('view')).toBe(true);
    expect(stripPageKeys('data=digits&view=history&lr=0.1')).toBe('data=digits&lr=0.1');
    const withView = decodeSettings('data=digits&lr=0.1&view=history');
    const without = decodeSettings('data=digits&lr=0.1');
    expect(withView.settings).toEqual(without.settings);
    expect(withView.notices).toEqual(without.notices);
  });

  it('setView writes the key beside the other page keys and the share link keeps it; the lab drops it', () => {
    loadTeachQuery('present=1');
    setView('history');
    expect(currentView()).toBe('history');
    expect(useTeach.getState().query).toBe('present=1&view=history');
    const link = new URLSearchParams(shareQuery(useLab.getState().settings));
    expect(link.get('view')).toBe('history');
    expect(link.get('present')).toBe('1');
    setView('lab');
    expect(useTeach.getState().query).toBe('present=1');
    expect(currentView()).toBe('lab');
  });

  it('switching views keeps the lesson and its step', () => {
    loadTeachQuery('lesson=l2');
    useTeach.setState({ step: 2 });
    setView('evaluate');
    expect(useTeach.getState().step).toBe(2);
    expect(new URLSearchParams(useTeach.getState().query).get('lesson')).toBe('l2');
  });
});
