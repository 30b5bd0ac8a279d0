/**
 * CPU%/RSS of a supervisord we reach over ssh: one short command per sample, run over the
 * tunnel's own connection, prints the host's CPU line, its memory, and /proc/PID/stat of the
 * wanted processes. Nothing to install on the server; works for any supervisord.
 * The tree RSS is the process's own here (walking trees would need a longer command).
 */
import { CLOCK_TICKS, PAGE_SIZE, parseCpuStat, parseMeminfo, parsePidStat } from '../procfs/parse.ts';
import type { HostReading, ProcReading } from './stats-tracker.ts';
import type { ProcSource } from './watcher.ts';

/** The remote shell command for these pids (integers only: they come from getAllProcessInfo, checked). */
export function remoteProcCommand(pids: readonly number[]): string {
  const stats = pids.filter((p) => Number.isInteger(p) && p > 0).map((p) => `${p}/stat`);
  const cat = stats.length > 0 ? ` && cat ${stats.join(' ')} 2>/dev/null` : '';
  return `head -n 1 /proc/stat; grep -E '^(MemTotal|MemAvailable|MemFree|Buffers|Cached):' /proc/meminfo; cd /proc${cat}; true`;
}

/** That command's output: the host reading and each process's stat line by pid. */
export function parseRemoteProc(text: string): { host: HostReading | null; byPid: Map<number, { cpuTime: number; rss: number }> } {
  const lines = text.split('\n');
  const cpu = parseCpuStat(lines.filter((l) => l.startsWith('cpu ')).join('\n'));
  const mem = parseMeminfo(lines.filter((l) => l.startsWith('Mem') || l.startsWith('Buffers') || l.startsWith('Cached')).join('\n'));
  const byPid = new Map<number, { cpuTime: number; rss: number }>();
  for (const l of lines) {
    if (!/^\d+ \(/.test(l)) continue;
    const st = parsePidStat(l);
    if (st !== null) byPid.set(st.pid, { cpuTime: (st.utime + st.stime) / CLOCK_TICKS, rss: st.rssPages * PAGE_SIZE });
  }
  const host = cpu === null || mem === null ? null : { busy: cpu.busy / CLOCK_TICKS, total: cpu.total / CLOCK_TICKS, memTotal: mem.total, memAvailable: mem.available };
  return { host, byPid };
}

/** A ProcSource reading the server's /proc through `run` (SupervisorClient.runRemote). */
export function sshProcSource(run: (command: string) => Promise<string>): ProcSource {
  return async (pids) => {
    const { host, byPid } = parseRemoteProc(await run(remoteProcCommand([...pids.values()])));
    const procs = new Map<string, ProcReading>();
    for (const [ns, pid] of pids) {
      const r = byPid.get(pid);
      if (r !== undefined) procs.set(ns, { pid, cpuTime: r.cpuTime, rss: r.rss, treeRss: r.rss });
    }
    return { procs, host };
  };
}
