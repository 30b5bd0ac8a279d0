/**
 * The calls the dashboard makes as it mounts (server line, priorities, the method list that picks
 * feed or polling, and a polled server's first full poll), sent while Ink and React are still
 * loading. Before, they left only after the first (empty) frame was drawn: ~65 ms of cold React at
 * 10 processes, and getAllConfigInfo alone is 100–200 ms at 1,000. The first call of each such
 * method receives the answer (or fault) to the request sent early; every later call, and any first
 * call made after `freshForMs`, goes to the server.
 *
 * A fleet's servers send theirs as the session opens (tui/fleet/session.ts), without the
 * priorities: the fleet asks those once every server has shown its rows (tui/fleet/pollers.ts).
 */
import type { MulticallResult, SupervisorClient } from '../src/client/types.ts';
import { offersFeed } from '../src/live/feed-protocol.ts';
import { FULL_POLL_CALLS } from '../src/live/watcher.ts';
import type { XmlRpcValue } from '../src/xmlrpc/types.ts';
import { IDENTIFY_METHOD } from '../src/protocol/identify.ts';

type Early = 'listMethods' | 'getSupervisorVersion' | 'getIdentification' | 'getAllConfigInfo';
const MOUNT: readonly Early[] = ['listMethods', 'getSupervisorVersion', 'getIdentification', 'getAllConfigInfo'];
const FLEET: readonly Early[] = ['listMethods', 'getSupervisorVersion', 'getIdentification'];

/** The early full poll was not sent (the server has the feed, or its method list failed): ask the server. */
const NOT_SENT = Symbol('not sent');

/** The calls a multicall makes are the full poll's. */
function isFullPoll(calls: readonly { methodName: string; params?: unknown }[]): boolean {
  return calls.length === FULL_POLL_CALLS.length && calls.every((c, i) => c.methodName === FULL_POLL_CALLS[i]!.methodName && (c.params === undefined || (Array.isArray(c.params) && c.params.length === 0)));
}

/** One early request, handed over once. */
class Once<T> {
  private promise: Promise<T> | null;
  constructor(
    promise: Promise<T>,
    private readonly until: number,
    private readonly now: () => number,
  ) {
    promise.catch(() => undefined); // handed over (or dropped) below; never an unhandled rejection
    this.promise = promise;
  }
  take(): Promise<T> | null {
    const p = this.promise;
    this.promise = null;
    return p !== null && this.now() <= this.until ? p : null;
  }
}

export function prefetchMountCalls(client: SupervisorClient, freshForMs = 5000, now: () => number = () => performance.now()): SupervisorClient {
  return prefetch(client, MOUNT, freshForMs, now);
}

/** A fleet server's first contact, sent as its client is made. */
export function prefetchFleetContact(client: SupervisorClient, freshForMs = 5000, now: () => number = () => performance.now()): SupervisorClient {
  return prefetch(client, FLEET, freshForMs, now);
}

function prefetch(client: SupervisorClient, methods: readonly Early[], freshForMs: number, now: () => number): SupervisorClient {
  const until = now() + freshForMs;
  const early = new Map<string, Once<unknown>>();
  const listed = client.listMethods();
  for (const m of methods) early.set(m, new Once<unknown>(m === 'listMethods' ? listed : client[m](), until, now));
  const identify = new Once<XmlRpcValue>(client.call(IDENTIFY_METHOD), until, now);
  // A polled server's first full poll follows its method list at once, as the watcher's would.
  const poll = new Once(
    listed.then<MulticallResult[] | typeof NOT_SENT, typeof NOT_SENT>(
      (m) => (offersFeed(m) ? NOT_SENT : client.multicall(FULL_POLL_CALLS)),
      () => NOT_SENT,
    ),
    until,
    now,
  );
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      const once = typeof prop === 'string' ? early.get(prop) : undefined;
      if (once !== undefined) return (...args: unknown[]) => once.take() ?? fn.apply(target, args);
      if (prop === 'call') {
        return (method: string, params?: XmlRpcValue[], ...rest: unknown[]) =>
          (method === IDENTIFY_METHOD && (params === undefined || params.length === 0) ? identify.take() : null) ?? fn.call(target, method, params, ...rest);
      }
      if (prop === 'multicall') {
        return (calls: Parameters<SupervisorClient['multicall']>[0]) => {
          const sent = isFullPoll(calls) ? poll.take() : null;
          if (sent === null) return fn.call(target, calls);
          return sent.then((r) => (r === NOT_SENT ? (fn.call(target, calls) as Promise<MulticallResult[]>) : r));
        };
      }
      return fn.bind(target);
    },
  });
}
