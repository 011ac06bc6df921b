import type { LabState } from './lab';
import { useLab } from './lab';
import { recordStep } from './lessons';
import { initialTeachState, useTeach } from './teach-state';
import { pairRunEnded } from './train-both';

/**
 * Teaching, cut by job: the store and its selectors (./teach-state.ts), the URL keys (./teach-url.ts), lessons
 * (./lessons.ts) and "Train both" (./train-both.ts). This module ties them to the lab's runs and is what the UI
 * imports.
 */
export * from './teach-state';
export * from './teach-url';
export * from './lessons';
export * from './train-both';

/**
 * Follows the lab's runs: when one leaves 'training', the pair moves on and the lesson step notes what the run
 * showed. Started with the URL sync (./url-sync.ts); returns the function that stops following.
 */
export function followLabRuns(): () => void {
  return useLab.subscribe((s: LabState, prev: LabState) => {
    if (prev.run.status === 'training' && s.run.id === prev.run.id && s.run.status !== 'training') {
      const partOfPairA = pairRunEnded(s.run);
      recordStep(s.run, partOfPairA);
    }
  });
}

/** The teaching state as on a fresh page, with the lab's own trainer. */
export function resetTeach(): void {
  useTeach.setState(initialTeachState(), true);
}
