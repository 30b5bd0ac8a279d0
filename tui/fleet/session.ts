/**
 * One context's connections: a client per server, made at once for servers whose password is
 * known and when password_command answers for the others, so a failing or hanging command marks
 * only its own server down (with the command's error) and never delays the rest. close() ends
 * every client, also one whose password arrives afterwards (no socket or ssh master outlives it).
 */
import type { ConnectOptions, SupervisorClient } from '../../src/client/types.ts';
import { Secrets } from '../../src/fleet/load.ts';
import type { Fleet } from '../../src/fleet/types.ts';
import { prefetchFleetContact } from '../prefetch.ts';

export interface FleetSession {
  fleet: Fleet;
  /** The clients made so far, by server name (effects and log tails read it as they run). */
  clients: ReadonlyMap<string, SupervisorClient>;
  /** Every server (fleet order): its client once it can connect, or why it cannot (a FleetError line). */
  ready: ReadonlyMap<string, Promise<SupervisorClient>>;
  close(): void;
}

export function openFleetSession(fleet: Fleet, connect: (o: ConnectOptions) => SupervisorClient, timeoutMs: number): FleetSession {
  const secrets = new Secrets();
  const clients = new Map<string, SupervisorClient>();
  const ready = new Map<string, Promise<SupervisorClient>>();
  let closed = false;
  for (const s of fleet.servers) {
    const make = (password: string | null): SupervisorClient => {
      const c = connect({ serverurl: s.serverurl, username: s.username, password, timeoutMs });
      if (closed) c.close();
      else clients.set(s.name, c);
      return c;
    };
    // Its first contact (method list, server line, a polled server's first full poll) leaves now,
    // while the dashboard itself still loads (tui/prefetch.ts).
    const first = (password: string | null) => prefetchFleetContact(make(password));
    const p = s.password.kind === 'command' ? secrets.password(s).then(first) : Promise.resolve(first(s.password.kind === 'value' ? s.password.value : null));
    // The poller reports a failure on the server's row; nobody else need handle it.
    p.catch(() => {});
    ready.set(s.name, p);
  }
  return {
    fleet,
    clients,
    ready,
    close() {
      closed = true;
      for (const c of clients.values()) c.close();
      clients.clear();
    },
  };
}
