/**
 * One refresh loop per server of the fleet, each on its own timer and its own connection: a
 * server that hangs or refuses only marks its own rows (the others keep refreshing), and
 * reconnects with the poller's backoff. Changes from every server reach the view together,
 * at most every COALESCE_MS.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import { errorText } from '../../src/error-text.ts';
import { LiveSource } from '../effects/live.ts';
import type { FleetMember, FleetView } from './model.ts';

const COALESCE_MS = 50;

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
}

export class FleetPollers {
  private readonly pollers = new Map<string, LiveSource>();
  private readonly members = new Map<string, FleetMember>();
  private readonly order: string[];
  private timer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;

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
      this.opts.onView({ ...this.opts.base, members: this.current(), now: Date.now() });
    }, COALESCE_MS);
  }
}
