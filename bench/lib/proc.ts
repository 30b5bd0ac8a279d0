/** Whole-process measurements from /proc: CPU over all threads, resident memory, children. */
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100; // USER_HZ on Linux

/**
 * CPU time (user+system) of every thread of `pid`, in ms. schedstat's run time is in ns, so a 10 s
 * idle window costing a few ms is measurable; utime+stime from /proc/<pid>/stat (10 ms ticks) is the
 * fallback when schedstat is missing. Threads that already exited are counted in neither: sample a
 * live, long-running process.
 */
export function cpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return statCpuMs(pid);
  }
}

/** utime+stime of /proc/<pid>/stat in ms (includes exited threads; 10 ms resolution). */
export function statCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // fields 14 and 15
}

/** VmRSS (all resident pages) of /proc/<pid>/status in MiB. */
export function rssMiB(pid: number): number {
  return statusMiB(pid, 'VmRSS');
}

/**
 * RssAnon in MiB: the private part of the RSS. VmRSS also counts the resident pages of the
 * executable (RssFile, ~36 MiB of the node binary even for an empty script), shared with every node.
 */
export function rssAnonMiB(pid: number): number {
  return statusMiB(pid, 'RssAnon');
}

function statusMiB(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** Direct children of `pid` (all threads), from /proc/<pid>/task/<tid>/children. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) for (const p of text.split(' ')) out.push(Number(p));
    }
  } catch {
    // the process is gone: no children
  }
  return out;
}

/** The command name (comm) of a process, or '' when it is gone. */
export function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The 1-minute load average, to print beside results taken on a shared machine. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** Busy CPU time of the whole machine (all cores, everything but idle and iowait) in ms, from /proc/stat. */
export function machineBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / CLK_TCK;
}
