/** The `description` strings of getProcessInfo / `supervisorctl status` (compat §2.4), as pure functions: the daemon writes them, and the dashboard derives a RUNNING uptime from the table clock. */
import type { ProcessStateName } from './states.ts';
import { formatUptime } from './uptime.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime `%b %d %I:%M %p` in local time, C locale: `Nov 23 08:11 PM`. */
export function formatStopTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const h24 = d.getHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(h12)}:${pad(d.getMinutes())} ${h24 < 12 ? 'AM' : 'PM'}`;
}

export interface DescribeInput {
  readonly name: string;
  readonly state: ProcessStateName;
  readonly pid: number;
  /** Epoch seconds; 0 = never. */
  readonly laststart: number;
  readonly laststop: number;
  readonly spawnerr: string;
  readonly now: number;
  /** STARTING, not spawned yet: the depends_on entries it waits for. */
  readonly waitingFor?: readonly string[];
}

/** A RUNNING process's description: `pid 4121, uptime 2:01:13`. */
export function runningDescription(pid: number | string, uptimeSeconds: number): string {
  return `pid ${pid}, uptime ${formatUptime(uptimeSeconds)}`;
}

/** The description of a process in its current state. */
export function describeProcess(p: DescribeInput): string {
  switch (p.state) {
    case 'RUNNING':
      return runningDescription(p.pid, Math.floor(p.now) - Math.floor(p.laststart));
    case 'BACKOFF':
    case 'FATAL':
      return p.spawnerr !== '' ? p.spawnerr : `unknown error (try "tail ${p.name}")`;
    case 'STOPPED':
    case 'EXITED':
      return p.laststart === 0 ? 'Not started' : formatStopTime(p.laststop);
    case 'STARTING':
      return p.waitingFor !== undefined && p.waitingFor.length > 0 ? `waiting for ${p.waitingFor.join(', ')}` : '';
    case 'STOPPING':
    case 'UNKNOWN':
      return '';
  }
}
