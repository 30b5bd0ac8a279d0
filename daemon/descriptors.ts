/**
 * The daemon's file-descriptor budget. A process holds descriptors only while it runs (its
 * stdin/stdout/stderr pipes and its two log files, opened at spawn and closed once its output is
 * drained, as Supervisor does), so configured programs cost none. Spawns stop short of the soft
 * RLIMIT_NOFILE by a reserve: the HTTP servers can always accept, and reads of logs still open.
 * Past that a spawn fails as Supervisor's does (`too many open files to spawn 'x'`, BACKOFF then
 * FATAL), instead of libuv's accept-and-close on EMFILE resetting every client.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseProcLimits } from './rlimits.ts';

/**
 * Descriptors a spawn may open at once: 3 pipes (both ends of each FIFO while the child is made)
 * and 2 log files; a running process keeps 5 (measured in test/reliability/descriptors.test.ts).
 */
export const SPAWN_DESCRIPTORS = 8;

/** Re-count the open descriptors at most this often; in between, each spawn counts as SPAWN_DESCRIPTORS. */
const RECOUNT_MS = 50;

/** Supervisor's message (process.py, EMFILE while making the dispatchers). */
export function tooManyOpenFiles(name: string): string {
  return `too many open files to spawn '${name}'`;
}

/** EMFILE/ENFILE: the errors that mean "out of descriptors", whoever raised them. */
export function isDescriptorExhaustion(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** Descriptors kept free for the servers: an eighth of the limit, between 32 and 256. */
export function reserveFor(limit: number): number {
  return Math.min(256, Math.max(32, Math.floor(limit / 8)));
}

/** The soft RLIMIT_NOFILE of this process now; -1 = unlimited or unknown. */
export function softNofile(): number {
  try {
    return parseProcLimits(readFileSync('/proc/self/limits', 'utf8'), 'RLIMIT_NOFILE')?.soft ?? -1;
  } catch {
    return -1;
  }
}

/** Descriptors open in this process (the directory listing's own one not counted); -1 without procfs. */
export function countOpenDescriptors(): number {
  try {
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return -1;
  }
}

export class DescriptorBudget {
  private counted = -1;
  private countedAt = -Infinity;
  private sinceCount = 0;

  constructor(
    /** Soft limit; -1 = unlimited. */
    readonly limit: number = softNofile(),
    readonly reserve: number = reserveFor(limit),
    private readonly count: () => number = countOpenDescriptors,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Whether a spawn may open SPAWN_DESCRIPTORS more and leave the reserve; counts it when it may. */
  takeSpawn(): boolean {
    if (this.limit < 0) return true;
    const now = this.clock();
    if (now - this.countedAt >= RECOUNT_MS) {
      this.counted = this.count();
      this.countedAt = now;
      this.sinceCount = 0;
    }
    if (this.counted < 0) return true;
    const expected = this.counted + this.sinceCount * SPAWN_DESCRIPTORS;
    if (expected + SPAWN_DESCRIPTORS > this.limit - this.reserve) {
      this.countedAt = -Infinity; // descriptors may be freed at any time: count afresh next time
      return false;
    }
    this.sinceCount++;
    return true;
  }
}

/** Descriptors a running process keeps: its stdin, stdout and stderr pipes and its two log files. */
export const RUNNING_DESCRIPTORS = 5;

/**
 * A warning for the main log when the soft limit cannot run every program that starts by itself
 * (minfds is satisfied, but the programs need more); null when it can, or the limit is unlimited.
 */
export function budgetWarning(limit: number, autostarts: number): string | null {
  if (limit < 0) return null;
  const room = Math.max(0, Math.floor((limit - reserveFor(limit)) / RUNNING_DESCRIPTORS));
  if (autostarts <= room) return null;
  return `RLIMIT_NOFILE soft limit ${limit} leaves room for about ${room} running processes (${RUNNING_DESCRIPTORS} descriptors each, ${reserveFor(limit)} kept for the servers) but ${autostarts} start automatically: raise minfds (or the hard limit); spawns past the budget fail with "too many open files"`;
}
