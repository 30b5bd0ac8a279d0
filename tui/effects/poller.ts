/**
 * The refresh loop: one system.multicall (getState + getAllProcessInfo) per interval. Reports a
 * snapshot only when something visible changed, so an idle dashboard draws nothing. A failed call
 * marks the connection down (header shows last good time and a countdown) and retries with backoff
 * (transient failures, up to 30 s) or stops (permanent ones: bad URL, refused credentials, ssh
 * login or host key). A refresh that takes longer than staleAfterMs marks the data stale at once.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { asProcessInfos, asStateInfo } from '../../src/client/results.ts';
import { errorText } from '../../src/error-text.ts';
import { makeNamespec } from '../../src/protocol/index.ts';
import type { Connection, Priority, ProcStats, ServerInfo, Snapshot } from '../model.ts';
import { readLocal } from '../../src/live/local-stats.ts';
import { StatsTracker } from '../../src/live/stats-tracker.ts';
import { backoffMs, classifyFailure, staleAfterMs } from './failure.ts';

export interface PollerSink {
  snapshot(s: Snapshot): void;
  server(s: ServerInfo): void;
  connection(c: Connection): void;
}

export interface PollerOptions {
  intervalMs: number;
  /** Shown in the header: host name for local servers, else the URL. */
  label: string;
  isPaused: () => boolean;
  /** Namespecs whose CPU%/RSS are shown (the visible rows), or null for all (sorting by them). */
  statsWanted?: () => ReadonlySet<string> | null;
  now?: () => number;
}


/** What the table shows of a snapshot; equal signatures mean an identical screen. */
export function snapshotSignature(s: Snapshot): string {
  const parts: string[] = [];
  for (const p of s.infos) {
    const up = p.pid > 0 ? p.now - p.start : 0;
    const st = s.stats?.get(p.pid);
    parts.push(`${p.group}\0${p.name}\0${p.state}\0${p.pid}\0${up}\0${p.stop}\0${p.exitstatus}\0${p.description}\0${p.spawnerr}\0${st ? `${st.cpu.toFixed(1)}/${Math.round(st.rss / 1024)}` : ''}`);
  }
  parts.push(s.stats === null ? 'remote' : 'local');
  for (const [k, v] of s.priorities) parts.push(`${k}=${v.group}/${v.process}`);
  return parts.join('\n');
}

export class Poller {
  private readonly client: SupervisorClient;
  private readonly sink: PollerSink;
  private readonly opts: PollerOptions;
  private readonly stats: StatsTracker | null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running = false;
  private again = false;
  private failures = 0;
  private lastGood: number | null = null;
  private lastSignature = '';
  private lastServer = '';
  private priorities = new Map<string, Priority>();
  private prioritiesStale = true;
  private connected = false;
  /** What the header was last told, so 'up' is reported again after 'slow'. */
  private reported: Connection['status'] | null = null;
  private slowTimer: NodeJS.Timeout | null = null;
  private lastSnap: Snapshot | null = null;
  private version = '';
  private label = '';

  constructor(client: SupervisorClient, sink: PollerSink, opts: PollerOptions) {
    this.client = client;
    this.sink = sink;
    this.opts = opts;
    this.stats = client.isLocal ? new StatsTracker() : null;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.timer = null;
  }

  private report(c: Connection): void {
    this.reported = c.status;
    this.sink.connection(c);
  }

  /**
   * The rows on screen changed (a jump with G, the full-screen log closed): read /proc now for the
   * processes that came into view without figures (RSS at once, CPU% from the next refresh)
   * instead of leaving them blank until then.
   */
  refreshStats(): void {
    const last = this.lastSnap;
    if (this.stopped || !this.stats || !last || last.stats === null) return;
    const wanted = this.opts.statsWanted?.() ?? null;
    const have = last.stats;
    const pids = new Map(last.infos.filter((p) => p.pid > 0 && !have.has(p.pid) && (wanted === null || wanted.has(makeNamespec(p.group, p.name)))).map((p) => [makeNamespec(p.group, p.name), p.pid]));
    if (pids.size === 0) return;
    const stats = new Map(have);
    for (const [ns, r] of readLocal(pids).procs) stats.set(pids.get(ns)!, { cpu: 0, rss: r.rss });
    const snap: Snapshot = { ...last, stats };
    this.lastSnap = snap;
    this.lastSignature = snapshotSignature(snap);
    this.sink.snapshot(snap);
  }

  /** Refresh now (after an action), without waiting for the interval. */
  refreshNow(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    void this.tick();
  }

  /** Priorities changed (update, add, remove): fetch getAllConfigInfo again. */
  configChanged(): void {
    this.prioritiesStale = true;
    this.refreshNow();
  }

  currentPriorities(): ReadonlyMap<string, Priority> {
    return this.priorities;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    this.again = false;
    const started = this.now();
    if (this.reported === null) this.report({ status: 'connecting', since: started });
    // A hung server must not look healthy: past the threshold the header says how old the data is, while the request goes on.
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = setTimeout(() => {
      this.slowTimer = null;
      if (this.running && !this.stopped && this.reported !== 'down') this.report({ status: 'slow', since: started, lastGood: this.lastGood });
    }, staleAfterMs(this.opts.intervalMs));
    try {
      if (this.opts.isPaused() && this.connected) {
        this.schedule(this.opts.intervalMs);
        return;
      }
      await this.poll();
      this.failures = 0;
      this.connected = true;
      if (this.reported !== 'up') this.report({ status: 'up' });
      this.lastGood = this.now();
      this.schedule(this.again ? 0 : this.opts.intervalMs);
    } catch (err) {
      this.failures++;
      this.connected = false;
      this.prioritiesStale = true;
      const f = classifyFailure(err);
      if (f.permanent) {
        this.report({ status: 'down', error: f.text, lastGood: this.lastGood, retryAt: null, hint: f.hint });
        return;
      }
      const delay = backoffMs(this.failures, this.opts.intervalMs);
      this.report({ status: 'down', error: f.text, lastGood: this.lastGood, retryAt: this.now() + delay, hint: null });
      this.schedule(delay);
    } finally {
      this.running = false;
      if (this.slowTimer) clearTimeout(this.slowTimer);
      this.slowTimer = null;
    }
  }

  private async poll(): Promise<void> {
    if (this.prioritiesStale || !this.connected) await this.fetchServerInfo();
    const [stateR, infosR] = await this.client.multicall([{ methodName: 'supervisor.getState' }, { methodName: 'supervisor.getAllProcessInfo' }]);
    if (stateR === undefined || infosR === undefined) throw new Error('system.multicall returned too few results');
    if (stateR instanceof RpcFault) throw stateR;
    if (infosR instanceof RpcFault) throw infosR;
    const state = asStateInfo('supervisor.getState', stateR);
    const infos = asProcessInfos('supervisor.getAllProcessInfo', infosR);
    if (infos.some((p) => !this.priorities.has(makeNamespec(p.group, p.name)))) await this.fetchPriorities();
    this.reportServer(state.statename);
    const at = this.now();
    let stats: Map<number, ProcStats> | null = null;
    if (this.stats) {
      const wanted = this.opts.statsWanted?.() ?? null;
      const pids = new Map(infos.filter((p) => p.pid > 0 && (wanted === null || wanted.has(makeNamespec(p.group, p.name)))).map((p) => [makeNamespec(p.group, p.name), p.pid]));
      const byName = this.stats.update(at, readLocal(pids).procs, null).stats;
      stats = new Map([...byName].map(([ns, s]) => [pids.get(ns)!, { cpu: s.cpu, rss: s.rss }]));
    }
    const snap: Snapshot = { infos, stats, priorities: this.priorities, at };
    const sig = snapshotSignature(snap);
    if (sig === this.lastSignature) return;
    this.lastSignature = sig;
    this.lastSnap = snap;
    this.sink.snapshot(snap);
  }

  private async fetchServerInfo(): Promise<void> {
    this.version = await this.client.getSupervisorVersion();
    const ident = await this.client.getIdentification().catch(() => 'supervisor');
    this.label = ident && ident !== 'supervisor' ? `${this.opts.label} (${ident})` : this.opts.label;
    await this.fetchPriorities();
  }

  private async fetchPriorities(): Promise<void> {
    const configs = await this.client.getAllConfigInfo();
    const map = new Map<string, Priority>();
    for (const c of configs) map.set(makeNamespec(c.group, c.name), { group: c.group_prio, process: c.process_prio });
    this.priorities = map;
    this.prioritiesStale = false;
  }

  private reportServer(state: string): void {
    const key = `${this.label}\0${this.version}\0${state}`;
    if (key === this.lastServer) return;
    this.lastServer = key;
    this.sink.server({ label: this.label, version: this.version, state });
  }
}
