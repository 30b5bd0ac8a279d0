/**
 * The dashboard over a fleet (`--context`, `--servers`, `-s` repeated): one client per server, one
 * table. `:ctx NAME` leaves the dashboard and opens it again on that context. A fleet of one
 * server is today's dashboard on that server.
 */
import { hostname } from 'node:os';
import { createClient } from '../../src/client/client.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import { errorText } from '../../src/error-text.ts';
import { defaultServersFile, loadFleet, readServersFile, Secrets, type FleetArgs } from '../../src/fleet/load.ts';
import type { Fleet } from '../../src/fleet/types.ts';
import type { DashboardArgs } from '../args.ts';
import type { UiSettings } from '../settings/config.ts';

/** Calls (one per server) may wait this long: a hung server then shows as unreachable on its row. */
const FLEET_CALL_TIMEOUT_MS = 15_000;

function fail(message: string): number {
  process.stderr.write(`Error: ${message}\n`);
  return 2;
}

export async function fleetMain(a: DashboardArgs, args: FleetArgs, prepare: (a: DashboardArgs) => Promise<boolean>, settings?: UiSettings): Promise<number> {
  const warn = (line: string) => process.stderr.write(line + '\n');
  let context = args.context;
  let color: boolean | null = null;
  for (;;) {
    let fleet: Fleet;
    let contexts: string[] = [];
    const clients = new Map<string, SupervisorClient>();
    try {
      fleet = loadFleet({ ...args, context }, process.env, warn);
      if (args.serverurls.length === 0) contexts = [...readServersFile(args.serversFile ?? defaultServersFile(process.env), () => {}).contexts.keys()];
      const secrets = new Secrets();
      const passwords = await Promise.all(fleet.servers.map((s) => secrets.password(s)));
      fleet.servers.forEach((s, i) =>
        clients.set(s.name, createClient({ serverurl: s.serverurl, username: s.username, password: passwords[i] ?? null, timeoutMs: FLEET_CALL_TIMEOUT_MS })),
      );
    } catch (err) {
      for (const c of clients.values()) c.close();
      return fail(errorText(err));
    }
    color ??= await prepare(a);
    let switchTo: string | null = null;
    const first = fleet.servers[0]!;
    const firstClient = clients.get(first.name)!;
    try {
      const { runDashboard } = await import('../run.tsx');
      // A context's view (its folded groups) is its own; an ad-hoc fleet's is keyed by its URLs.
      const { openSavedView } = await import('../prefs/file.ts');
      const view = openSavedView(fleet.context !== null ? `context:${fleet.context}` : `fleet:${fleet.servers.map((s) => s.serverurl).join(' ')}`, warn);
      const code = await runDashboard({
        client: firstClient,
        label: first.serverurl.startsWith('unix://') ? hostname() : first.name,
        intervalMs: a.intervalMs,
        readonly: a.readonly || fleet.readonly,
        color,
        ascii: a.ascii,
        mouse: a.mouse,
        view,
        settings,
        connection: { serverurl: first.serverurl, username: first.username, password: null },
        fleet: fleet.servers.length > 1 ? { fleet, clients, contexts, switchContext: (name) => (switchTo = name) } : undefined,
      });
      if (switchTo === null) return code;
      context = switchTo;
    } finally {
      for (const c of clients.values()) c.close();
    }
  }
}
