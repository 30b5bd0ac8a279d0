/**
 * CPU% and RSS of local processes from /proc/<pid>/stat. CPU% is the share of one core used
 * between two samples, as top and htop show it.
 */
import { CLOCK_TICKS, PAGE_SIZE } from '../../src/procfs/parse.ts';
import { ProcReader } from '../../src/procfs/read.ts';
import { cpuShare } from '../../src/protocol/stats.ts';
import type { ProcStats } from '../model.ts';

interface Sample {
  cpuTime: number;
  at: number;
}

export class ProcStatsReader {
  private prev = new Map<number, Sample>();
  private readonly proc = new ProcReader();

  read(pids: readonly number[], now: number): Map<number, ProcStats> {
    const out = new Map<number, ProcStats>();
    const next = new Map<number, Sample>();
    for (const pid of pids) {
      const st = this.proc.pidStat(pid);
      if (st === null) continue; // exited between the refresh and now
      const cpuTime = (st.utime + st.stime) / CLOCK_TICKS;
      const before = this.prev.get(pid);
      const cpu = before ? cpuShare(before.cpuTime, cpuTime, (now - before.at) / 1000) : 0;
      next.set(pid, { cpuTime, at: now });
      out.set(pid, { cpu, rss: st.rssPages * PAGE_SIZE });
    }
    this.prev = next;
    return out;
  }
}
