/**
 * `supervisor-tui` with no command: the full-screen dashboard. Parses options, connects (or starts
 * the demo daemon), then loads Ink — only here, so other modes never pay for React.
 */
import { createClient } from '../src/client/client.ts';
import type { SupervisorClient } from '../src/client/types.ts';
import { errorText } from '../src/error-text.ts';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/package-root.ts';
import { USAGE } from '../src/cli/usage.ts';
import { parseDashboardArgs, type DashboardArgs } from './args.ts';

/**
 * The incremental-render fix normally comes from postinstall; an install with --ignore-scripts
 * lacks it and would draw every update one line low. Apply it now (the script is idempotent).
 */
function ensureInkPatched(): void {
  try {
    const file = join(dirname(fileURLToPath(import.meta.resolve('ink'))), 'log-update.js');
    if (!readFileSync(file, 'utf8').includes('cursorUp(previousVisible - 1)')) return;
    execFileSync(process.execPath, [join(packageRoot(), 'tui', 'patch-ink.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    // The script explains its own failures; the dashboard still runs.
  }
}

function fail(message: string): number {
  process.stderr.write(`Error: ${message}\n`);
  return 2;
}

/** What the header calls the server: this host's name for a local socket, else the URL. */
function serverLabel(serverurl: string): string {
  if (serverurl.startsWith('unix://')) return hostname();
  return serverurl.replace(/^http:\/\//, '').replace(/\/.*$/, '');
}

async function resolveConnection(a: DashboardArgs): Promise<{ serverurl: string; username: string | null; password: string | null }> {
  const { loadSettings } = await import('../src/ctl/settings.ts');
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

export async function main(argv: string[]): Promise<number> {
  const parsed = parseDashboardArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') return fail(parsed.message);
  const a = parsed.args;
  if (!process.stdin.isTTY || !process.stdout.isTTY) return fail('the dashboard needs a terminal; for scripts use `supervisor-tui status`');

  let demo: Awaited<ReturnType<typeof import('./demo.ts').startDemo>> | null = null;
  let conn: { serverurl: string; username: string | null; password: string | null };
  try {
    if (a.demo) {
      const { startDemo } = await import('./demo.ts');
      demo = await startDemo((line) => process.stderr.write(line + '\n'));
      conn = { serverurl: demo.serverurl, username: null, password: null };
    } else conn = await resolveConnection(a);
  } catch (err) {
    return fail(errorText(err));
  }

  let client: SupervisorClient;
  try {
    client = createClient({ serverurl: conn.serverurl, username: conn.username, password: conn.password, timeoutMs: 30_000 });
  } catch (err) {
    await demo?.stop();
    return fail(errorText(err));
  }
  const color = !a.noColor && (process.env['NO_COLOR'] ?? '') === '';
  // Read by Ink and chalk when they load: with CI set Ink draws nothing until exit, and chalk
  // must emit attributes (inverse, bold, dim) even in monochrome, where we pass no colours.
  delete process.env['CI'];
  process.env['FORCE_COLOR'] = '1';
  // React's production build renders a 40-row frame about twice as fast as its development build.
  process.env['NODE_ENV'] ??= 'production';
  ensureInkPatched();
  try {
    const { runDashboard } = await import('./run.tsx');
    return await runDashboard({
      client,
      label: serverLabel(conn.serverurl),
      intervalMs: a.intervalMs,
      readonly: a.readonly,
      color,
      ascii: a.ascii,
      connection: conn,
    });
  } finally {
    client.close();
    await demo?.stop();
  }
}
