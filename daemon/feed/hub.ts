/**
 * The change feed (`GET /supervisortui/feed`, wire format in src/live/feed-protocol.ts): one hub
 * per Supervisor incarnation watches the engine's bus, turns each burst of state changes into one
 * numbered changes message (encoded once, written to every subscriber), keeps the recent ones in
 * a journal for reconnecting clients, and samples CPU%/RSS of the rows each subscriber asks for.
 *
 * A subscriber never costs the daemon more than a bounded amount of memory and never blocks it:
 * writes go to the socket's buffer, and once more than `queueBytes` wait unsent the subscriber
 * is marked lagging and gets nothing more until the buffer drains, then one fresh snapshot.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FEED_STATS_METHOD,
  MIN_STATS_MS,
  parseSince,
  PING_MS,
  type ChangesMessage,
  type FeedMessage,
  type HelloMessage,
  type ProcessChange,
  type SnapshotMessage,
  type StatsMessage,
  type StatsRow,
} from '../../src/live/feed-protocol.ts';
import { makeNamespec } from '../../src/protocol/namespec.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { cpuShare, hostCpuShare, type HostStats, type ProcessStats } from '../../src/protocol/stats.ts';
import type { ProcessHealth, ProcessInfo, SupervisorStateInfo } from '../../src/protocol/types.ts';
import type { Unsubscribe } from '../events/bus.ts';
import { processHealth } from '../health/rpc.ts';
import { method, type MethodSpec } from '../rpc/dispatch.ts';
import { ProcReader } from '../../src/procfs/read.ts';
import { StatsSampler } from '../stats/sampler.ts';
import type { ManagedProcess, Supervisor } from '../supervisor.ts';
import { infoChange } from './diff.ts';
import { DEFAULT_JOURNAL, Journal, type JournalLimits } from './journal.ts';

export interface FeedOptions {
  /** Unsent bytes a subscriber may have before it is dropped to "resnapshot on drain". */
  readonly queueBytes?: number;
  readonly journal?: JournalLimits;
  readonly sampler?: StatsSampler;
  readonly pingMs?: number;
}

/** Enough for a few bursts; a 1,000-process snapshot alone is ~400 KB. */
const DEFAULT_QUEUE_BYTES = 256 * 1024;
/** Subscribers sampling within this many ms share one /proc reading. */
const SHARE_MS = 200;
/**
 * How long a sampled row's set of descendant pids is reused (ProcReader treeTtlMs): the rows'
 * RSS and CPU are still read every sample, only a child forked meanwhile shows up up to 5 s late.
 */
const TREE_TTL_MS = 5_000;
/** A client asking for more rows than this is asking for something else. */
const MAX_STATS_NAMES = 10_000;

interface StatsPrev {
  pid: number;
  cpuTime: number;
  now: number;
  row: string;
}

interface Subscriber {
  readonly id: string;
  readonly res: ServerResponse;
  lagging: boolean;
  statsMs: number;
  names: string[];
  timer: NodeJS.Timeout | null;
  prev: Map<string, StatsPrev>;
  prevHost: HostStats | null;
}

export const FEED_METHOD_DOCS: ReadonlyMap<string, string> = new Map([
  [
    FEED_STATS_METHOD,
    ` Change what CPU%/RSS samples a change-feed subscription
        (GET /supervisortui/feed) receives, without reconnecting.

        @param string id       the subscription id from the feed's hello line
        @param int ms          sample period in ms (0 stops the samples; else at least 250)
        @param array names     namespecs ('group:name') to sample
        @return boolean result always true unless error
        `,
  ],
]);

export class FeedHub {
  /** Names this incarnation's serials: a serial from another one means "snapshot". */
  readonly epoch = randomBytes(6).toString('base64url');
  private serial = 0;
  private readonly journal: Journal;
  private readonly subs = new Map<string, Subscriber>();
  /** The last info sent per namespec: what the next change is computed against. */
  private readonly sent = new Map<string, ProcessInfo>();
  /** The last health sent per namespec (processes with a healthcheck or depends_on), as compared. */
  private readonly sentHealth = new Map<string, string>();
  private sentState: SupervisorStateInfo;
  private readonly dirty = new Set<string>();
  private groupsAdded: string[] = [];
  private groupsRemoved: string[] = [];
  private stateDirty = false;
  private flushQueued = false;
  private readonly off: Unsubscribe[] = [];
  private readonly pingTimer: NodeJS.Timeout;
  private readonly queueBytes: number;
  private readonly sampler: StatsSampler;
  private closed = false;
  private readonly statsCache = new Map<string, { at: number; stats: ProcessStats }>();
  private hostCache: { at: number; host: HostStats } | null = null;
  /** The largest snapshot written so far: part of each subscriber's allowance. */
  private snapshotBytes = 0;

  constructor(
    private readonly sv: Supervisor,
    opts: FeedOptions = {},
  ) {
    this.queueBytes = opts.queueBytes ?? DEFAULT_QUEUE_BYTES;
    this.journal = new Journal(0, opts.journal ?? DEFAULT_JOURNAL);
    this.sampler = opts.sampler ?? new StatsSampler(new ProcReader({ treeTtlMs: TREE_TTL_MS }), () => sv.now());
    for (const p of sv.allProcesses('lexical')) {
      this.sent.set(p.namespec, p.info());
      const h = this.healthOf(p);
      if (h !== null) this.sentHealth.set(p.namespec, verdictKey(h));
    }
    this.sentState = sv.stateInfo();
    this.off.push(
      sv.bus.subscribe((e) => {
        if (e.name.startsWith('PROCESS_STATE_') && 'processname' in e) this.mark(makeNamespec(e.groupname, e.processname));
        else if (e.name === 'PROCESS_GROUP_ADDED' && 'groupname' in e) this.groupsAdded.push(e.groupname);
        else if (e.name === 'PROCESS_GROUP_REMOVED' && 'groupname' in e) this.groupsRemoved.push(e.groupname);
        else if (e.name.startsWith('SUPERVISOR_STATE_CHANGE_')) this.stateDirty = true;
        else return;
        this.queueFlush();
      }),
    );
    // depends_on: a waiting process's spawn changes its pid and description without a state event;
    // a health verdict changes nothing in its info.
    for (const hook of [sv.onInfoChange.bind(sv), sv.onHealthChange.bind(sv)]) {
      this.off.push(
        hook((p) => {
          this.mark(p.namespec);
          this.queueFlush();
        }),
      );
    }
    this.pingTimer = setInterval(() => this.ping(), opts.pingMs ?? PING_MS);
    this.pingTimer.unref();
  }

  /** The XML-RPC methods that act on subscriptions. */
  rpcMethods(): [string, MethodSpec][] {
    return [[FEED_STATS_METHOD, method(['string', 'int', 'array'], (id, ms, names) => this.setStats(id, ms, names))]];
  }

  /** How many subscribers are connected (tests, metrics). */
  get subscriberCount(): number {
    return this.subs.size;
  }

  /** Bytes written to subscribers' sockets and not yet sent: at most queueBytes + a snapshot + one message each. */
  bufferedBytes(): number {
    let n = 0;
    for (const s of this.subs.values()) n += s.res.writableLength;
    return n;
  }

  /** Messages not written to a lagging subscriber (replaced by the snapshot it gets on drain). */
  skipped = 0;

  /** GET /supervisortui/feed?since=EPOCH:SERIAL&stats=MS&names=a,b */
  handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' || this.closed) {
      res.writeHead(this.closed ? 503 : 400, { 'Content-Type': 'text/plain', Connection: 'close' }).end(this.closed ? 'shutting down\n' : 'GET only\n');
      return;
    }
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const statsMs = query.has('stats') ? Number(query.get('stats')) : 0;
    const names = (query.get('names') ?? '').split(',').filter((n) => n !== '');
    if (!validStatsMs(statsMs) || names.length > MAX_STATS_NAMES) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad stats or names\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.socket?.setNoDelay(true);
    // Pending changes belong before this subscriber's starting point.
    this.flush();
    const sub: Subscriber = { id: randomBytes(9).toString('base64url'), res, lagging: false, statsMs: 0, names: [], timer: null, prev: new Map(), prevHost: null };
    const since = parseSince(query.get('since'));
    const missed = since !== null && since.epoch === this.epoch ? this.journal.since(since.serial, this.serial) : null;
    const hello: HelloMessage = { t: 'hello', id: sub.id, epoch: this.epoch, serial: this.serial, resumed: missed !== null };
    this.subs.set(sub.id, sub);
    this.write(sub, line(hello));
    if (missed === null) this.write(sub, this.snapshotLine());
    else for (const l of missed) this.write(sub, l);
    res.on('drain', () => this.drained(sub));
    res.once('close', () => this.drop(sub));
    this.setStats(sub.id, statsMs, names);
  }

  /** Ends every subscription and stops watching the engine (the incarnation is over). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.off) off();
    clearInterval(this.pingTimer);
    for (const sub of [...this.subs.values()]) {
      this.drop(sub);
      sub.res.end();
    }
  }

  private setStats(id: string, ms: number, names: readonly unknown[]): boolean {
    const sub = this.subs.get(id);
    if (sub === undefined) throw RpcFault.of('BAD_NAME', id);
    if (!validStatsMs(ms) || names.length > MAX_STATS_NAMES || !names.every((n) => typeof n === 'string')) throw RpcFault.of('INCORRECT_PARAMETERS');
    sub.names = names as string[];
    // Rows no longer wanted are forgotten, so coming back into view sends them again.
    const wanted = new Set(sub.names);
    for (const k of [...sub.prev.keys()]) if (!wanted.has(k)) sub.prev.delete(k);
    if (sub.statsMs !== ms) {
      if (sub.timer !== null) clearTimeout(sub.timer);
      sub.timer = null;
      sub.statsMs = ms;
      // On the clock's multiples of ms, so subscribers with the same period share one reading.
      if (ms > 0) {
        sub.timer = setTimeout(() => {
          sub.timer = setInterval(() => this.sendStats(sub), ms);
          this.sendStats(sub);
        }, ms - (Date.now() % ms));
      }
    }
    if (ms > 0) this.sendStats(sub);
    return true;
  }

  private mark(namespec: string): void {
    this.dirty.add(namespec);
  }

  /** A burst of synchronous changes (a group stop, a storm of exits) becomes one message. */
  private queueFlush(): void {
    if (this.flushQueued || this.closed) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    const msg: ChangesMessage = { t: 'changes', serial: this.serial + 1, now: this.sv.now() };
    const state = this.sv.stateInfo();
    if (this.stateDirty && state.statename !== this.sentState.statename) msg.state = state;
    this.stateDirty = false;
    this.sentState = state;
    if (this.groupsRemoved.length > 0) {
      const gone = new Set(this.groupsRemoved);
      const removed: string[] = [];
      for (const [ns, info] of this.sent) {
        if (gone.has(info.group) && this.sv.getGroup(info.group) === undefined) {
          removed.push(ns);
          this.sent.delete(ns);
          this.sentHealth.delete(ns);
        }
      }
      msg.groups_removed = this.groupsRemoved;
      if (removed.length > 0) msg.removed = removed;
    }
    if (this.groupsAdded.length > 0) {
      msg.groups_added = this.groupsAdded;
      for (const g of this.groupsAdded) for (const p of this.sv.getGroup(g)?.processes ?? []) this.dirty.add(p.namespec);
    }
    this.groupsAdded = [];
    this.groupsRemoved = [];
    const changes: ProcessChange[] = [];
    const health: ProcessHealth[] = [];
    for (const ns of this.dirty) {
      const proc = this.processOf(ns);
      if (proc === null) continue;
      const info = proc.info();
      const change = infoChange(this.sent.get(ns), info);
      this.sent.set(ns, info);
      if (change !== null) changes.push(change);
      const h = this.healthOf(proc);
      const text = h === null ? undefined : verdictKey(h);
      if (h !== null && text !== this.sentHealth.get(ns)) {
        this.sentHealth.set(ns, text!);
        health.push(h);
      }
    }
    this.dirty.clear();
    if (changes.length > 0) msg.processes = changes;
    if (health.length > 0) msg.health = health;
    if (msg.state === undefined && msg.processes === undefined && msg.health === undefined && msg.removed === undefined && msg.groups_added === undefined && msg.groups_removed === undefined) return;
    this.serial = msg.serial;
    const text = line(msg);
    this.journal.push(this.serial, text);
    for (const sub of this.subs.values()) this.write(sub, text);
  }

  private processOf(namespec: string): ManagedProcess | null {
    try {
      return this.sv.getProcess(namespec);
    } catch {
      return null;
    }
  }

  /** What the feed says of a process's health: null for one without a healthcheck or depends_on (always `none`). */
  private healthOf(p: ManagedProcess): ProcessHealth | null {
    if (p.config.healthcheck === null && p.config.depends_on.length === 0) return null;
    return processHealth(this.sv, p);
  }

  private snapshotLine(): string {
    const all = this.sv.allProcesses('lexical');
    const processes = all.map((p) => p.info());
    const health = all.map((p) => this.healthOf(p)).filter((h): h is ProcessHealth => h !== null);
    const snap: SnapshotMessage = { t: 'snapshot', epoch: this.epoch, serial: this.serial, now: this.sv.now(), state: this.sv.stateInfo(), processes, health };
    const text = line(snap);
    this.snapshotBytes = Math.max(this.snapshotBytes, text.length);
    return text;
  }

  /**
   * Into the socket's buffer, unless this subscriber is too far behind; then nothing until it
   * drains. The allowance is the queue plus one snapshot, so a snapshot larger than the queue
   * (1,000 processes are ~400 KB) does not by itself make a reader that keeps up look stalled.
   */
  private write(sub: Subscriber, text: string): void {
    if (sub.res.destroyed) return;
    if (!sub.lagging && sub.res.writableLength > this.queueBytes + this.snapshotBytes) sub.lagging = true;
    if (sub.lagging) {
      this.skipped++;
      return;
    }
    sub.res.write(text);
  }

  private drained(sub: Subscriber): void {
    if (!sub.lagging || !this.subs.has(sub.id)) return;
    sub.lagging = false;
    // Everything since it stalled is replaced by the present.
    this.flush();
    sub.prev.clear();
    this.write(sub, this.snapshotLine());
  }

  private drop(sub: Subscriber): void {
    if (sub.timer !== null) clearTimeout(sub.timer);
    sub.timer = null;
    this.subs.delete(sub.id);
  }

  private ping(): void {
    const text = line({ t: 'ping', serial: this.serial });
    for (const sub of this.subs.values()) this.write(sub, text);
  }

  /**
   * Readings shared by the subscribers sampling within the same SHARE_MS (ten dashboards on the
   * same rows read /proc once, not ten times).
   */
  private sampleShared(targets: readonly ManagedProcess[]): ProcessStats[] {
    const now = performance.now();
    const key = (t: ManagedProcess) => `${t.namespec}\0${t.pid}`;
    const missing = targets.filter((t) => {
      const c = this.statsCache.get(key(t));
      return c === undefined || now - c.at > SHARE_MS;
    });
    this.sampler.processes(missing).forEach((st, i) => this.statsCache.set(key(missing[i]!), { at: now, stats: st }));
    if (this.statsCache.size > 4 * MAX_STATS_NAMES) for (const [k, c] of this.statsCache) if (now - c.at > SHARE_MS) this.statsCache.delete(k);
    return targets.map((t) => this.statsCache.get(key(t))!.stats);
  }

  private hostShared(): HostStats {
    const now = performance.now();
    if (this.hostCache === null || now - this.hostCache.at > SHARE_MS) this.hostCache = { at: now, host: this.sampler.host() };
    return this.hostCache.host;
  }

  private sendStats(sub: Subscriber): void {
    if (sub.lagging || !this.subs.has(sub.id)) return;
    const targets: ManagedProcess[] = [];
    for (const ns of sub.names) {
      const p = this.processOf(ns);
      if (p !== null) targets.push(p);
    }
    const now = this.sv.now();
    const stats = this.sampleShared(targets);
    const rows: Record<string, StatsRow> = {};
    stats.forEach((s, i) => {
      const ns = targets[i]!.namespec;
      const before = sub.prev.get(ns);
      const cpu = before !== undefined && before.pid === s.pid && s.pid > 0 ? round1(cpuShare(before.cpuTime, s.cpu_time, now - before.now)) : 0;
      const row: StatsRow = [cpu, s.rss, s.tree_rss];
      const key = row.join(',');
      if (before?.row !== key) rows[ns] = row;
      sub.prev.set(ns, { pid: s.pid, cpuTime: s.cpu_time, now, row: key });
    });
    const host = this.hostShared();
    const hostCpu = sub.prevHost === null ? 0 : round1(hostCpuShare(sub.prevHost, host));
    sub.prevHost = host;
    const msg: StatsMessage = { t: 'stats', now, host: { cpu: hostCpu, mem_total: host.mem_total, mem_available: host.mem_available }, rows };
    // Sent even with no changed rows: the host meter moves every sample.
    this.write(sub, line(msg));
  }
}

function validStatsMs(ms: number): boolean {
  return Number.isInteger(ms) && (ms === 0 || (ms >= MIN_STATS_MS && ms <= 3_600_000));
}

/** What makes a health entry worth sending: failures, detail and last_check move with every check. */
function verdictKey(h: ProcessHealth): string {
  return JSON.stringify([h.health, h.healthcheck, h.depends_on, h.waiting_for]);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function line(msg: FeedMessage): string {
  return `${JSON.stringify(msg)}\n`;
}
