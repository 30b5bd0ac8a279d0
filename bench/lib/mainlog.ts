/**
 * RUNNING transitions read from the daemon's main log ("success: NAME entered RUNNING state"), with
 * the log's own millisecond timestamps. Watching the file instead of polling the RPC matters: any
 * request wakes supervisord's loop, which is what moves STARTING to RUNNING, so an RPC poll would
 * speed up the daemon it measures (unprodded, 4.2.5 waits for its 1 s poll timeout).
 */
import { readFileSync } from 'node:fs';

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) INFO success: (\S+) entered RUNNING state/gm;

export interface RunningEntry {
  name: string;
  /** Wall-clock ms (the log is in local time, as Date's constructor reads it). */
  at: number;
}

export function parseRunningEntries(text: string): RunningEntry[] {
  const out: RunningEntry[] = [];
  for (const m of text.matchAll(LINE)) {
    const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
    out.push({ name: m[8]!, at: new Date(y, mo - 1, d, h, mi, s, ms).getTime() });
  }
  return out;
}

export function runningEntries(logPath: string): RunningEntry[] {
  try {
    return parseRunningEntries(readFileSync(logPath, 'utf8'));
  } catch {
    return [];
  }
}

/** Polls the log (never the daemon) until it holds `count` RUNNING entries; returns them. */
export async function waitRunningEntries(logPath: string, count: number, timeoutMs: number, what: string): Promise<RunningEntry[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const entries = runningEntries(logPath);
    if (entries.length >= count) return entries;
    if (performance.now() > deadline) throw new Error(`${what}: ${entries.length} of ${count} RUNNING lines in ${logPath}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
