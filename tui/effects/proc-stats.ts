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

const KEEP_MS = 60_000;

export class ProcStatsReader {
  private prev = new Map<number, Sample>();
  private readonly proc = new ProcReader();

  read(pids: readonly number[], now: number): Map<number, ProcStats> {
    const out = new Map<number, ProcStats>();
    for (const pid of pids) {
      const st = this.proc.pidStat(pid);
      if (st === null) {
        this.prev.delete(pid); // exited between the refresh and now
        continue;
      }
      const cpuTime = (st.utime + st.stime) / CLOCK_TICKS;
      const before = this.prev.get(pid);
      const cpu = before && now > before.at ? cpuShare(before.cpuTime, cpuTime, (now - before.at) / 1000) : 0;
      this.prev.set(pid, { cpuTime, at: now });
      out.set(pid, { cpu, rss: st.rssPages * PAGE_SIZE });
    }
    // Samples of rows scrolled away are kept a while: scrolled back, they give a CPU% at once.
    for (const [pid, sample] of this.prev) if (now - sample.at > KEEP_MS) this.prev.delete(pid);
    return out;
  }
}
