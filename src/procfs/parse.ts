/**
 * Pure parsers of Linux /proc text: /proc/PID/stat, /proc/PID/statm, /proc/PID/status,
 * /proc/stat and /proc/meminfo, and the process tree built from parent pids. No file access
 * here (see read.ts), so every shape is tested as a table on captured text.
 */

/** Linux's USER_HZ (the unit of /proc CPU times) and page size on every mainstream architecture. */
export const CLOCK_TICKS = 100;
export const PAGE_SIZE = 4096;

/** The fields of /proc/PID/stat the stats need. Times are in clock ticks, rss in pages. */
export interface PidStat {
  pid: number;
  /** The executable's name (`comm`), which may hold spaces and parentheses. */
  comm: string;
  /** R, S, D, Z, T, … */
  state: string;
  ppid: number;
  pgrp: number;
  utime: number;
  stime: number;
  /** num_threads: 1 lets the reader skip listing /proc/PID/task (its only task is PID itself). */
  threads: number;
  /** Ticks since boot at which the process started: with pid, identifies it across pid reuse. */
  starttime: number;
  rssPages: number;
}

/** /proc/PID/stat, or null when it is not that file's shape. */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // Fields after the name start at field 3 (state): ppid 4, pgrp 5, utime 14, stime 15, num_threads 20, starttime 22, rss 24.
  const f = text.slice(close + 2).trim().split(' ');
  const num = (i: number): number => Number(f[i]);
  const out: PidStat = {
    pid,
    comm: text.slice(open + 1, close),
    state: f[0] ?? '',
    ppid: num(1),
    pgrp: num(2),
    utime: num(11),
    stime: num(12),
    threads: num(17),
    starttime: num(19),
    rssPages: num(21),
  };
  const nums = [out.pid, out.ppid, out.pgrp, out.utime, out.stime, out.threads, out.starttime, out.rssPages];
  return out.state !== '' && nums.every((n) => Number.isInteger(n) && n >= 0) ? out : null;
}

/** /proc/PID/statm: sizes in pages (size, resident, shared). */
export function parseStatm(text: string): { sizePages: number; residentPages: number; sharedPages: number } | null {
  const f = text.trim().split(/\s+/).map(Number);
  if (f.length < 3 || !f.slice(0, 3).every((n) => Number.isInteger(n) && n >= 0)) return null;
  return { sizePages: f[0]!, residentPages: f[1]!, sharedPages: f[2]! };
}

/** The `Key: value kB` lines of /proc/PID/status and /proc/meminfo, values in bytes (kB × 1024; bare numbers as given). */
export function parseKeyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
    if (m !== null) out.set(m[1]!, Number(m[2]) * (m[3] === undefined ? 1 : 1024));
  }
  return out;
}

/** Resident memory from /proc/PID/status: VmRSS, and RssAnon (private) when the kernel reports it. */
export function parseStatusMemory(text: string): { rss: number; rssAnon: number | null } | null {
  const kv = parseKeyValues(text);
  const rss = kv.get('VmRSS');
  if (rss === undefined) return null;
  return { rss, rssAnon: kv.get('RssAnon') ?? null };
}

/** Host memory from /proc/meminfo, in bytes. `available` is MemAvailable (or free+cached on old kernels). */
export interface HostMemory {
  total: number;
  available: number;
}

export function parseMeminfo(text: string): HostMemory | null {
  const kv = parseKeyValues(text);
  const total = kv.get('MemTotal');
  if (total === undefined) return null;
  const available = kv.get('MemAvailable') ?? (kv.get('MemFree') ?? 0) + (kv.get('Cached') ?? 0) + (kv.get('Buffers') ?? 0);
  return { total, available };
}

/** The aggregate `cpu` line of /proc/stat: busy and total ticks since boot, and how many CPUs. */
export interface HostCpu {
  busy: number;
  total: number;
  cpus: number;
}

export function parseCpuStat(text: string): HostCpu | null {
  let agg: number[] | null = null;
  let cpus = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) agg = line.slice(4).trim().split(/\s+/).map(Number);
    else if (/^cpu\d+ /.test(line)) cpus++;
  }
  if (agg === null || agg.length < 4 || !agg.every((n) => Number.isFinite(n))) return null;
  // user nice system idle iowait irq softirq steal [guest guest_nice — already inside user/nice].
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = agg;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait, cpus: Math.max(1, cpus) };
}

/** A pid → direct children index from (pid, ppid) pairs, children in ascending pid order. */
export function childrenIndex(entries: Iterable<{ pid: number; ppid: number }>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const e of entries) {
    const list = out.get(e.ppid);
    if (list === undefined) out.set(e.ppid, [e.pid]);
    else list.push(e.pid);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** Every descendant of `root` (not root itself), depth-first, each once even if the index has a cycle. */
export function descendants(root: number, children: (pid: number) => readonly number[]): number[] {
  const out: number[] = [];
  const seen = new Set<number>([root]);
  const stack = [...children(root)].reverse();
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    const kids = children(pid);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/**
 * Whether a remembered process tree still holds: `members` (descendant pid → starttime, from an
 * earlier walk under `root`) read again now as `readings` (same order; null = gone). It holds while
 * every member is the same process (starttime) with its parent still inside the tree; an exit, a
 * pid reuse or a reparenting (a middle process died) means walk again. A process forked since the
 * walk is not a member: only a new walk finds it.
 */
export function sameTree(root: number, members: ReadonlyMap<number, number>, readings: readonly (PidStat | null)[]): boolean {
  let i = 0;
  for (const [pid, starttime] of members) {
    const st = readings[i++];
    if (st === null || st === undefined || st.pid !== pid || st.starttime !== starttime) return false;
    if (st.ppid !== root && !members.has(st.ppid)) return false;
  }
  return i === readings.length;
}

/** The pids listed in a /proc/PID/task/TID/children file (space-separated). */
export function parseChildrenList(text: string): number[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}
