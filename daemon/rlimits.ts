/**
 * minfds / minprocs (compat §9.2 step 4): raise RLIMIT_NOFILE / RLIMIT_NPROC soft limits to the
 * configured minimum at first start, or refuse to start with Supervisor's message. Node has
 * no setrlimit: limits are read from /proc/self/limits and raised with util-linux `prlimit`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** -1 = unlimited. */
export interface Rlimit {
  readonly soft: number;
  readonly hard: number;
}

export type RlimitName = 'RLIMIT_NOFILE' | 'RLIMIT_NPROC';

const PROC_ROWS: Record<RlimitName, string> = { RLIMIT_NOFILE: 'Max open files', RLIMIT_NPROC: 'Max processes' };

/** The soft/hard values of one resource from /proc/<pid>/limits text, or null if absent. */
export function parseProcLimits(text: string, name: RlimitName): Rlimit | null {
  const row = text.split('\n').find((l) => l.startsWith(PROC_ROWS[name]));
  if (row === undefined) return null;
  const cols = row.slice(PROC_ROWS[name].length).trim().split(/\s+/);
  const num = (s: string | undefined): number => (s === 'unlimited' ? -1 : Number(s));
  const soft = num(cols[0]);
  const hard = num(cols[1]);
  return Number.isFinite(soft) && Number.isFinite(hard) ? { soft, hard } : null;
}

/** Supervisor's decision: null when the soft limit is enough, else the (soft, hard) pair to set. */
export function rlimitTarget(cur: Rlimit, min: number): Rlimit | null {
  if (cur.soft === -1 || cur.soft >= min) return null;
  const hard = cur.hard !== -1 && cur.hard < min ? min : cur.hard;
  return { soft: min, hard };
}

function rlimitMessage(name: RlimitName, min: number, hard: number): string {
  return name === 'RLIMIT_NOFILE'
    ? `The minimum number of file descriptors required to run this process is ${min} as per the "minfds" command-line argument or config file setting. The current environment will only allow you to open ${hard} file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file to allow the process to start.`
    : `The minimum number of available processes required to run this program is ${min} as per the "minprocs" command-line argument or config file setting. The current environment will only allow you to open ${hard} processes.  Either raise the number of usable processes in your environment (see README.rst) or lower the minprocs setting in the config file to allow the program to start.`;
}

export class RlimitError extends Error {
  override readonly name = 'RlimitError';
}

/**
 * Raise the limits of this process where needed. Returns the INFO lines to log
 * (`Increased RLIMIT_NOFILE limit to 1024`); throws RlimitError with Supervisor's usage text.
 */
export function ensureRlimits(minfds: number, minprocs: number): string[] {
  let text: string;
  try {
    text = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return []; // no procfs: nothing we can check
  }
  const infos: string[] = [];
  for (const [name, min, flag] of [
    ['RLIMIT_NOFILE', minfds, '--nofile'],
    ['RLIMIT_NPROC', minprocs, '--nproc'],
  ] as const) {
    const cur = parseProcLimits(text, name);
    if (cur === null) continue;
    const target = rlimitTarget(cur, min);
    if (target === null) continue;
    const hard = target.hard === -1 ? 'unlimited' : String(target.hard);
    try {
      execFileSync('prlimit', ['--pid', String(process.pid), `${flag}=${target.soft}:${hard}`], { stdio: 'ignore' });
    } catch {
      throw new RlimitError(rlimitMessage(name, min, target.hard));
    }
    infos.push(`Increased ${name} limit to ${min}`);
  }
  return infos;
}
