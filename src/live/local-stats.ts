/** Readings of this host's /proc for the watcher when the server is local (unix socket or loopback). */
import { CLOCK_TICKS, PAGE_SIZE } from '../procfs/parse.ts';
import { ProcReader } from '../procfs/read.ts';
import type { HostReading, ProcReading } from './stats-tracker.ts';

const reader = new ProcReader();

/** Synchronous: /proc files are generated in memory, and 1,000 small sync reads take ~20 ms where promises took ~350 ms. */
export function readLocal(pids: ReadonlyMap<string, number>): { procs: Map<string, ProcReading>; host: HostReading | null } {
  const procs = new Map<string, ProcReading>();
  const trees = reader.descendantsOf([...pids.values()]);
  for (const [ns, pid] of pids) {
    const st = reader.pidStat(pid);
    if (st === null) continue; // exited between the refresh and now
    const rss = st.rssPages * PAGE_SIZE;
    const treeRss = (trees.get(pid) ?? []).reduce((a, c) => a + c.rssPages * PAGE_SIZE, rss);
    procs.set(ns, { pid, cpuTime: (st.utime + st.stime) / CLOCK_TICKS, rss, treeRss });
  }
  const cpu = reader.hostCpu();
  const mem = reader.hostMemory();
  const host = cpu === null || mem === null ? null : { busy: cpu.busy / CLOCK_TICKS, total: cpu.total / CLOCK_TICKS, memTotal: mem.total, memAvailable: mem.available };
  return { procs, host };
}
