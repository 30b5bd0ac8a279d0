/** The table clock in React: components that show a time read it here, and only they re-render on a tick. */
import { createContext, useContext, useRef, useSyncExternalStore } from 'react';
import { TickingClock, type Clock } from './clock.ts';

/** Local time, once a second while something on screen shows a time. */
export const systemClock: Clock = new TickingClock();

export const ClockContext = createContext<Clock>(systemClock);

const noSubscription = () => () => {};

/**
 * The clock's time (local ms) while `live`; otherwise the last time read, with no subscription
 * (nothing shown ticks, or the view is paused: uptimes stand still as the data does).
 */
export function useClock(live: boolean): number {
  const clock = useContext(ClockContext);
  const last = useRef<number | null>(null);
  const value = useSyncExternalStore(live ? clock.subscribe : noSubscription, () => (live || last.current === null ? clock.now() : last.current));
  last.current = value;
  return value;
}
