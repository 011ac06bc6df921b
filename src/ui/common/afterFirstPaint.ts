import { useEffect, useState } from 'react';

/**
 * Resolves once the first screen has painted, the second pass has begun, and the browser then has a moment
 * (idle, or 1.5 s at the latest). Code the first screen can show a placeholder for (the chart library, the
 * views past the lab) loads then, off the page's critical path: the Train button is usable before a byte of it
 * is fetched, and no idle-time work lands between the first frame and the next.
 */
let idle: Promise<void> | null = null;
export function afterFirstPaint(): Promise<void> {
  idle ??= afterTwoFrames().then(
    () =>
      new Promise<void>((resolve) => {
        const later = () => whenIdle(resolve, 1500);
        if (document.readyState === 'complete') later();
        else window.addEventListener('load', later, { once: true });
      }),
  );
  return idle;
}

/** Runs `fn` when the browser is idle (at most `timeoutMs` later), or after 200 ms where it has no idle callbacks. */
export function whenIdle(fn: () => void, timeoutMs: number): void {
  if (window.requestIdleCallback) window.requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else window.setTimeout(fn, 200);
}

/** True once afterFirstPaint has resolved, or at once when `now` (e.g. there is data to draw). */
export function useAfterFirstPaint(now = false): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void afterFirstPaint().then(() => live && setReady(true));
    return () => void (live = false);
  }, []);
  return ready || now;
}

/** Resolves when the page's first render has committed (the first useSecondPass effect), whoever asks first. */
let committed: () => void = () => {};
const firstCommit = new Promise<void>((resolve) => (committed = resolve));

/**
 * One resolution for the whole page: two animation frames after the first render has committed, i.e. once the
 * first screen (Train, the run's status, the curves' boxes) has been on screen for a frame. Counted from the
 * commit, so a caller before the render (main.tsx) does not start the frames early.
 */
let secondPass: Promise<void> | null = null;
function afterTwoFrames(): Promise<void> {
  secondPass ??= firstCommit.then(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
  return secondPass;
}

/**
 * False on the page's first render, true from the frame after it. The lab's secondary panels (settings form,
 * held-out result, data and model, the network card) render in this second pass, so the first frame (Train
 * usable) carries only the run controls and the curves' boxes. Later mounts see true at once.
 */
export function useSecondPass(): boolean {
  const [ready, setReady] = useState(secondPassDone);
  useEffect(() => {
    committed();
    if (ready) return;
    let live = true;
    void afterTwoFrames().then(() => {
      secondPassDone = true;
      if (live) setReady(true);
    });
    return () => void (live = false);
  }, [ready]);
  return ready;
}
let secondPassDone = false;
