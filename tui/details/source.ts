/**
 * The details view's reads: the process's getAllConfigInfo row and supervisortui.getHealth
 * (settings, once on open), then its process tree every interval — from our daemon's
 * supervisortui.getProcessStats where the server has it, else from this host's /proc when the
 * server is local, else none (the view says so).
 */
import { getProcessStats } from '../../src/client/stats.ts';
import { fetchProcessDetails } from '../../src/client/health.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import { errorText } from '../../src/error-text.ts';
import { CLOCK_TICKS, PAGE_SIZE } from '../../src/procfs/parse.ts';
import { ProcReader } from '../../src/procfs/read.ts';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { splitNamespec } from '../../src/protocol/namespec.ts';
import type { TreeProcessStats } from '../../src/protocol/stats.ts';
import type { DetailsData } from './model.ts';
import { buildTree, type TreeReading } from './tree.ts';

export interface DetailsOptions {
  intervalMs: number;
  /** The process's pid now (from the table's data), 0 when not running. */
  pid: () => number;
}

/** This host's /proc: the process and its descendants. */
function readLocalTree(reader: ProcReader, pid: number): TreeProcessStats[] {
  const self = reader.pidStat(pid);
  if (self === null) return [];
  const kids = reader.descendantsOf([pid]).get(pid) ?? [];
  return [self, ...kids].map((st) => ({ pid: st.pid, ppid: st.ppid, comm: st.comm, cpu_time: (st.utime + st.stime) / CLOCK_TICKS, rss: st.rssPages * PAGE_SIZE }));
}

export class DetailsSource {
  private data: DetailsData;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** 'server' until the server says it has no stats method. */
  private treeFrom: 'server' | 'local' | 'none' = 'server';
  private before: TreeReading | null = null;
  private readonly reader = new ProcReader();

  constructor(
    private readonly client: SupervisorClient,
    /** The server's name for it. */
    private readonly namespec: string,
    target: string,
    private readonly sink: (d: DetailsData) => void,
    private readonly opts: DetailsOptions,
  ) {
    this.data = { target, loaded: false, config: null, details: null, tree: [], treeSource: 'none', error: null };
  }

  start(): void {
    void this.load();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private update(change: Partial<DetailsData>): void {
    if (this.closed) return;
    this.data = { ...this.data, ...change };
    this.sink(this.data);
  }

  private async load(): Promise<void> {
    const [group, name] = splitNamespec(this.namespec);
    try {
      const [configs, details] = await Promise.all([this.client.getAllConfigInfo(), fetchProcessDetails(this.client, this.namespec)]);
      const config = configs.find((c) => c.group === group && c.name === name) ?? null;
      this.update({ loaded: true, config, details, error: null });
    } catch (err) {
      this.update({ loaded: true, error: errorText(err) });
    }
    await this.tick();
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    try {
      await this.readTree();
    } catch (err) {
      this.update({ error: `process tree: ${errorText(err)}` });
    }
    if (!this.closed) this.timer = setTimeout(() => void this.tick(), this.opts.intervalMs);
  }

  private async readTree(): Promise<void> {
    const pid = this.opts.pid();
    let procs: TreeProcessStats[] = [];
    if (this.treeFrom === 'server') {
      try {
        const report = await getProcessStats(this.client);
        const [group, name] = splitNamespec(this.namespec);
        const p = report.processes.find((x) => x.group === group && x.name === name);
        if (p !== undefined && p.pid > 0) {
          const comm = this.data.config?.command.trim().split(/\s+/)[0]?.split('/').pop() ?? name ?? this.namespec;
          procs = [{ pid: p.pid, ppid: 0, comm, cpu_time: p.cpu_time, rss: p.rss }, ...p.children];
        }
      } catch (err) {
        if (!(err instanceof RpcFault && err.faultCode === Faults.UNKNOWN_METHOD)) throw err;
        this.treeFrom = this.client.isLocal ? 'local' : 'none';
      }
    }
    if (this.treeFrom === 'local' && pid > 0) procs = readLocalTree(this.reader, pid);
    const root = procs[0]?.pid ?? 0;
    const now: TreeReading = { procs, at: Date.now() };
    const tree = root > 0 ? buildTree(root, now, this.before) : [];
    this.before = now;
    this.update({ tree, treeSource: this.treeFrom, error: null });
  }
}
