/**
 * One refresh loop per server of the fleet, each on its own timer and its own connection: a
 * server that hangs or refuses only marks its own rows (the others keep refreshing), and
 * reconnects with the poller's backoff. Changes from every server reach the view together,
 * at most every COALESCE_MS.
 *
 * First contact asks each server for its process table only. The priorities (getAllConfigInfo:
 * 190 KB of XML for 250 processes, the biggest answer of all) are asked once every server has
 * shown its rows or failed, or PRIORITIES_AFTER_MS after the start, PRIORITY_FETCHES servers at
 * a time: decoding 20 of them at once held up the other servers' first rows and the keys.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import { errorText } from '../../src/error-text.ts';
import { LiveSource } from '../effects/live.ts';
import type { FleetMember, FleetView } from './model.ts';

const COALESCE_MS = 50;
/**
 * A supervisord whose main log is followed is fully polled every this many intervals: its log's
 * state-change lines bring each change at once, so the poll is a safety net (for what the log does
 * not say: a STOPPING state, processes added by `update` elsewhere). A 250-process supervisord
 * answering one watcher spent 4.9 % of a core polled every second, 1.5 % every fifth (30 s each).
 */
const FOLLOWED_POLL_INTERVALS = 5;
/** The priorities are asked this long after the start at the latest, whatever slow servers still do. */
const PRIORITIES_AFTER_MS = 5000;
/** Servers asked for their priorities at once; one taking longer than PRIORITY_TURN_MS lets the next go. */
const PRIORITY_FETCHES = 2;
const PRIORITY_TURN_MS = 2000;

/**
 * The client with its calls timed: the server row's round-trip time. A polled server answers a
 * multicall per refresh; one with a feed still answers the per-interval health call.
 */
function timed(client: SupervisorClient, report: (ms: number) => void): SupervisorClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'multicall' && prop !== 'call') return Reflect.get(target, prop, receiver) as unknown;
      const method = Reflect.get(target, prop, receiver) as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        const t0 = performance.now();
        const r = await method.apply(target, args);
        report(performance.now() - t0);
        return r;
      };
    },
  });
}

export interface FleetPollerOptions {
  intervalMs: number;
  isPaused(): boolean;
  /** Qualified namespecs on screen (`name@server`), or null for all. */
  statsWanted(): ReadonlySet<string> | null;
  onView(view: FleetView): void;
  base: Omit<FleetView, 'members' | 'now'>;
  /** The priorities are asked this long after the start at the latest (default PRIORITIES_AFTER_MS). */
  prioritiesAfterMs?: number;
}

export class FleetPollers {
  private readonly pollers = new Map<string, LiveSource>();
  private readonly members = new Map<string, FleetMember>();
  private readonly order: string[];
  private timer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  /** The priorities are being (or were) asked: a server connecting from now on asks its own at once. */
  private prioritiesAsked = false;
  private prioritiesTimer: NodeJS.Timeout | null = null;

  /** A server whose client is a promise (its password_command runs) waits as `connecting`; a rejection marks it down. */
  constructor(clients: ReadonlyMap<string, SupervisorClient | Promise<SupervisorClient>>, private readonly opts: FleetPollerOptions) {
    this.order = [...clients.keys()];
    for (const [name, client] of clients) {
      this.members.set(name, { name, snapshot: null, server: null, conn: { status: 'connecting', since: Date.now() }, rttMs: null });
      if (!(client instanceof Promise)) {
        this.add(name, client);
        continue;
      }
      client.then(
        (c) => {
          if (this.stopped) return;
          const poller = this.add(name, c);
          if (this.started) poller.start();
          if (this.prioritiesAsked) void poller.askPriorities();
        },
        (err: unknown) => {
          if (this.stopped) return;
          this.update(name, { conn: { status: 'down', error: errorText(err), lastGood: null, retryAt: null, hint: null } });
        },
      );
    }
  }

  private update(name: string, change: Partial<FleetMember>): void {
    this.members.set(name, { ...this.members.get(name)!, ...change });
    this.changed();
  }

  /** Every server's priorities, PRIORITY_FETCHES at a time in fleet order. */
  private askPriorities(): void {
    if (this.prioritiesAsked || this.stopped) return;
    this.prioritiesAsked = true;
    if (this.prioritiesTimer !== null) clearTimeout(this.prioritiesTimer);
    const queue = this.order.filter((n) => this.pollers.has(n));
    const next = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined && !this.stopped; name = queue.shift()) {
        let timer: NodeJS.Timeout | undefined;
        const turn = new Promise<void>((r) => (timer = setTimeout(r, PRIORITY_TURN_MS)));
        await Promise.race([this.pollers.get(name)!.askPriorities(), turn]);
        clearTimeout(timer);
      }
    };
    for (let i = 0; i < PRIORITY_FETCHES; i++) void next();
  }

  private add(name: string, client: SupervisorClient): LiveSource {
    const update = (change: Partial<FleetMember>) => this.update(name, change);
    const suffix = `@${name}`;
    const opts = this.opts;
    const poller = new LiveSource(
      timed(client, (ms) => {
        const m = this.members.get(name)!;
        // Only a visible change of the rounded figure redraws.
        if (m.rttMs === null || Math.round(m.rttMs) !== Math.round(ms)) update({ rttMs: ms });
      }),
      {
        snapshot: (snapshot) => update({ snapshot }),
        server: (server) => update({ server }),
        connection: (conn) => update({ conn }),
      },
      {
        intervalMs: opts.intervalMs,
        label: name,
        // One server's rows do not wait for its priorities (the fleet's cursor is on a server row).
        rowsFirst: true,
        followedPollMs: FOLLOWED_POLL_INTERVALS * opts.intervalMs,
        isPaused: opts.isPaused,
        statsWanted: () => {
          const all = opts.statsWanted();
          if (all === null) return new Set<string>();
          const mine = new Set<string>();
          for (const q of all) if (q.endsWith(suffix)) mine.add(q.slice(0, -suffix.length));
          return mine;
        },
      },
    );
    this.pollers.set(name, poller);
    return poller;
  }

  start(): void {
    this.started = true;
    for (const p of this.pollers.values()) p.start();
    this.prioritiesTimer = setTimeout(() => this.askPriorities(), this.opts.prioritiesAfterMs ?? PRIORITIES_AFTER_MS);
    this.prioritiesTimer.unref();
    // The age of an unreachable server's data counts up on its row.
    this.ticker = setInterval(() => {
      if ([...this.members.values()].some((m) => m.conn.status === 'down')) this.changed();
    }, 1000);
  }

  stop(): void {
    this.stopped = true;
    for (const p of this.pollers.values()) p.stop();
    if (this.timer) clearTimeout(this.timer);
    if (this.ticker) clearInterval(this.ticker);
    if (this.prioritiesTimer) clearTimeout(this.prioritiesTimer);
  }

  refreshNow(server?: string): void {
    if (server === undefined) for (const p of this.pollers.values()) p.refreshNow();
    else this.pollers.get(server)?.refreshNow();
  }

  configChanged(): void {
    for (const p of this.pollers.values()) p.configChanged();
  }

  current(): FleetMember[] {
    return this.order.map((n) => this.members.get(n)!);
  }

  private changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const members = this.current();
      this.opts.onView({ ...this.opts.base, members, now: Date.now() });
      // Once the view holds every server's rows (or its failure), after it is drawn.
      if (!this.prioritiesAsked && members.every((m) => m.snapshot !== null || m.conn.status === 'down')) this.askPriorities();
    }, COALESCE_MS);
  }
}
