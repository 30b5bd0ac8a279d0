/**
 * CPU% from cumulative /proc readings (pure): the share of one core a process used between two
 * readings of the same pid (top's %CPU), and the host's share of all cores. Used where the
 * watcher reads /proc itself — on this host, or on the server over ssh.
 */
import { cpuShare } from '../protocol/stats.ts';
import type { HostMeter, LiveStats } from './types.ts';

export interface ProcReading {
  pid: number;
  /** Cumulative CPU seconds. */
  cpuTime: number;
  rss: number;
  treeRss: number;
}

export interface HostReading {
  /** Cumulative busy and total CPU seconds over all cores. */
  busy: number;
  total: number;
  memTotal: number;
  memAvailable: number;
}

export class StatsTracker {
  private prev = new Map<string, { pid: number; cpuTime: number; at: number }>();
  private prevHost: HostReading | null = null;

  /** `at` in local ms. A namespec read for the first time (or with a new pid) shows 0 % until the next reading. */
  update(at: number, procs: ReadonlyMap<string, ProcReading>, host: HostReading | null): { stats: Map<string, LiveStats>; host: HostMeter | null } {
    const stats = new Map<string, LiveStats>();
    const next = new Map<string, { pid: number; cpuTime: number; at: number }>();
    for (const [ns, r] of procs) {
      const before = this.prev.get(ns);
      const cpu = before !== undefined && before.pid === r.pid ? cpuShare(before.cpuTime, r.cpuTime, (at - before.at) / 1000) : 0;
      stats.set(ns, { cpu, rss: r.rss, treeRss: r.treeRss });
      next.set(ns, { pid: r.pid, cpuTime: r.cpuTime, at });
    }
    this.prev = next;
    let meter: HostMeter | null = null;
    if (host !== null) {
      const b = this.prevHost;
      const total = b === null ? 0 : host.total - b.total;
      const cpu = b !== null && total > 0 ? Math.min(100, Math.max(0, ((host.busy - b.busy) / total) * 100)) : 0;
      meter = { cpu, memTotal: host.memTotal, memAvailable: host.memAvailable };
      this.prevHost = host;
    }
    return { stats, host: meter };
  }
}
