/**
 * Our daemon as a whole process (`supervisor-tui daemon -n -c FILE`) for the reliability tests,
 * the fuzzer and the load runs: a config written into a temp dir, a client on its unix socket,
 * its main log, its memory figures from /proc, and a stop that never leaves it running.
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type SupervisorClient } from '../../src/client/index.ts';
import { freePort, startDaemonProcess } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

export interface DaemonOptions {
  /** `[program:x]` … sections; `{DIR}` becomes the daemon's directory. */
  programs: string;
  /** Extra lines for [supervisord]. */
  supervisord?: string;
  /** Extra lines for [unix_http_server] (e.g. chmod, username/password). */
  unix?: string;
  /** Open an [inet_http_server] on a free loopback port, with these extra lines. */
  inet?: string;
  /** Credentials for the test's client when the servers require them. */
  clientAuth?: { username: string; password: string };
  /** Milliseconds to wait for the daemon to answer getState. */
  startTimeoutMs?: number;
  /** A command that execs the daemon (e.g. `['prlimit', '--nofile=1024:1024']`). */
  wrapper?: readonly string[];
  /** Extra NODE_OPTIONS for the daemon's node (e.g. heap.ts' snapshot signal). */
  nodeOptions?: string;
}

export interface RunningDaemon {
  readonly dir: string;
  readonly conf: string;
  readonly sock: string;
  readonly port: number | null;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly client: SupervisorClient;
  output(): string;
  mainLog(): string;
  exited(): boolean;
  /** Current and peak resident set size in KiB (VmRSS, VmHWM). */
  memory(): { rssKiB: number; peakKiB: number };
  /** Rewrite the config (for reread/update tests). */
  rewrite(opts: Pick<DaemonOptions, 'programs'>): void;
  /** SIGTERM, wait for the exit (SIGKILL after 15 s); returns the exit code (null when killed). Cleans the dir. */
  stop(): Promise<number | null>;
}

export function configText(dir: string, opts: DaemonOptions, port: number | null): string {
  const lines = [
    '[supervisord]',
    `logfile=${dir}/sd.log`,
    `pidfile=${dir}/sd.pid`,
    `childlogdir=${dir}`,
    'loglevel=info',
    opts.supervisord ?? '',
    '',
    '[unix_http_server]',
    `file=${dir}/sv.sock`,
    opts.unix ?? '',
    '',
  ];
  if (port !== null) lines.push('[inet_http_server]', `port=127.0.0.1:${port}`, opts.inet ?? '', '');
  lines.push('[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '');
  lines.push(opts.programs.replaceAll('{DIR}', dir));
  return lines.join('\n');
}

/** VmRSS and VmHWM of a live process, in KiB. */
export function memoryOf(pid: number): { rssKiB: number; peakKiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const tmp = makeTmpDir('svr-');
  const dir = tmp.dir;
  const port = opts.inet !== undefined ? await freePort() : null;
  const conf = join(dir, 'sd.conf');
  writeFileSync(conf, configText(dir, opts, port));
  const sock = join(dir, 'sv.sock');
  const client = createClient({
    serverurl: `unix://${sock}`,
    username: opts.clientAuth?.username ?? null,
    password: opts.clientAuth?.password ?? null,
    timeoutMs: 60_000,
  });
  let proc;
  try {
    proc = await startDaemonProcess('ours', conf, {
      ready: async () => (await client.getState()).statename === 'RUNNING',
      timeoutMs: opts.startTimeoutMs ?? 20_000,
      wrapper: opts.wrapper,
      ...(opts.nodeOptions === undefined ? {} : { env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${opts.nodeOptions}`.trim() } }),
    });
  } catch (err) {
    client.close();
    tmp.cleanup();
    throw err;
  }
  const daemon = proc;
  const child = daemon.child;
  return {
    dir,
    conf,
    sock,
    port,
    child,
    pid: child.pid ?? 0,
    client,
    output: () => daemon.output(),
    mainLog: () => (existsSync(join(dir, 'sd.log')) ? readFileSync(join(dir, 'sd.log'), 'utf8') : ''),
    exited: () => daemon.exited(),
    memory: () => memoryOf(child.pid ?? 0),
    rewrite: (o) => writeFileSync(conf, configText(dir, { ...opts, ...o }, port)),
    stop: async () => {
      client.close();
      await daemon.stop();
      tmp.cleanup();
      return child.exitCode;
    },
  };
}

/** Wait until every process is RUNNING; returns name → pid. */
export async function allRunning(d: RunningDaemon, count: number, timeoutMs = 20_000): Promise<Map<string, number>> {
  return waitFor(
    async () => {
      const infos = await d.client.getAllProcessInfo();
      if (infos.length !== count || infos.some((p) => p.statename !== 'RUNNING')) return null;
      return new Map(infos.map((p) => [`${p.group}:${p.name}`, p.pid]));
    },
    { timeoutMs, intervalMs: 50, message: `${count} processes RUNNING` },
  );
}
