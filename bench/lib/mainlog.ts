/**
 * RUNNING transitions read from the daemon's main log ("success: NAME entered RUNNING state"), with
 * the log's own millisecond timestamps. Watching the file instead of polling the RPC matters: any
 * request wakes supervisord's loop, which is what moves STARTING to RUNNING, so an RPC poll would
 * speed up the daemon it measures (unprodded, 4.2.5 waits for its 1 s poll timeout).
 */
import { readFileSync } from 'node:fs';

/** Where a bench daemon (bench/lib/daemon.ts) writes its main log. */
export function mainLog(d: { dir: string }): string {
  return `${d.dir}/supervisord.log`;
}

const STAMP = String.raw`^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) `;
const RUNNING = new RegExp(STAMP + String.raw`INFO success: (\S+) entered RUNNING state`, 'gm');
// WARN when the exit status is not in exitcodes (a SIGTERM'd child's is not), as supervisord logs it.
const STOPPED = new RegExp(STAMP + String.raw`(?:INFO|WARN) stopped: (\S+) `, 'gm');

export interface RunningEntry {
  name: string;
  /** Wall-clock ms (the log is in local time, as Date's constructor reads it). */
  at: number;
}

function parseEntries(text: string, line: RegExp): RunningEntry[] {
  const out: RunningEntry[] = [];
  for (const m of text.matchAll(line)) {
    const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
    out.push({ name: m[8]!, at: new Date(y, mo - 1, d, h, mi, s, ms).getTime() });
  }
  return out;
}

function readEntries(logPath: string, line: RegExp): RunningEntry[] {
  try {
    return parseEntries(readFileSync(logPath, 'utf8'), line);
  } catch {
    return [];
  }
}

export const runningEntries = (logPath: string): RunningEntry[] => readEntries(logPath, RUNNING);
/** "stopped: NAME (terminated by SIGTERM)": when each stop was done, by the daemon's clock. */
export const stoppedEntries = (logPath: string): RunningEntry[] => readEntries(logPath, STOPPED);

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
