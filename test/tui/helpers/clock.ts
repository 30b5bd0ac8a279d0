/** A table clock the test moves: uptimes on screen change only when it is set. */
import type { Clock } from '../../../tui/clock/clock.ts';

export class ManualClock implements Clock {
  private readonly listeners = new Set<() => void>();
  constructor(private ms: number) {}
  now = (): number => this.ms;
  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  /** The test moves the clock itself. */
  sync(): void {}
  /** Move to `ms` and tell the subscribers, as a tick does. */
  set(ms: number): void {
    this.ms = ms;
    for (const l of this.listeners) l();
  }
  get subscribers(): number {
    return this.listeners.size;
  }
}
