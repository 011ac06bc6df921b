import type { TrainCallbacks } from './loop';
import type { EpochRecord } from './types';

/**
 * Pause, step and pace for one training run. The gate never touches the model, the optimiser or the random
 * streams: it only decides *when* the loop goes on, so a paused, stepped or paced run computes exactly the
 * numbers of one trained straight through (tested on the cpu backend).
 *
 * - pause(): the loop holds after the batch in progress (between batches) until resume(), step() or stop().
 * - step(): trains on to the end of the current epoch (one more epoch from an epoch boundary), then holds.
 * - pace: epochs per second; each epoch's record is released no sooner than 1/pace s after the previous one.
 * - stop(): ends a hold or a pace wait at once, so Stop still lands within one batch.
 *
 * The clock is injected so unit tests can pace without waiting.
 */
export interface GateClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: GateClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RunGate {
  private paused = false;
  private stepping = false;
  private stopped = false;
  private pace: number | null = null;
  private lastRelease = -Infinity;
  private wake: (() => void) | null = null;
  /** Told when the loop actually starts and stops holding (not when pause is merely asked for). */
  onHold: ((held: boolean) => void) | null = null;

  constructor(private readonly clock: GateClock = realClock) {}

  pause(): void {
    this.paused = true;
    this.stepping = false;
  }

  resume(): void {
    this.paused = false;
    this.stepping = false;
    this.signal();
  }

  /** One more epoch, then hold again; works before training starts, while running and while paused. */
  step(): void {
    this.paused = false;
    this.stepping = true;
    this.signal();
  }

  stop(): void {
    this.stopped = true;
    this.signal();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Epochs per second; 0 for as fast as possible. A change applies to the epoch being waited for. */
  setPace(epochsPerSecond: number): void {
    this.pace = Number.isFinite(epochsPerSecond) && epochsPerSecond > 0 ? epochsPerSecond : 0;
    this.signal();
  }

  /** The run's own pace (from its settings) unless one was set meanwhile (the user changed it while loading). */
  defaultPace(epochsPerSecond: number): void {
    if (this.pace === null) this.setPace(epochsPerSecond);
  }

  /** Whether the loop should hold after this batch. */
  holdsNow(): boolean {
    return this.paused && !this.stopped;
  }

  /** Holds while paused; returns at once otherwise, or when resumed, stepped or stopped. */
  async hold(): Promise<void> {
    if (!this.holdsNow()) return;
    this.onHold?.(true);
    while (this.holdsNow()) await this.nextSignal();
    this.onHold?.(false);
  }

  /** Before an epoch's record goes out: waits until its release time at the current pace (a step does not wait). */
  async paceWait(): Promise<void> {
    for (;;) {
      const interval = this.pace ? 1000 / this.pace : 0;
      const wait = this.lastRelease + interval - this.clock.now();
      if (this.stopped || this.stepping || !interval || wait <= 0) break;
      await Promise.race([this.clock.sleep(wait), this.nextSignal()]);
    }
    this.lastRelease = this.clock.now();
  }

  /** After an epoch's record went out: a step ends here (the run holds), and a pause asked for meanwhile holds here. */
  async epochEnd(): Promise<void> {
    if (this.stepping) {
      this.stepping = false;
      this.paused = true;
    }
    await this.hold();
  }

  private nextSignal(): Promise<void> {
    return new Promise((resolve) => {
      const previous = this.wake;
      this.wake = () => {
        previous?.();
        resolve();
      };
    });
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/**
 * The loop's callbacks with the gate in them: holds between batches, Stop through the gate, and at each epoch
 * end the pace wait before `onEpochEnd` (so the record goes out on time) and the step / pause hold after it.
 * No hold after the last epoch, or after the epoch early stopping ended the run: there is nothing left to step.
 */
export function gatedCallbacks(gate: RunGate, epochs: number, callbacks: TrainCallbacks): TrainCallbacks {
  return {
    ...callbacks,
    isPaused: () => gate.holdsNow(),
    whilePaused: () => gate.hold(),
    shouldStop: () => gate.isStopped || (callbacks.shouldStop?.() ?? false),
    onEpochEnd: async (record: EpochRecord) => {
      await gate.paceWait();
      await callbacks.onEpochEnd?.(record);
      if (record.epoch < epochs && !record.earlyStop) await gate.epochEnd();
    },
  };
}
