/**
 * watchServer(): one server's process table kept current (API and behaviour in types.ts).
 * Feed mode follows our daemon's /supervisortui/feed; poll mode polls any supervisord with a
 * period paced by its answer time and refreshes when /mainlogtail reports a state change.
 */
import { StringDecoder } from 'node:string_decoder';
import { asProcessInfo, asProcessInfos, asStateInfo } from '../client/results.ts';
import type { LogStream, SupervisorClient } from '../client/types.ts';
import { errorText as plainErrorText } from '../error-text.ts';
import { RpcFault } from '../protocol/faults.ts';
import { makeNamespec } from '../protocol/namespec.ts';
import type { ProcessInfo } from '../protocol/types.ts';
import { applyChanges, decodeFeedLine, healthTable, type Table } from './apply.ts';
import { nextClockOffset } from './clock-offset.ts';
import { FEED_PATH, FEED_STATS_METHOD, formatSince, offersFeed, MIN_STATS_MS, PING_MS, type FeedMessage } from './feed-protocol.ts';
import { readLocal } from './local-stats.ts';
import { sshProcSource } from './ssh-stats.ts';
import { AnswerTimes, nextNamedRefreshAt, pollPeriod, ServerBudget, stateChangeOf } from './pacing.ts';
import { backoffMs, classifyFailure, staleAfterMs } from './failure.ts';
import { StatsTracker, type HostReading, type ProcReading } from './stats-tracker.ts';
import type { HostMeter, LiveStats, LiveUpdate, LiveView, StatsSource, Watcher, WatcherOptions } from './types.ts';

/** What a polled server is asked each full poll (tui/prefetch.ts sends the first one early). */
export const FULL_POLL_CALLS: readonly { methodName: string }[] = [{ methodName: 'supervisor.getState' }, { methodName: 'supervisor.getAllProcessInfo' }];

/** A feed line longer than this is not one: a 1,000-process snapshot is ~400 KB. */
const MAX_FEED_LINE = 64 * 1024 * 1024;

export function errorText(err: unknown): string {
  return err instanceof RpcFault ? err.faultString : plainErrorText(err);
}

/**
 * Reads /proc of processes on the server host (this host, or the server over ssh): given
 * namespec → pid, the readings. Supplied by the watcher for local servers; the dashboard
 * passes one for ssh:// servers (src/live/ssh-stats.ts).
 */
export type ProcSource = (pids: ReadonlyMap<string, number>) => Promise<{ procs: Map<string, ProcReading>; host: HostReading | null }>;

export interface WatchServerOptions extends WatcherOptions {
  /** How to read the server's /proc when polling; default: this host's when the client is local, else none. */
  procSource?: { source: StatsSource; read: ProcSource } | null;
}

/** This host's /proc for a local server, the server's over ssh for ssh://, else none. */
function defaultProcSource(client: SupervisorClient): { source: StatsSource; read: ProcSource } | null {
  if (client.isLocal) return { source: 'local', read: (pids) => Promise.resolve(readLocal(pids)) };
  if (client.runRemote !== undefined) return { source: 'ssh', read: sshProcSource(client.runRemote) };
  return null;
}

export function watchServer(client: SupervisorClient, opts: WatchServerOptions): Watcher {
  return new LiveWatcher(client, opts);
}

/** Whether two infos show the same thing (now and a RUNNING description's uptime move on their own). */
function sameInfo(a: ProcessInfo, b: ProcessInfo): boolean {
  return a.state === b.state && a.pid === b.pid && a.start === b.start && a.stop === b.stop && a.exitstatus === b.exitstatus && a.spawnerr === b.spawnerr && (a.statename === 'RUNNING' || a.description === b.description);
}

class LiveWatcher implements Watcher {
  mode: 'feed' | 'poll' | null = null;
  private readonly intervalMs: number;
  private readonly statsMs: number;
  private readonly now: () => number;
  private stopped = false;
  private table: Table | null = null;
  /** Server clock minus local clock, seconds (src/live/clock-offset.ts); null before the first reading. */
  private offset: number | null = null;
  private stats = new Map<string, LiveStats>();
  private host: HostMeter | null = null;
  private statsSource: StatsSource = 'none';
  private statsNote: string | null = null;
  private failures = 0;
  private lastGood: number | null = null;
  private up = false;
  /** 'slow' was reported and no answer has come since. */
  private slow = false;
  private slowTimer: NodeJS.Timeout | null = null;
  /** Local time of the last message from the server (feed line or answer): a quiet feed is probed past staleAfterMs. */
  private lastHeard = 0;
  private probeTimer: NodeJS.Timeout | null = null;
  private probing = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Delivers what a pause held back once the pause ends. */
  private resumeTimer: NodeJS.Timeout | null = null;
  private pendingAll = false;
  // feed
  private feed: LogStream | null = null;
  private feedId: string | null = null;
  private feedEpoch: string | null = null;
  private feedSerial = -1;
  private feedWatchdog: NodeJS.Timeout | null = null;
  private statsPush: NodeJS.Timeout | null = null;
  // poll
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private pollAgain = false;
  private readonly answers = new AnswerTimes();
  private readonly budget = new ServerBudget();
  private mainlog: LogStream | null = null;
  /** Process names the main log reported a state change for, to look up one by one. */
  private named = new Set<string>();
  private refreshingNamed = false;
  private namedTimer: NodeJS.Timeout | null = null;
  private namedNotBefore = 0;
  /** The server has no /mainlogtail (syslog, or no main log): do not ask again. */
  private mainlogMissing = false;
  private readonly tracker = new StatsTracker();
  private statsTimer: NodeJS.Timeout | null = null;
  /** When /proc was last read for a polled server (by a full poll or the stats tick), and whether a read is out. */
  private lastSampled = 0;
  private sampling = false;
  private readonly procSource: { source: StatsSource; read: ProcSource } | null;

  constructor(
    private readonly client: SupervisorClient,
    private readonly opts: WatchServerOptions,
  ) {
    this.intervalMs = opts.intervalMs ?? 1000;
    this.statsMs = Math.max(MIN_STATS_MS, opts.statsIntervalMs ?? this.intervalMs);
    this.now = opts.now ?? Date.now;
    this.procSource = opts.procSource !== undefined ? opts.procSource : defaultProcSource(client);
  }

  start(): void {
    this.opts.onConnection?.({ status: 'connecting', since: this.now() });
    void this.connect();
    this.statsTimer = setInterval(() => this.statsTick(), this.statsMs);
    this.statsTimer.unref();
    this.probeTimer = setInterval(() => void this.probeQuietFeed(), staleAfterMs(this.intervalMs));
    this.probeTimer.unref();
    this.resumeTimer = setInterval(() => this.resumeTick(), this.intervalMs);
    this.resumeTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.retryTimer, this.pollTimer, this.feedWatchdog, this.statsPush, this.slowTimer, this.namedTimer]) if (t !== null) clearTimeout(t);
    if (this.probeTimer !== null) clearInterval(this.probeTimer);
    if (this.statsTimer !== null) clearInterval(this.statsTimer);
    if (this.resumeTimer !== null) clearInterval(this.resumeTimer);
    this.feed?.close();
    this.mainlog?.close();
    this.feed = null;
    this.mainlog = null;
  }

  refreshNow(): void {
    if (this.stopped || this.mode !== 'poll') return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.schedulePoll(0);
  }

  statsWantedChanged(): void {
    if (this.stopped) return;
    if (this.mode === 'feed') {
      // Scrolling changes the rows many times a second: tell the daemon once things settle.
      if (this.statsPush !== null) clearTimeout(this.statsPush);
      this.statsPush = setTimeout(() => {
        this.statsPush = null;
        this.pushStatsRequest();
      }, 50);
    } else if (this.mode === 'poll' && this.table !== null) {
      void this.sampleProcs();
    }
  }

  // ---- shared ------------------------------------------------------------------------------

  private wanted(): string[] {
    return [...(this.opts.statsWanted?.() ?? [])];
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.mode === null) {
        this.mode = offersFeed(await this.client.listMethods()) ? 'feed' : 'poll';
      }
    } catch (err) {
      this.failed(err);
      return;
    }
    if (this.stopped) return;
    if (this.mode === 'feed') this.openFeed();
    else {
      this.openMainlog();
      this.schedulePoll(0);
    }
  }

  private failed(err: unknown): void {
    if (this.stopped) return;
    this.failures++;
    this.up = false;
    this.slow = false;
    this.clearSlow();
    const f = classifyFailure(err);
    if (f.permanent) {
      // Retrying cannot help and would only flood the server's auth log: say what to do and stop.
      this.opts.onConnection?.({ status: 'down', error: f.text, lastGood: this.lastGood, retryAt: null, hint: f.hint });
      this.stop();
      return;
    }
    const delay = backoffMs(this.failures, this.intervalMs);
    this.opts.onConnection?.({ status: 'down', error: f.text, lastGood: this.lastGood, retryAt: this.now() + delay, hint: null });
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private good(): void {
    this.failures = 0;
    this.lastGood = this.now();
    this.lastHeard = this.lastGood;
    if ((!this.up || this.slow) && this.mode !== null) {
      this.up = true;
      this.slow = false;
      this.opts.onConnection?.({ status: 'up', mode: this.mode });
    }
  }

  private emit(changed: ReadonlySet<string> | 'all'): void {
    if (this.table === null || this.stopped) return;
    if (this.opts.isPaused?.()) {
      this.pendingAll = true;
      return;
    }
    const at = this.now();
    const view: LiveView = {
      infos: this.table.infos,
      state: this.table.state,
      health: this.table.health,
      stats: this.stats,
      host: this.host,
      mode: this.mode ?? 'poll',
      statsSource: this.statsSource,
      statsNote: this.statsNote,
      at,
      clockOffset: this.offset ?? 0,
    };
    const update: LiveUpdate = { view, changed: this.pendingAll ? 'all' : changed };
    this.pendingAll = false;
    this.opts.onUpdate(update);
  }

  /** Nothing ticks in the data (uptimes are derived from clockOffset by the viewer): only a held-back update is due. */
  private resumeTick(): void {
    if (this.table !== null && this.pendingAll && !this.opts.isPaused?.()) this.emit('all');
  }

  /** wholeSeconds: a poll's `now` (truncated); the feed's has the daemon's fraction. */
  private setClock(serverNow: number, wholeSeconds: boolean): void {
    this.offset = nextClockOffset(this.offset, serverNow, this.now(), wholeSeconds);
  }

  // ---- feed mode ---------------------------------------------------------------------------

  private openFeed(): void {
    const names = this.wanted();
    const q = new URLSearchParams();
    if (this.feedEpoch !== null && this.feedSerial >= 0) q.set('since', formatSince(this.feedEpoch, this.feedSerial));
    q.set('stats', String(this.statsMs));
    if (names.length > 0) q.set('names', names.join(','));
    const decoder = new StringDecoder('utf8');
    let partial = '';
    let broken: Error | null = null;
    const stream = this.client.stream(`${FEED_PATH}?${q.toString()}`, {
      onData: (chunk) => {
        if (broken !== null || stream !== this.feed) return;
        this.armWatchdog();
        const parts = (partial + decoder.write(chunk)).split('\n');
        partial = parts.pop() ?? '';
        if (partial.length > MAX_FEED_LINE) broken = new Error('feed line too long');
        try {
          for (const text of parts) if (text !== '') this.onFeedMessage(decodeFeedLine(text));
        } catch (err) {
          broken = err instanceof Error ? err : new Error(String(err));
        }
        if (broken !== null) stream.close();
      },
      onEnd: (err) => {
        if (stream !== this.feed) return;
        this.feed = null;
        this.feedId = null;
        if (this.feedWatchdog !== null) clearTimeout(this.feedWatchdog);
        if (this.stopped) return;
        if (broken !== null) {
          // A line we could not use: start over from a snapshot.
          this.feedEpoch = null;
          this.feedSerial = -1;
        }
        this.failed(err ?? broken ?? new Error('feed ended'));
      },
    });
    this.feed = stream;
    this.armWatchdog();
  }

  /** An idle feed still pings every PING_MS: silence for longer means a dead connection. */
  private armWatchdog(): void {
    if (this.feedWatchdog !== null) clearTimeout(this.feedWatchdog);
    this.feedWatchdog = setTimeout(() => this.feed?.close(), PING_MS * 2 + 5000);
    this.feedWatchdog.unref();
  }

  private onFeedMessage(m: FeedMessage | null): void {
    if (m === null) return;
    this.lastHeard = this.now();
    if (this.slow) this.good();
    switch (m.t) {
      case 'hello':
        this.feedId = m.id;
        this.feedEpoch = m.epoch;
        if (m.resumed) this.good();
        // The rows may have changed while the request was on its way.
        this.pushStatsRequest();
        return;
      case 'snapshot':
        this.feedEpoch = m.epoch;
        this.feedSerial = m.serial;
        this.setClock(m.now, false);
        this.table = { infos: m.processes, state: m.state, health: healthTable(m.health) };
        this.statsSource = 'feed';
        this.statsNote = null;
        this.good();
        this.emit('all');
        return;
      case 'changes': {
        if (this.table === null || m.serial !== this.feedSerial + 1) throw new Error(`feed serial ${m.serial} after ${this.feedSerial}`);
        this.feedSerial = m.serial;
        this.setClock(m.now, false);
        const { table, changed } = applyChanges(this.table, m);
        this.table = table;
        this.emit(changed);
        return;
      }
      case 'stats': {
        const changed = new Set<string>();
        const wanted = new Set(this.wanted());
        const next = new Map<string, LiveStats>();
        for (const [ns, s] of this.stats) if (wanted.has(ns)) next.set(ns, s);
        for (const [ns, [cpu, rss, treeRss]] of Object.entries(m.rows)) {
          changed.add(ns);
          if (rss === 0 && treeRss === 0) next.delete(ns);
          else next.set(ns, { cpu, rss, treeRss });
        }
        this.stats = next;
        this.host = { cpu: m.host.cpu, memTotal: m.host.mem_total, memAvailable: m.host.mem_available };
        this.emit(changed);
        return;
      }
      case 'ping':
        return;
    }
  }

  private pushStatsRequest(): void {
    const id = this.feedId;
    if (id === null || this.feed === null) return;
    this.client.call(FEED_STATS_METHOD, [id, this.statsMs, this.wanted()]).catch(() => {
      // The subscription ended meanwhile: the reconnect sends the names again.
    });
  }

  // ---- poll mode ---------------------------------------------------------------------------

  private schedulePoll(ms: number): void {
    if (this.stopped) return;
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.poll();
    }, ms);
  }

  /** A state-change line in the main log: refresh as soon as the server's budget allows. */
  private refreshSoon(): void {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.schedulePoll(this.budget.wait(this.now(), this.answers.estimate()));
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.polling) return;
    if (this.opts.isPaused?.() && this.table !== null) {
      this.schedulePoll(this.intervalMs);
      return;
    }
    this.polling = true;
    this.pollAgain = false;
    const started = this.now();
    this.armSlow(started);
    try {
      const [stateR, infosR] = await this.client.multicall(FULL_POLL_CALLS);
      this.answers.push(this.now() - started);
      this.budget.spend(this.now(), this.now() - started);
      if (stateR === undefined || infosR === undefined) throw new Error('system.multicall returned too few results');
      if (stateR instanceof RpcFault) throw stateR;
      if (infosR instanceof RpcFault) throw infosR;
      const state = asStateInfo('supervisor.getState', stateR);
      const infos = asProcessInfos('supervisor.getAllProcessInfo', infosR);
      if (infos[0] !== undefined) this.setClock(infos[0].now, true);
      const changed = this.diffPolled(infos);
      const first = this.table === null;
      const stateChanged = this.table === null || this.table.state.statename !== state.statename;
      this.table = { infos, state, health: null };
      this.good();
      if (this.mainlog === null) this.openMainlog();
      if (first && this.procSource?.source === 'ssh') {
        // The first rows do not wait for a command's round trip over ssh to the server's /proc
        // (~1 s on a loaded box): they show now, their CPU/RSS (blank until then) follow.
        this.statsSource = 'ssh';
        this.emit('all');
        void this.sampleProcs();
      } else {
        // The sampled rows' CPU%/RSS and the host meter are news even when no info changed.
        for (const ns of await this.sampleProcs(false)) changed.add(ns);
        if (stateChanged) this.emit('all');
        else if (changed.size > 0) this.emit(changed);
      }
      const followed = this.mainlog !== null;
      const period = pollPeriod(followed ? (this.opts.followedPollMs ?? this.intervalMs) : this.intervalMs, this.answers.estimate(), followed);
      this.schedulePoll(this.pollAgain ? 0 : Math.max(0, started + period - this.now()));
    } catch (err) {
      this.failed(err);
    } finally {
      this.polling = false;
      this.clearSlow();
      this.refreshNamedSoon();
    }
  }

  /**
   * The processes the main log named: their infos only (a few ms of the server's time, where a
   * full poll of a big supervisord takes seconds and waits for the budget), so their changes show
   * at once. Runs after a full poll in flight (whose answer may predate the change), never during one.
   */
  private refreshNamedSoon(): void {
    if (this.stopped || this.named.size === 0 || this.polling || this.refreshingNamed || this.namedTimer !== null) return;
    const wait = this.namedNotBefore - this.now();
    if (wait > 0) {
      this.namedTimer = setTimeout(() => {
        this.namedTimer = null;
        this.refreshNamedSoon();
      }, wait);
      return;
    }
    void this.refreshNamed();
  }

  private async refreshNamed(): Promise<void> {
    const table = this.table;
    if (table === null) return;
    const names = this.named;
    this.named = new Set();
    const matched = table.infos.filter((p) => names.has(p.name));
    const specs = matched.map((p) => makeNamespec(p.group, p.name));
    // A name the table lacks is a process added since the last poll: only a full poll shows it.
    if (names.size > new Set(matched.map((p) => p.name)).size) this.refreshSoon();
    if (specs.length === 0) return;
    this.refreshingNamed = true;
    const started = this.now();
    try {
      const results = await this.client.multicall(specs.map((ns) => ({ methodName: 'supervisor.getProcessInfo', params: [ns] })));
      const ended = this.now();
      this.budget.spend(ended, ended - started);
      const fresh = new Map<string, ProcessInfo>();
      results.forEach((r, i) => {
        // A fault (the process was removed meanwhile): the full poll shows the table as it is.
        if (r === undefined || r instanceof RpcFault) this.refreshSoon();
        else fresh.set(specs[i]!, asProcessInfo('supervisor.getProcessInfo', r));
      });
      this.mergeNamed(fresh);
    } catch {
      // The connection's state is the full poll's to report; it looks again on its own period.
    } finally {
      this.refreshingNamed = false;
      this.namedNotBefore = nextNamedRefreshAt(this.now(), this.now() - started);
      this.refreshNamedSoon();
    }
  }

  private mergeNamed(fresh: ReadonlyMap<string, ProcessInfo>): void {
    if (this.table === null || fresh.size === 0) return;
    const changed = new Set<string>();
    const infos = this.table.infos.map((p) => {
      const ns = makeNamespec(p.group, p.name);
      const f = fresh.get(ns);
      if (f === undefined || sameInfo(p, f)) return p;
      changed.add(ns);
      return f;
    });
    if (changed.size === 0) return;
    this.table = { ...this.table, infos };
    this.emit(changed);
  }

  /** A hung server must not look healthy: past staleAfterMs without an answer, say so while the request goes on. */
  private armSlow(started: number): void {
    this.clearSlow();
    this.slowTimer = setTimeout(() => {
      this.slowTimer = null;
      if (this.stopped || !this.up) return;
      this.slow = true;
      this.opts.onConnection?.({ status: 'slow', since: started, lastGood: this.lastGood });
    }, staleAfterMs(this.intervalMs));
    this.slowTimer.unref();
  }

  private clearSlow(): void {
    if (this.slowTimer !== null) clearTimeout(this.slowTimer);
    this.slowTimer = null;
  }

  /** The feed is quiet when nothing changes (pings are 15 s apart): a small call tells a hung server from an idle one. */
  private async probeQuietFeed(): Promise<void> {
    if (this.stopped || this.mode !== 'feed' || this.feed === null || this.probing || !this.up) return;
    if (this.now() - this.lastHeard < staleAfterMs(this.intervalMs)) return;
    this.probing = true;
    const started = this.now();
    this.armSlow(started);
    try {
      await this.client.call('supervisor.getState');
      this.clearSlow();
      this.good();
    } catch {
      // The feed's own end reports a lost connection.
    } finally {
      this.probing = false;
      this.clearSlow();
    }
  }

  /**
   * Namespecs whose info differs from the previous poll; unchanged ones keep their previous objects
   * (with the `now` and RUNNING description of when they last changed: an idle server's poll changes nothing).
   */
  private diffPolled(infos: ProcessInfo[]): Set<string> {
    const changed = new Set<string>();
    const prev = new Map((this.table?.infos ?? []).map((p) => [makeNamespec(p.group, p.name), p]));
    infos.forEach((p, i) => {
      const ns = makeNamespec(p.group, p.name);
      const before = prev.get(ns);
      if (before !== undefined && sameInfo(before, p)) infos[i] = before;
      else changed.add(ns);
      prev.delete(ns);
    });
    for (const ns of prev.keys()) changed.add(ns);
    return changed;
  }

  /**
   * A polled server's CPU%/RSS between full polls: a big supervisord's full poll is paced to tens of
   * seconds (its answer time), the /proc readings of the visible rows are not.
   */
  private statsTick(): void {
    if (this.stopped || this.mode !== 'poll' || this.table === null || this.polling || this.sampling) return;
    // A full poll that has just sampled counts as this tick's reading.
    if (this.now() - this.lastSampled < this.statsMs * 0.9) return;
    void this.sampleProcs();
  }

  /** CPU%/RSS of the wanted rows from the server's /proc, when we can read it; the namespecs sampled. */
  private async sampleProcs(emitNow = true): Promise<ReadonlySet<string>> {
    this.lastSampled = this.now();
    this.sampling = true;
    try {
      return await this.readProcs(emitNow);
    } finally {
      this.sampling = false;
    }
  }

  private async readProcs(emitNow: boolean): Promise<ReadonlySet<string>> {
    const src = this.procSource;
    if (src === null) {
      this.statsSource = 'none';
      this.statsNote = 'CPU/RSS: only for local, ssh:// or our daemon';
      return new Set();
    }
    const wanted = new Set(this.wanted());
    const pids = new Map<string, number>();
    for (const p of this.table?.infos ?? []) {
      const ns = makeNamespec(p.group, p.name);
      if (p.pid > 0 && wanted.has(ns)) pids.set(ns, p.pid);
    }
    try {
      const { procs, host } = await src.read(pids);
      const r = this.tracker.update(this.now(), procs, host);
      this.stats = r.stats;
      this.host = r.host;
      this.statsSource = src.source;
      this.statsNote = null;
    } catch (err) {
      this.statsSource = 'none';
      this.statsNote = `CPU/RSS unavailable: ${errorText(err)}`;
    }
    const sampled = new Set(pids.keys());
    if (emitNow) this.emit(sampled);
    return sampled;
  }

  private openMainlog(): void {
    if (this.mainlog !== null || this.mainlogMissing || this.stopped) return;
    let first = true;
    const decoder = new StringDecoder('utf8');
    let partial = '';
    const stream = this.client.mainTailStream({
      onData: (chunk) => {
        const parts = (partial + decoder.write(chunk)).split('\n');
        partial = (parts.pop() ?? '').slice(-4096);
        // The first chunk is the log's last 1024 bytes: old news, but whatever changed between the
        // last poll and the stream's start is only in there, so it refreshes once too.
        let all = first;
        first = false;
        for (const line of parts) {
          const change = stateChangeOf(line);
          if (change === null) continue;
          if (change.name === null) all = true;
          else this.named.add(change.name);
        }
        if (all) this.refreshSoon();
        this.refreshNamedSoon();
      },
      onEnd: (err) => {
        // No main log (404): polling alone. A lost connection: reopened after the next good poll.
        if (this.mainlog === stream) this.mainlog = null;
        if (err?.status === 404) this.mainlogMissing = true;
      },
    });
    this.mainlog = stream;
  }
}
