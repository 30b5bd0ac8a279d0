/**
 * Process statistics from /proc for the daemon's managed processes: each one's own CPU time and
 * RSS, its child-process tree and the tree's totals, plus the host's CPU and memory.
 *
 * Used by `supervisortui.getProcessStats` (daemon/stats/rpc.ts), the change feed's stats samples
 * (daemon/feed/), and meant for memory limits (policy: compare `tree_rss` with the limit) and
 * `/metrics` (health: `cpu_time` and `rss` are cumulative counters / gauges as Prometheus wants).
 *
 *   const sampler = new StatsSampler();
 *   const report = sampler.sample(sv.allProcesses('lexical'));      // every process, with trees
 *   const one = sampler.sampleOne(proc);                             // a single process
 *
 * A sample costs one /proc/PID/stat read per process in the trees (their children are found
 * through the kernel's /proc/PID/task/TID/children lists, so nothing scales with the host's
 * process count; a reader with `treeTtlMs` lists them only every so often, see ProcReader).
 * It never throws: a process that exits meanwhile reads as not running.
 */
import { CLOCK_TICKS, PAGE_SIZE, type PidStat } from '../../src/procfs/parse.ts';
import { ProcReader } from '../../src/procfs/read.ts';
import type { HostStats, ProcessStats, ProcessStatsReport, TreeProcessStats } from '../../src/protocol/stats.ts';

/** What the sampler needs of a process: ManagedProcess has these (pid 0 = not running). */
export interface StatsTarget {
  readonly name: string;
  readonly groupName: string;
  readonly pid: number;
}

export interface SampleOptions {
  /** Walk each process's descendants (default true). Without, `children` is empty and the tree figures are the process's own. */
  readonly tree?: boolean;
}

const cpuSeconds = (s: PidStat): number => (s.utime + s.stime) / CLOCK_TICKS;
const rssBytes = (s: PidStat): number => s.rssPages * PAGE_SIZE;

export class StatsSampler {
  constructor(
    private readonly reader: ProcReader = new ProcReader(),
    /** Epoch seconds, fractional. */
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {}

  /** One report over `targets`, in their order. */
  sample(targets: readonly StatsTarget[], opts: SampleOptions = {}): ProcessStatsReport {
    return { now: this.clock(), host: this.host(), processes: this.processes(targets, opts) };
  }

  /** Just the processes (no host figures): what the feed's per-row samples need. */
  processes(targets: readonly StatsTarget[], opts: SampleOptions = {}): ProcessStats[] {
    const own = targets.map((t) => (t.pid > 0 ? this.reader.pidStat(t.pid) : null));
    const roots = own.flatMap((s) => (s === null ? [] : [s]));
    const trees = opts.tree === false ? new Map<number, PidStat[]>() : this.reader.treesOf(roots);
    return targets.map((t, i) => toStats(t, own[i] ?? null, trees));
  }

  /** One process (e.g. a memory-limit check). */
  sampleOne(target: StatsTarget, opts: SampleOptions = {}): ProcessStats {
    return this.processes([target], opts)[0]!;
  }

  /** The host's CPU counters and memory (zeros when /proc does not have them). */
  host(): HostStats {
    const cpu = this.reader.hostCpu();
    const mem = this.reader.hostMemory();
    return {
      cpus: cpu?.cpus ?? 0,
      cpu_busy: (cpu?.busy ?? 0) / CLOCK_TICKS,
      cpu_total: (cpu?.total ?? 0) / CLOCK_TICKS,
      mem_total: mem?.total ?? 0,
      mem_available: mem?.available ?? 0,
    };
  }
}

function toStats(t: StatsTarget, own: PidStat | null, trees: ReadonlyMap<number, PidStat[]>): ProcessStats {
  if (own === null) {
    return { name: t.name, group: t.groupName, pid: 0, cpu_time: 0, rss: 0, tree_cpu_time: 0, tree_rss: 0, children: [] };
  }
  const children: TreeProcessStats[] = (trees.get(own.pid) ?? []).map((s) => ({
    pid: s.pid,
    ppid: s.ppid,
    comm: s.comm,
    cpu_time: cpuSeconds(s),
    rss: rssBytes(s),
  }));
  const cpu = cpuSeconds(own);
  const rss = rssBytes(own);
  return {
    name: t.name,
    group: t.groupName,
    pid: own.pid,
    cpu_time: cpu,
    rss,
    tree_cpu_time: children.reduce((a, c) => a + c.cpu_time, cpu),
    tree_rss: children.reduce((a, c) => a + c.rss, rss),
    children,
  };
}
