/**
 * A supervisord in the foreground on a config file — Debian's real 4.2.5 or ours from source —
 * for tests that compare the two or need a live server. Each test dir writes its own config and
 * decides what "ready" means (a socket, an RPC answer, a supervisorctl answer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { CLI_ARGS, ROOT } from './cli.ts';
import { which } from './tools.ts';
import { waitFor } from './wait.ts';

export const SUPERVISORD = '/usr/bin/supervisord';
export const SUPERVISORCTL = '/usr/bin/supervisorctl';
/** The Python that has the supervisor package (pyenv shims on PATH may not). */
export const PYTHON = '/usr/bin/python3';

export type DaemonKind = 'real' | 'ours';

export function supervisordSkipReason(): string | false {
  return which(SUPERVISORD) === null ? `${SUPERVISORD} not installed (apt-get install -y supervisor)` : false;
}

/** The command line that runs that daemon in the foreground on `conf`. */
export function daemonCommand(kind: DaemonKind, conf: string): [string, string[]] {
  return kind === 'real' ? [SUPERVISORD, ['-n', '-c', conf]] : [process.execPath, [...CLI_ARGS, 'daemon', '-n', '-c', conf]];
}

export interface DaemonProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited(): boolean;
  /** SIGTERM, then SIGKILL if it is still there after 15 s; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Answers true once the daemon serves (polled; an exception counts as not yet). */
  ready: () => boolean | Promise<boolean>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** A command that execs the daemon (e.g. `['prlimit', '--nofile=1024:1024']`), so the pid stays the daemon's. */
  wrapper?: readonly string[];
}

/** Starts the daemon and waits until `ready`; on failure it is stopped and the error carries its output. */
export async function startDaemonProcess(kind: DaemonKind, conf: string, opts: StartOptions): Promise<DaemonProcess> {
  const [bare, bareArgs] = daemonCommand(kind, conf);
  const [cmd, ...args] = opts.wrapper === undefined ? [bare, ...bareArgs] : [...opts.wrapper, bare, ...bareArgs];
  const child = spawn(cmd!, args, { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const d: DaemonProcess = {
    child,
    output: () => out,
    exited,
    async stop() {
      if (exited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
  try {
    // An early exit ends the wait at once (waitFor treats a throwing probe as "not yet").
    await waitFor(async () => exited() || (await opts.ready()), {
      timeoutMs: opts.timeoutMs ?? 20_000,
      intervalMs: 100,
      message: `${kind} daemon to answer`,
    });
    if (exited()) throw new Error('exited');
  } catch (err) {
    const why = exited() ? `${kind} daemon exited (${child.exitCode ?? child.signalCode})` : err instanceof Error ? err.message : String(err);
    await d.stop();
    throw new Error(`${why}\n--- ${kind} daemon output ---\n${out}`);
  }
  return d;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The sections every test config starts with: how it is served (`[unix_http_server]` or
 * `[inet_http_server]` lines), `[supervisord]` with its files in `dir`, and the RPC interface.
 */
export function baseConfig(dir: string, server: readonly string[]): string[] {
  return [
    ...server,
    '[supervisord]',
    `logfile=${dir}/supervisord.log`,
    `pidfile=${dir}/supervisord.pid`,
    `childlogdir=${dir}`,
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
  ];
}

/** Whether a unix socket accepts a connection now (a daemon is serving on it). */
export function socketAccepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ path }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
