/**
 * The server's clock relative to ours, from which the dashboard derives uptimes (tui/clock/).
 * Each feed message and poll answer carries the server's `now`, late by the answer's travel time;
 * a poll's is whole seconds (truncated), so it reads up to 1 s low — the middle of that second is
 * the better guess. Readings then scatter within about half a second of the truth: moving the
 * estimate on each would change every RUNNING row's derived start, so every row would be rebuilt
 * on every message. The first reading stands until one disagrees by more than that scatter (the
 * server's clock was set). Pure.
 */

/** A reading further than this (s) from the estimate is a clock that was set, not scatter. */
const JUMP_S = 1;

/**
 * The estimate (server seconds minus local seconds) after reading `serverNow` at local time
 * `localMs`; `wholeSeconds`: the reading was truncated to the second (getAllProcessInfo's `now`).
 */
export function nextClockOffset(current: number | null, serverNow: number, localMs: number, wholeSeconds: boolean): number {
  const reading = serverNow + (wholeSeconds ? 0.5 : 0) - localMs / 1000;
  return current === null || Math.abs(reading - current) > JUMP_S ? reading : current;
}
