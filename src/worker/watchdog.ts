/**
 * Notices a training worker that has gone silent: one in an endless loop, or dead without an error event. A
 * worker run sends a heartbeat every HEARTBEAT_MS whatever it does (its awaits, pauses and GPU waits let the
 * timer run), so silence this long means its thread is stuck or gone.
 */
export const HEARTBEAT_MS = 2_000;
/** Generous: a slow device may block the worker for seconds at a time (shader builds, decoding a dataset). */
export const SILENT_MS = 60_000;

export interface Watchdog {
  /** The worker spoke: the silence starts again. */
  beat(): void;
  /** The run ended (or was handed elsewhere): no more watching. */
  stop(): void;
}

/** Calls `onSilent` once, when nothing was heard for `silentMs`; `beat` resets the wait. */
export function startWatchdog(onSilent: () => void, silentMs = SILENT_MS): Watchdog {
  let timer: ReturnType<typeof setTimeout> | null = setTimeout(fire, silentMs);
  function fire() {
    timer = null;
    onSilent();
  }
  return {
    beat() {
      if (timer === null) return;
      clearTimeout(timer);
      timer = setTimeout(fire, silentMs);
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
