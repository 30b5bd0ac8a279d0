/**
 * The calls the dashboard makes as it mounts (server line, priorities, the method list that picks
 * feed or polling), sent while Ink and React are still loading. Before, they left only after the
 * first (empty) frame was drawn: ~65 ms of cold React at 10 processes, and getAllConfigInfo alone is
 * 100–200 ms at 1,000. The first call of each such method receives the answer (or fault) to the
 * request sent early; every later call, and any first call made after `freshForMs`, goes to the server.
 */
import type { SupervisorClient } from '../src/client/types.ts';
import type { XmlRpcValue } from '../src/xmlrpc/types.ts';
import { IDENTIFY_METHOD } from '../src/protocol/identify.ts';

type Early = 'listMethods' | 'getSupervisorVersion' | 'getIdentification' | 'getAllConfigInfo';
const EARLY: readonly Early[] = ['listMethods', 'getSupervisorVersion', 'getIdentification', 'getAllConfigInfo'];

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
  const until = now() + freshForMs;
  const early = new Map<string, Once<unknown>>();
  for (const m of EARLY) early.set(m, new Once<unknown>(client[m](), until, now));
  const identify = new Once<XmlRpcValue>(client.call(IDENTIFY_METHOD), until, now);
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
      return fn.bind(target);
    },
  });
}
