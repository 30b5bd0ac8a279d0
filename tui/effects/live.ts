/**
 * The dashboard's data source: the live watcher (src/live/) for the process table, plus what only
 * the dashboard needs — priorities from getAllConfigInfo, the header's server line, CPU/RSS keyed
 * by pid with a short history for the sparklines. Reports a snapshot only when something visible
 * changed, so an idle dashboard draws nothing.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import { identify } from '../../src/client/identify.ts';
import { fetchAllHealth } from '../../src/client/health.ts';
import type { ProcessHealth } from '../../src/protocol/types.ts';
import { daemonLabel } from '../../src/protocol/identify.ts';
import type { ProcSource } from '../../src/live/watcher.ts';
import { errorText, watchServer } from '../../src/live/watcher.ts';
import type { LiveView, StatsSource, Watcher } from '../../src/live/types.ts';
import { makeNamespec, type ProcessInfo } from '../../src/protocol/index.ts';
import type { Connection, Priority, ProcStats, ServerInfo, Snapshot } from '../model.ts';
import { pushSample, type StatsHistory } from '../sparkline.ts';

export { errorText };

export interface LiveSink {
  snapshot(s: Snapshot): void;
  server(s: ServerInfo): void;
  connection(c: Connection): void;
}

export interface LiveOptions {
  intervalMs: number;
  /** Shown in the header: host name for local servers, else the URL. */
  label: string;
  isPaused: () => boolean;
  /** Namespecs whose CPU%/RSS are shown (the visible rows). */
  statsWanted: () => ReadonlySet<string>;
  /** Reads the server's /proc when polling (ssh); default: this host's for a local server. */
  procSource?: { source: StatsSource; read: ProcSource } | null;
  /**
   * Rows first, priorities later (a fleet): snapshots are reported as soon as the process table is
   * known, in name order, and getAllConfigInfo (with the server line) is asked only once
   * askPriorities() is called, so that no server's rows wait for a server to encode, and the
   * dashboard to decode, every process's config (190 KB of XML for 250 processes). One server
   * alone waits for them: its cursor would otherwise move as the rows re-sort.
   */
  rowsFirst?: boolean;
  /** A polled server's full-poll period while its main log is followed (WatcherOptions.followedPollMs). */
  followedPollMs?: number;
}

/** What the table shows of an info (a RUNNING uptime comes from `start` and the table clock, not from `now`). */
function sameInfoShown(a: ProcessInfo, b: ProcessInfo): boolean {
  if (a === b) return true;
  const derived = a.statename === 'RUNNING' && a.start > 0; // its description is drawn from start and the clock
  return a.group === b.group && a.name === b.name && a.state === b.state && a.pid === b.pid && a.start === b.start && a.stop === b.stop && a.exitstatus === b.exitstatus && (derived || a.description === b.description) && a.spawnerr === b.spawnerr;
}

/** CPU% to a tenth and RSS to a KiB: what the columns can show. */
function sameStats(a: ProcStats | undefined, b: ProcStats | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.cpu.toFixed(1) === b.cpu.toFixed(1) && Math.round(a.rss / 1024) === Math.round(b.rss / 1024);
}

function sameMap<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>, same: (x: V, y: V) => boolean): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !same(v, w)) return false;
  }
  return true;
}

/**
 * Whether two snapshots draw the same table and header (an identical screen): compared field by
 * field, unchanged processes usually by identity. A signature string of every process was ~3 ms
 * per update at 1,000 processes, on every clock tick and stats sample.
 */
export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (a.infos.length !== b.infos.length || (a.clockOffset ?? 0) !== (b.clockOffset ?? 0)) return false;
  for (let i = 0; i < a.infos.length; i++) if (!sameInfoShown(a.infos[i]!, b.infos[i]!)) return false;
  if ((a.stats === null) !== (b.stats === null)) return false;
  if (a.stats === null && (a.statsNote ?? '') !== (b.statsNote ?? '')) return false;
  if (a.stats !== null && b.stats !== null) {
    for (const p of b.infos) if (!sameStats(a.stats.get(p.pid), b.stats.get(p.pid))) return false;
  }
  if (!sameMap(a.health ?? new Map(), b.health ?? new Map(), (x, y) => x.health === y.health)) return false;
  const [ha, hb] = [a.host ?? null, b.host ?? null];
  if ((ha === null) !== (hb === null)) return false;
  if (ha !== null && hb !== null && (ha.cpu.toFixed(0) !== hb.cpu.toFixed(0) || Math.round(ha.memAvailable / 1048576) !== Math.round(hb.memAvailable / 1048576))) return false;
  return sameMap(a.priorities, b.priorities, (x, y) => x.group === y.group && x.process === y.process);
}

export class LiveSource {
  private readonly watcher: Watcher;
  private priorities = new Map<string, Priority>();
  private prioritiesStale = true;
  /** The first snapshot waits for the priorities: rows drawn in name order and then re-sorted would move the selection. */
  private prioritiesKnown = false;
  private fetching = false;
  private connectedBefore = false;
  private daemon = '';
  private label = '';
  private lastServer = '';
  private lastSnapshot: Snapshot | null = null;
  private history = new Map<string, StatsHistory>();
  private lastStatsAt = 0;
  private view: LiveView | null = null;
  /** Ours: health verdicts by namespec; null while unknown or when the server has none (a real supervisord). */
  private health: ReadonlyMap<string, ProcessHealth> | null = null;
  /** False once the server answered UNKNOWN_METHOD: it is never asked again on this connection. */
  private healthOffered = true;
  private healthTimer: NodeJS.Timeout | null = null;
  /** Rows first: the priorities are not asked before askPriorities(). */
  private prioritiesHeld = false;

  constructor(
    private readonly client: SupervisorClient,
    private readonly sink: LiveSink,
    private readonly opts: LiveOptions,
  ) {
    this.label = opts.label;
    this.watcher = watchServer(client, {
      intervalMs: opts.intervalMs,
      ...(opts.followedPollMs !== undefined ? { followedPollMs: opts.followedPollMs } : {}),
      statsWanted: opts.statsWanted,
      isPaused: opts.isPaused,
      ...(opts.procSource !== undefined ? { procSource: opts.procSource } : {}),
      onUpdate: ({ view }) => this.onView(view),
      onConnection: (c) => {
        if (c.status === 'up') {
          // Asked at start for the first connection; asked again after a reconnect (the config may have changed meanwhile).
          if (this.connectedBefore) this.prioritiesStale = true;
          this.connectedBefore = true;
          this.healthOffered = true;
          this.sink.connection({ status: 'up' });
          if (this.prioritiesStale && !this.prioritiesHeld) void this.fetchServerInfo();
          void this.fetchHealth();
        } else this.sink.connection(c);
      },
    });
  }

  start(): void {
    // The server line and the priorities are asked while the watcher connects, not after its first
    // view; rows first: once the process table is known (the watcher's connection or first view).
    if (this.opts.rowsFirst === true) {
      this.prioritiesKnown = true;
      this.prioritiesHeld = true;
    } else void this.fetchServerInfo();
    this.watcher.start();
    // Polling our daemon: one getAllHealth per interval, while the server offers it (the feed carries health itself).
    this.healthTimer = setInterval(() => void this.fetchHealth(), Math.max(1000, this.opts.intervalMs));
    this.healthTimer.unref();
  }

  stop(): void {
    this.watcher.stop();
    if (this.healthTimer !== null) clearInterval(this.healthTimer);
    this.healthTimer = null;
  }

  private async fetchHealth(): Promise<void> {
    if (!this.healthOffered || this.view === null || this.view.health !== null || this.opts.isPaused()) return;
    try {
      const all = await fetchAllHealth(this.client);
      if (all === null) this.healthOffered = false;
      this.health = all === null ? null : new Map(all.map((h) => [makeNamespec(h.group, h.name), h]));
      this.report();
    } catch {
      // The watcher reports the connection; the next interval asks again.
    }
  }

  /** Rows first: ask the priorities now (and whenever they go stale from now on); resolves once answered or failed. */
  askPriorities(): Promise<void> {
    this.prioritiesHeld = false;
    return this.prioritiesStale ? this.fetchServerInfo() : Promise.resolve();
  }

  /** Refresh now (after an action); with the feed, changes arrive by themselves. */
  refreshNow(): void {
    this.watcher.refreshNow();
  }

  /** Priorities changed (update, add, remove): fetch getAllConfigInfo again. */
  configChanged(): void {
    this.prioritiesStale = true;
    void this.fetchServerInfo();
    this.watcher.refreshNow();
  }

  /** The visible rows changed (scrolling, filter, sort). */
  statsWantedChanged(): void {
    this.watcher.statsWantedChanged();
  }

  private onView(view: LiveView): void {
    this.view = view;
    if (view.health !== null) this.health = view.health;
    if (view.infos.some((p) => !this.priorities.has(makeNamespec(p.group, p.name)))) this.prioritiesStale = true;
    // Rows first: this view is reported before the priorities are asked.
    this.report();
    if (this.prioritiesStale && !this.prioritiesHeld) void this.fetchServerInfo();
  }

  private report(): void {
    const view = this.view;
    if (view === null || !this.prioritiesKnown) return;
    this.reportServer(view.state.statename);
    const hasStats = view.statsSource !== 'none';
    const byPid = new Map<number, ProcStats>();
    if (hasStats) {
      // One history sample per stats sample: a new host reading marks a new sample.
      const fresh = view.host !== null && view.at !== this.lastStatsAt && view.stats.size > 0;
      for (const p of view.infos) {
        const ns = makeNamespec(p.group, p.name);
        const s = view.stats.get(ns);
        if (s === undefined || p.pid <= 0) continue;
        byPid.set(p.pid, { cpu: s.cpu, rss: s.rss });
        if (fresh) this.history.set(ns, pushSample(this.history.get(ns), s.cpu, s.rss));
      }
      if (fresh) this.lastStatsAt = view.at;
    }
    const snap: Snapshot = {
      infos: view.infos,
      stats: hasStats ? byPid : null,
      priorities: this.priorities,
      at: view.at,
      host: view.host,
      statsNote: view.statsNote,
      history: this.history,
      health: this.health,
      clockOffset: view.clockOffset,
    };
    if (this.lastSnapshot !== null && sameSnapshot(this.lastSnapshot, snap)) return;
    this.lastSnapshot = snap;
    this.sink.snapshot(snap);
  }

  /** The header's server line: which daemon, its identification. */
  private async fetchServerLine(): Promise<void> {
    if (this.daemon !== '') return;
    const [version, identity, ident] = await Promise.all([this.client.getSupervisorVersion(), identify(this.client), this.client.getIdentification().catch(() => 'supervisor')]);
    this.daemon = daemonLabel(identity, version);
    this.label = ident && ident !== 'supervisor' ? `${this.opts.label} (${ident})` : this.opts.label;
    // The header's server line need not wait for the priorities.
    if (this.view !== null) this.reportServer(this.view.state.statename);
  }

  private async fetchServerInfo(): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    try {
      // All at once: at 1,000 processes getAllConfigInfo alone takes 100–200 ms, and the first rows wait for it.
      const [, configs] = await Promise.all([this.fetchServerLine(), this.client.getAllConfigInfo()]);
      const map = new Map<string, Priority>();
      for (const c of configs) map.set(makeNamespec(c.group, c.name), { group: c.group_prio, process: c.process_prio });
      this.priorities = map;
      this.prioritiesStale = false;
      this.prioritiesKnown = true;
      this.report();
    } catch {
      // The watcher reports the connection; the next view asks again. Rows are shown meanwhile, in name order.
      this.prioritiesKnown = true;
      this.report();
    } finally {
      this.fetching = false;
    }
  }

  private reportServer(state: string): void {
    if (this.daemon === '') return;
    const key = `${this.label}\0${this.daemon}\0${state}`;
    if (key === this.lastServer) return;
    this.lastServer = key;
    this.sink.server({ label: this.label, daemon: this.daemon, state });
  }
}
