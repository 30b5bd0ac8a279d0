/**
 * The table clock: local time, advanced once a second while something on screen shows a time.
 * Process data changes only when a server reports a change; what shows an uptime (the visible
 * rows' UPTIME and DESCRIPTION cells, the details view) subscribes here and derives its text
 * from (info, clock) at render (uptime.ts), so a tick re-renders those cells, not the table.
 */
export interface Clock {
  /** Local time (ms) of the last tick: stable between notifications, as useSyncExternalStore needs. */
  now(): number;
  /** Ticks while at least one listener is subscribed. */
  subscribe(listener: () => void): () => void;
  /**
   * Data is being drawn now (a stats sample, a change): move the clock with it, so the uptimes
   * ride on that frame instead of a frame of their own a moment later. Call it in the same task
   * as the dispatch: React renders both in one pass, Ink draws one frame.
   */
  sync(): void;
}

/**
 * How long after a sync the next tick waits: a little over a period, so that data arriving once a
 * second (the feed's stats samples are aligned to the second) carries every tick, and a tick
 * comes on its own only when the data stops.
 */
const SYNC_SLACK_MS = 150;

/** Date.now(), once a second while subscribed (no timer while nothing on screen shows a time). */
export class TickingClock implements Clock {
  private value = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly periodMs = 1000) {}

  now = (): number => this.value;

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      // Idle for a while: the first reading is fresh, not the last tick's.
      this.value = Date.now();
      this.schedule(this.periodMs);
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.cancel();
    };
  };

  sync(): void {
    if (this.listeners.size === 0) return;
    this.value = Date.now();
    this.schedule(this.periodMs + SYNC_SLACK_MS);
    this.notify();
  }

  private schedule(ms: number): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.value = Date.now();
      this.schedule(this.periodMs);
      this.notify();
    }, ms);
    this.timer.unref();
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
