/**
 * Reading /proc on this host. Synchronous on purpose: /proc files are generated in memory, and
 * 1,000 small sync reads take ~20 ms where 1,000 promises through the thread pool took ~350 ms.
 * A process that exits between listing and reading is simply absent from the result.
 *
 * Every read goes through one reusable buffer with open+read+close (readFileSync does
 * open+fstat+read+read-to-EOF+close and allocates for each file): the feed samples the visible
 * rows' stat files every second, so the syscalls are most of the cost.
 */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import {
  childrenIndex,
  descendants,
  parseChildrenList,
  parseCpuStat,
  parseMeminfo,
  parsePidStat,
  sameTree,
  type HostCpu,
  type HostMemory,
  type PidStat,
} from './parse.ts';

export interface ReaderOptions {
  /** Where procfs is mounted (default /proc). */
  readonly root?: string;
  /**
   * How long treesOf may reuse a root's set of descendant pids, in ms (default 0: walk the
   * children lists on every call). The bound: a process forked under a root after its walk is
   * counted at most this late; exits, pid reuse and reparenting are seen at once (see sameTree).
   */
  readonly treeTtlMs?: number;
  /** Monotonic ms, for the tree cache (tests move it). */
  readonly clock?: () => number;
}

interface CachedTree {
  starttime: number;
  until: number;
  /** Descendant pid → starttime, in walk order. */
  members: Map<number, number>;
}

/** One call's full-/proc fallback (kernels without children lists), shared by its roots. */
interface Scan {
  index: Map<number, number[]> | null;
}

export class ProcReader {
  /** null until known; false when the kernel lacks /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN). */
  private childrenFiles: boolean | null = null;
  private buf = Buffer.allocUnsafe(4096);
  private readonly root: string;
  private readonly treeTtlMs: number;
  private readonly clock: () => number;
  private readonly trees = new Map<number, CachedTree>();

  constructor(opts: ReaderOptions = {}) {
    this.root = opts.root ?? '/proc';
    this.treeTtlMs = opts.treeTtlMs ?? 0;
    this.clock = opts.clock ?? (() => performance.now());
  }

  /**
   * A whole /proc file as latin1, or null when it cannot be read. `oneRecord`: the file is made by
   * a single show (stat, meminfo, PID/stat), which the kernel hands out whole on the first read, so
   * a read that does not fill the buffer is the end; multi-record files (children lists) may stop
   * short of the end, so they are read until a read returns 0.
   */
  private readText(path: string, oneRecord: boolean): string | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    try {
      let len = 0;
      for (;;) {
        if (len === this.buf.length) {
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger, 0, 0, len);
          this.buf = bigger;
        }
        const n = readSync(fd, this.buf, len, this.buf.length - len, null);
        len += n;
        if (n === 0 || (oneRecord && len < this.buf.length)) break;
      }
      return this.buf.toString('latin1', 0, len);
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  }

  pidStat(pid: number): PidStat | null {
    const text = this.readText(`${this.root}/${pid}/stat`, true);
    return text === null ? null : parsePidStat(text);
  }

  /** Every process on the host (a full /proc scan: ~1 ms per 50 processes). */
  allPidStats(): PidStat[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return [];
    }
    const out: PidStat[] = [];
    for (const n of names) {
      if (!/^\d+$/.test(n)) continue;
      const st = this.pidStat(Number(n));
      if (st !== null) out.push(st);
    }
    return out;
  }

  /**
   * Direct children of `pid` from its threads' children files, or null when the kernel has none.
   * A single-threaded process's only task is the process itself, so its task directory is not listed.
   */
  private directChildren(pid: number, threads: number): number[] | null {
    if (threads === 1) {
      const text = this.readText(`${this.root}/${pid}/task/${pid}/children`, false);
      if (text !== null) {
        this.childrenFiles = true;
        return parseChildrenList(text).sort((a, b) => a - b);
      }
      // No such file: no children lists, or the leader thread is gone: find out below.
    }
    let tids: string[];
    try {
      tids = readdirSync(`${this.root}/${pid}/task`);
    } catch {
      return [];
    }
    const out: number[] = [];
    for (const tid of tids) {
      const text = this.readText(`${this.root}/${pid}/task/${tid}/children`, false);
      if (text === null) {
        if (this.childrenFiles === null && this.readText(`${this.root}/${pid}/task/${tid}/stat`, true) !== null) return null;
        continue;
      }
      this.childrenFiles = true;
      out.push(...parseChildrenList(text));
    }
    return out.sort((a, b) => a - b);
  }

  /** `root`'s descendants (not itself), depth-first, each one's stat read once. */
  private walk(root: PidStat, scan: Scan): PidStat[] {
    const read = new Map<number, PidStat | null>([[root.pid, root]]);
    const children = (pid: number): readonly number[] => {
      let st = read.get(pid);
      if (st === undefined) {
        st = this.pidStat(pid);
        read.set(pid, st);
      }
      if (st === null) return [];
      if (scan.index === null && this.childrenFiles !== false) {
        const kids = this.directChildren(pid, st.threads);
        if (kids !== null) return kids;
        this.childrenFiles = false;
      }
      if (scan.index === null) {
        const all = this.allPidStats();
        for (const s of all) if (!read.has(s.pid)) read.set(s.pid, s);
        scan.index = childrenIndex(all);
      }
      return scan.index.get(pid) ?? [];
    };
    return descendants(root.pid, children).flatMap((pid) => read.get(pid) ?? []);
  }

  /**
   * The process trees under `roots` (each root's descendants, not the root itself), every process
   * read afresh. Follows the kernel's children lists, so the cost grows with the trees, not with
   * the host's process count; without them, one full /proc scan serves every root.
   */
  descendantsOf(roots: readonly number[]): Map<number, PidStat[]> {
    const out = new Map<number, PidStat[]>();
    const scan: Scan = { index: null };
    for (const pid of roots) {
      const st = this.pidStat(pid);
      out.set(pid, st === null ? [] : this.walk(st, scan));
    }
    return out;
  }

  /**
   * Like descendantsOf for roots whose stat the caller just read. Each descendant's stat is read on
   * every call (its CPU and RSS move); with `treeTtlMs`, which pids those are is remembered per
   * root for that long instead of listing children again — see ReaderOptions.treeTtlMs for the bound.
   */
  treesOf(roots: readonly PidStat[]): Map<number, PidStat[]> {
    const out = new Map<number, PidStat[]>();
    const scan: Scan = { index: null };
    const now = this.clock();
    for (const root of roots) {
      const cached = this.treeTtlMs > 0 ? this.cachedTree(root, now) : null;
      if (cached !== null) {
        out.set(root.pid, cached);
        continue;
      }
      const tree = this.walk(root, scan);
      out.set(root.pid, tree);
      if (this.treeTtlMs > 0 && this.childrenFiles === true) {
        this.trees.set(root.pid, { starttime: root.starttime, until: now + this.treeTtlMs, members: new Map(tree.map((s) => [s.pid, s.starttime])) });
      }
    }
    for (const [pid, t] of this.trees) if (t.until <= now) this.trees.delete(pid);
    return out;
  }

  private cachedTree(root: PidStat, now: number): PidStat[] | null {
    const c = this.trees.get(root.pid);
    if (c === undefined || c.starttime !== root.starttime || now >= c.until) return null;
    const readings = [...c.members.keys()].map((pid) => this.pidStat(pid));
    return sameTree(root.pid, c.members, readings) ? (readings as PidStat[]) : null;
  }

  hostCpu(): HostCpu | null {
    const text = this.readText(`${this.root}/stat`, true);
    return text === null ? null : parseCpuStat(text);
  }

  hostMemory(): HostMemory | null {
    const text = this.readText(`${this.root}/meminfo`, true);
    return text === null ? null : parseMeminfo(text);
  }
}
