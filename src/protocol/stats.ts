/**
 * Wire shape of `supervisortui.getProcessStats` (our namespace, not 4.2.5's): what /proc says
 * about each managed process and its child-process tree. Joined to ProcessInfo by group+name.
 * Times are cumulative CPU seconds (user+system), sizes are bytes; a CPU% is the difference of
 * two reports' `cpu_time` over the difference of their `now` (see cpuShare).
 */

/** One process of a managed process's tree below it. */
export interface TreeProcessStats {
  pid: number;
  ppid: number;
  /** The kernel's name for it (/proc/PID/stat's comm, at most 15 bytes). */
  comm: string;
  cpu_time: number;
  rss: number;
}

export interface ProcessStats {
  name: string;
  group: string;
  /** 0 when not running: then every figure is 0 and `children` empty. */
  pid: number;
  /** The process itself. */
  cpu_time: number;
  rss: number;
  /** The process plus every descendant (what a memory limit on the whole program means). */
  tree_cpu_time: number;
  tree_rss: number;
  /** Every descendant, depth-first. */
  children: TreeProcessStats[];
}

/** The server host's CPU and memory, for htop-style meters (zeros where /proc has none). */
export interface HostStats {
  cpus: number;
  /** Cumulative busy and total CPU seconds over all CPUs since boot. */
  cpu_busy: number;
  cpu_total: number;
  mem_total: number;
  mem_available: number;
}

export interface ProcessStatsReport {
  /** Epoch seconds (fractional) when the sample was taken, on the server's clock. */
  now: number;
  host: HostStats;
  /** Every managed process, in getAllProcessInfo's order. */
  processes: ProcessStats[];
}

/** CPU% of one core between two cumulative CPU-second readings taken `seconds` apart (top's %CPU). */
export function cpuShare(cpuBefore: number, cpuAfter: number, seconds: number): number {
  return seconds > 0 ? Math.max(0, ((cpuAfter - cpuBefore) / seconds) * 100) : 0;
}

/** Share (0–100) of the whole host's CPU capacity used between two HostStats readings. */
export function hostCpuShare(before: HostStats, after: HostStats): number {
  const total = after.cpu_total - before.cpu_total;
  return total > 0 ? Math.min(100, Math.max(0, ((after.cpu_busy - before.cpu_busy) / total) * 100)) : 0;
}
