/**
 * The dashboard over a fleet (`--context`, `--servers`, `-s` repeated): one client per server, one
 * table. `:ctx NAME` (or the `:ctx` picker) opens another context of the servers file inside the
 * running dashboard. A context of one server is today's dashboard on that server.
 */
import { hostname } from 'node:os';
import { createClient } from '../../src/client/client.ts';
import { errorText } from '../../src/error-text.ts';
import { StdioTerminal } from '../../src/ctl/terminal.ts';
import { defaultServersFile, loadFleet, readServersFile, Secrets, type FleetArgs } from '../../src/fleet/load.ts';
import { FleetError } from '../../src/fleet/types.ts';
import { firstContact } from '../first-contact.ts';
import type { DashboardArgs } from '../args.ts';
import { openSavedView } from '../prefs/file.ts';
import type { DashboardTarget } from '../run.tsx';
import { serverLabel } from '../server-label.ts';
import type { UiSettings } from '../settings/config.ts';
import type { ContextChoice } from './model.ts';
import { openFleetSession } from './session.ts';

/** Calls (one per server) may wait this long: a hung server then shows as unreachable on its row. */
const FLEET_CALL_TIMEOUT_MS = 15_000;

function fail(message: string): number {
  process.stderr.write(`Error: ${message}\n`);
  return 2;
}

/** The servers file's contexts for the `:ctx` picker, read afresh (edits show). */
export function contextChoices(file: string): ContextChoice[] {
  const parsed = readServersFile(file, () => {});
  return [...parsed.contexts.values()].map((c) => ({ name: c.name, color: c.color, servers: c.servers.length, readonly: c.readonly }));
}

/**
 * Opens what the dashboard shows for these arguments: one server as today, or the fleet's session.
 * `interactive`: before the full screen (the first context), so a one-server context may ask on the
 * terminal — credentials, an ssh host key — exactly as the one-server dashboard does.
 */
async function openTarget(a: DashboardArgs, args: FleetArgs, warn: (line: string) => void, interactive: boolean): Promise<DashboardTarget> {
  const fleet = loadFleet(args, process.env, warn);
  const readonly = a.readonly || fleet.readonly;
  if (fleet.servers.length === 1) {
    // One server: exactly today's dashboard on it (its password is needed before anything shows).
    const only = fleet.servers[0]!;
    let conn = { serverurl: only.serverurl, username: only.username, password: await new Secrets().password(only) };
    let client;
    if (interactive) {
      const first = await firstContact(conn, a.timeoutMs, () => new StdioTerminal());
      if (!first.ok) throw new FleetError(first.message);
      client = first.client;
      conn = first.conn;
    } else client = createClient({ ...conn, timeoutMs: a.timeoutMs });
    return {
      client,
      label: serverLabel(conn.serverurl, hostname()),
      readonly,
      connection: conn,
      // The view remembered for this server, as when it is opened with -s.
      view: openSavedView(conn.serverurl, warn),
      context: fleet.context,
      close: () => client.close(),
    };
  }
  const session = openFleetSession(fleet, createClient, FLEET_CALL_TIMEOUT_MS);
  const first = fleet.servers[0]!;
  return {
    client: null,
    label: first.name,
    readonly,
    connection: { serverurl: first.serverurl, username: first.username, password: null },
    fleet: { fleet, clients: session.clients, ready: session.ready },
    // A context's view (its folded groups) is its own; an ad-hoc fleet's is keyed by its URLs.
    view: openSavedView(fleet.context !== null ? `context:${fleet.context}` : `fleet:${fleet.servers.map((s) => s.serverurl).join(' ')}`, warn),
    context: fleet.context,
    close: () => session.close(),
  };
}

export async function fleetMain(a: DashboardArgs, args: FleetArgs, prepare: (a: DashboardArgs) => Promise<boolean>, settings?: UiSettings): Promise<number> {
  const opened = new Set<DashboardTarget>();
  const open = async (context: string | undefined, warn: (line: string) => void, interactive: boolean) => {
    const t = await openTarget(a, { ...args, context }, warn, interactive);
    opened.add(t);
    return t;
  };
  let first: DashboardTarget;
  try {
    first = await open(args.context, (line) => process.stderr.write(line + '\n'), true);
  } catch (err) {
    return fail(errorText(err));
  }
  // `:ctx` needs a servers file: not with `-s` given several times.
  const file = args.serverurls.length === 0 ? (args.serversFile ?? defaultServersFile(process.env)) : null;
  try {
    const color = await prepare(a);
    const { runDashboard } = await import('../run.tsx');
    return await runDashboard({
      client: first.client,
      label: first.label,
      readonly: first.readonly,
      connection: first.connection,
      fleet: first.fleet,
      view: first.view,
      intervalMs: a.intervalMs,
      color,
      ascii: a.ascii,
      mouse: a.mouse,
      settings,
      contexts:
        file === null
          ? undefined
          : {
              current: first.context,
              close: first.close,
              // A warning (a password readable by others) cannot go to stderr under the full screen; the file was checked at start.
              opener: { choices: () => contextChoices(file), open: (name) => open(name, () => {}, false) },
            },
    });
  } finally {
    for (const t of opened) t.close();
  }
}
