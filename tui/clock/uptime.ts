/**
 * Uptimes derived at render from the data and the table clock. Pure. A RUNNING process's data
 * carries when it started (server seconds); the server's clock is the local clock plus the
 * offset the watcher measured (src/live/clock-offset.ts). Nothing here depends on when the
 * data arrived, so a row scrolled into view, a sort by uptime and the details view agree.
 */
import { runningDescription } from '../../src/protocol/describe.ts';
import { ProcessStates, type ProcessInfo } from '../../src/protocol/index.ts';
import type { ProcessRow } from '../model.ts';

/**
 * The local time (seconds, fractional) at which a RUNNING process's uptime was 0, or null when it
 * shows none. `floor(local - since)` equals `floor(local + offset) - start` (start is whole
 * seconds): what the server would answer at that moment.
 */
export function runningSince(p: ProcessInfo, clockOffset: number): number | null {
  return p.state === ProcessStates.RUNNING && p.start > 0 ? p.start - clockOffset : null;
}

/** Whole seconds of uptime at local time `nowMs`; never negative (a row built a moment after the last tick). */
export function uptimeAt(since: number, nowMs: number): number {
  return Math.max(0, Math.floor(nowMs / 1000 - since));
}

/** A row's uptime in seconds at `nowMs`, or null when it shows none. */
export function rowUptime(row: ProcessRow, nowMs: number): number | null {
  return row.since === null ? null : uptimeAt(row.since, nowMs);
}

/** The row's DESCRIPTION cell: a RUNNING one says `pid N, uptime H:MM:SS` as of `up`; others are the server's text. */
export function rowDescription(row: ProcessRow, up: number | null): string {
  return up === null ? row.description : runningDescription(row.pid, up);
}

/** An info's description at local time `nowMs` (the details view): RUNNING uptimes as of the clock, the rest as reported. */
export function descriptionAt(p: ProcessInfo, clockOffset: number, nowMs: number): string {
  const since = runningSince(p, clockOffset);
  return since === null ? p.description : runningDescription(String(p.pid), uptimeAt(since, nowMs));
}
