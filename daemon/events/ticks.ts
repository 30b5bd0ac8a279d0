/**
 * TICK_5 / TICK_60 / TICK_3600: emitted when wall-clock time enters a new multiple of the
 * period; the first one at the first boundary after start (as Supervisor's tick()).
 */
import { TICK_PERIODS } from './payload.ts';
import type { TickEvent } from './types.ts';

function timeslice(period: number, epochSeconds: number): number {
  return Math.floor(epochSeconds / period) * period;
}

/** Pure: remembers the last slice of each period and reports the ticks due at `now`. */
export class TickTracker {
  private readonly last = new Map<number, number>();

  /** `now` in epoch seconds (fractional allowed). */
  check(now: number): TickEvent[] {
    const due: TickEvent[] = [];
    for (const period of TICK_PERIODS) {
      const slice = timeslice(period, now);
      const prev = this.last.get(period);
      this.last.set(period, slice);
      if (prev !== undefined && prev !== slice) due.push({ name: `TICK_${period}`, when: slice });
    }
    return due;
  }
}

/** Milliseconds from `nowMs` to the next 5-second wall-clock boundary (every period is a multiple of 5 s). */
export function msUntilNextBoundary(nowMs: number): number {
  return 5000 - (nowMs % 5000);
}

/** Runs a TickTracker on a timer aimed at each boundary; returns a stop function. */
export function startTicks(publish: (e: TickEvent) => void, clock: () => number = Date.now): () => void {
  const tracker = new TickTracker();
  tracker.check(clock() / 1000);
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    // A few ms past the boundary so a timer that fires early still lands in the new slice.
    timer = setTimeout(fire, msUntilNextBoundary(clock()) + 5);
    timer.unref();
  };
  const fire = (): void => {
    for (const e of tracker.check(clock() / 1000)) publish(e);
    arm();
  };
  arm();
  return () => clearTimeout(timer);
}
