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
}

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
      this.timer = setInterval(() => this.tick(), this.periodMs);
      this.timer.unref();
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  };

  private tick(): void {
    this.value = Date.now();
    for (const l of this.listeners) l();
  }
}
