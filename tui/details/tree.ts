/**
 * A process and its descendants as indented rows (pid, CPU%, RSS, command), from either source of
 * the same shape: supervisortui.getProcessStats (our daemon, wherever it runs) or this host's /proc
 * (a local real supervisord). CPU% needs two readings: the previous one's CPU time per pid. Pure.
 */
import { cpuShare, type TreeProcessStats } from '../../src/protocol/stats.ts';

export interface TreeReading {
  /** The process itself and every descendant (ppid links them). */
  procs: readonly TreeProcessStats[];
  /** Local ms of the reading. */
  at: number;
}

export interface TreeRow {
  pid: number;
  /** 0: the process itself. */
  depth: number;
  comm: string;
  /** null until a second reading gives a rate. */
  cpu: number | null;
  rss: number;
}

/** Rows depth-first from `root` (children by pid); processes not under it are left out. */
export function buildTree(root: number, now: TreeReading, before: TreeReading | null): TreeRow[] {
  const byParent = new Map<number, TreeProcessStats[]>();
  let self: TreeProcessStats | undefined;
  for (const p of now.procs) {
    if (p.pid === root) self = p;
    else {
      const kids = byParent.get(p.ppid);
      if (kids) kids.push(p);
      else byParent.set(p.ppid, [p]);
    }
  }
  if (self === undefined) return [];
  const prev = new Map((before?.procs ?? []).map((p) => [p.pid, p.cpu_time]));
  const seconds = before === null ? 0 : (now.at - before.at) / 1000;
  const out: TreeRow[] = [];
  const seen = new Set<number>();
  const visit = (p: TreeProcessStats, depth: number): void => {
    if (seen.has(p.pid)) return;
    seen.add(p.pid);
    const was = prev.get(p.pid);
    out.push({ pid: p.pid, depth, comm: p.comm, cpu: was === undefined || seconds <= 0 ? null : cpuShare(was, p.cpu_time, seconds), rss: p.rss });
    for (const c of (byParent.get(p.pid) ?? []).sort((a, b) => a.pid - b.pid)) visit(c, depth + 1);
  };
  visit(self, 0);
  return out;
}

/** The tree's total RSS (what memory_limit is checked against). */
export function treeRss(rows: readonly TreeRow[]): number {
  return rows.reduce((sum, r) => sum + r.rss, 0);
}
