/**
 * `supervisor-tui` with no command: the full-screen dashboard. Parses options, connects (or starts
 * the demo daemon), then loads Ink — only here, so other modes never pay for React.
 */
import type { SupervisorClient } from '../src/client/types.ts';
import { errorText } from '../src/error-text.ts';
import { hostname } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { USAGE } from '../src/cli/usage.ts';
import { StdioTerminal } from '../src/ctl/terminal.ts';
import { parseDashboardArgs, type DashboardArgs } from './args.ts';
import { firstContact } from './first-contact.ts';
import { serverLabel } from './server-label.ts';
import { loadSettings } from '../src/ctl/settings.ts';
import { wantsFleet } from '../src/fleet/load.ts';
import { openSavedView } from './prefs/file.ts';
import { prefetchMountCalls } from './prefetch.ts';
import { loadUiSettings } from './settings/load.ts';

/**
 * Run from the TypeScript sources, Ink is loaded from node_modules as published: install the load
 * hook that fixes its incremental render in memory (tui/ink-fix/). The built package bundles Ink
 * with the fix already applied, so this file's bundled copy skips it.
 */
async function fixInkWhenRunFromSource(): Promise<void> {
  if (!import.meta.url.endsWith('.ts')) return;
  const { register } = await import('node:module');
  register('./ink-fix/hook.mjs', import.meta.url);
}

function fail(message: string): number {
  process.stderr.write(`Error: ${message}\n`);
  return 2;
}


function resolveConnection(a: DashboardArgs): { serverurl: string; username: string | null; password: string | null } {
  const s = loadSettings({
    configuration: a.configuration,
    serverurl: a.serverurl,
    username: a.username,
    password: a.password,
    historyFile: undefined,
    interactive: false,
    noColor: a.noColor,
  });
  return { serverurl: s.serverurl, username: s.username, password: s.password };
}

/** The environment Ink and React read as they load; returns whether to colour. */
async function prepareTerminalEnv(a: DashboardArgs): Promise<boolean> {
  const color = !a.noColor && (process.env['NO_COLOR'] ?? '') === '';
  // Read by Ink and chalk when they load: with CI set Ink draws nothing until exit, and chalk
  // must emit attributes (inverse, bold, dim) even in monochrome, where we pass no colours.
  delete process.env['CI'];
  // 16 colours unless the terminal says it has more: then config.ini's #rrggbb and 0-255 colours show as written.
  const depth = /^(truecolor|24bit)$/i.test(process.env['COLORTERM'] ?? '') ? '3' : /256/.test(process.env['TERM'] ?? '') ? '2' : '1';
  process.env['FORCE_COLOR'] = depth;
  // React's production build renders a 40-row frame about twice as fast as its development build.
  // The bundle has it compiled in; from source React reads NODE_ENV as it loads (through a local
  // alias, so the bundler's compile-time NODE_ENV does not rewrite this assignment).
  const env = process.env;
  env['NODE_ENV'] ??= 'production';
  await fixInkWhenRunFromSource();
  return color;
}

/**
 * V8 grows the young generation under the dashboard's start-up and frames (8 MiB measured at 40
 * processes, up to 32) and keeps it grown; kept at its initial 2 MiB it costs more, smaller scavenges. `--max-semi-space-size` would do the same but is read only at start-up, so the bin
 * would pass it to every mode; the growth factor is read at each scavenge, so this process alone sets
 * it, before it allocates much (measured: README, Performance).
 */
function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

export async function main(argv: string[]): Promise<number> {
  keepYoungGenerationSmall();
  const parsed = parseDashboardArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') return fail(parsed.message);
  const a = parsed.args;
  // Keys and colours (config.ini): a bad line stops here, before anything is drawn.
  const ui = loadUiSettings();
  if (!ui.ok) return fail(ui.error);
  const settings = ui.settings;
  if (!process.stdin.isTTY || !process.stdout.isTTY) return fail('the dashboard needs a terminal; for scripts use `supervisor-tui status`');

  const fleetArgs = { serversFile: a.serversFile, context: a.context, serverurls: a.serverurls, username: a.username, password: a.password };
  if (!a.demo && wantsFleet(fleetArgs)) return (await import('./fleet/main.ts')).fleetMain(a, fleetArgs, prepareTerminalEnv, settings);

  let demo: Awaited<ReturnType<typeof import('./demo.ts').startDemo>> | null = null;
  let conn: { serverurl: string; username: string | null; password: string | null };
  try {
    if (a.demo) {
      const { startDemo } = await import('./demo.ts');
      demo = await startDemo((line) => process.stderr.write(line + '\n'));
      conn = { serverurl: demo.serverurl, username: null, password: null };
    } else conn = resolveConnection(a);
  } catch (err) {
    return fail(errorText(err));
  }

  // Ink and React (most of the time to the first frame) load while the server is first contacted;
  // the environment they read is set first (after the demo daemon started: its programs keep the user's).
  const color = await prepareTerminalEnv(a);
  const dashboard = import('./run.tsx');
  dashboard.catch(() => undefined); // awaited below; a failure is reported there
  let client: SupervisorClient;
  try {
    // Credentials, an ssh host key or password are asked here, on the plain terminal.
    const first = await firstContact(conn, a.timeoutMs, () => new StdioTerminal());
    if (!first.ok) {
      await demo?.stop();
      return fail(first.message);
    }
    // What the dashboard asks as it mounts goes now, while Ink and React finish loading.
    client = prefetchMountCalls(first.client);
    conn = first.conn;
  } catch (err) {
    await demo?.stop();
    return fail(errorText(err));
  }
  // Read before the full screen: a bad file is one line on the plain terminal.
  const view = openSavedView(a.demo ? 'demo' : conn.serverurl, (line) => process.stderr.write(line + '\n'));
  try {
    const { runDashboard } = await dashboard;
    return await runDashboard({
      client,
      label: serverLabel(conn.serverurl, hostname()),
      intervalMs: a.intervalMs,
      readonly: a.readonly,
      color,
      ascii: a.ascii,
      mouse: a.mouse,
      view,
      settings,
      connection: conn,
    });
  } finally {
    client.close();
    await demo?.stop();
  }
}
