/** Start supervisord 4.2.5 or our daemon on a generated config in its own temp dir and unix socket. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/client/index.ts';
import type { SupervisorClient } from '../../src/client/index.ts';
import { configText, type ProgramSpec } from './config.ts';
import { OURS_BIN } from './paths.ts';

export type Kind = 'supervisord' | 'ours';
export const KINDS: readonly Kind[] = ['supervisord', 'ours'];

export const SUPERVISORD = '/usr/bin/supervisord';
export const SUPERVISORCTL = '/usr/bin/supervisorctl';

export interface RunningDaemon {
  kind: Kind;
  pid: number;
  dir: string;
  conf: string;
  socket: string;
  client: SupervisorClient;
  /** Spawn → first successful getState, ms. */
  launchMs: number;
  /** Spawn time (performance.now()). */
  spawnedAt: number;
  /** Spawn time on the wall clock (Date.now()), to compare with log timestamps. */
  spawnedWall: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `bin`: which build of ours (another checkout's dist/src/cli/main.js for before/after in one run). */
export function daemonCommand(kind: Kind, conf: string, bin = OURS_BIN): [string, string[]] {
  return kind === 'supervisord' ? [SUPERVISORD, ['-n', '-c', conf]] : [process.execPath, [bin, 'daemon', '-n', '-c', conf]];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client for `socket`; call timeouts are generous because a loaded machine is slow, not broken. */
export function clientFor(socket: string): SupervisorClient {
  return createClient({ serverurl: `unix://${socket}`, timeoutMs: 120_000 });
}

/**
 * The one readiness wait of every bench: poll getState on `socket` until it answers. The socket
 * file exists before accept() is ready and a loaded machine refuses early connections
 * (ECONNREFUSED), so a single first call is never enough. Throws if the daemon exits or `deadline`
 * (performance.now()) passes.
 */
export async function waitForRpc(
  child: ChildProcess,
  kind: string,
  socket: string,
  client: SupervisorClient,
  deadline: number,
  stderr: () => string = () => '',
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited (${child.exitCode}) before answering: ${stderr().trim()}`);
    if (performance.now() > deadline) throw new Error(`${kind} did not answer on ${socket} in time: ${stderr().trim()}`);
    if (existsSync(socket)) {
      try {
        await client.getState();
        return;
      } catch {
        // not accepting yet, or still starting
      }
    }
    await sleep(2);
  }
}

/**
 * Spawn the daemon and poll getState until it answers (RPC ready). `programs` are written into the
 * config; `extraArgs` go to node (e.g. --cpu-prof) for ours.
 */
export async function startDaemon(kind: Kind, programs?: ProgramSpec, opts: { nodeArgs?: string[]; timeoutMs?: number; bin?: string } = {}): Promise<RunningDaemon> {
  const dir = mkdtempSync(join(tmpdir(), kind === 'supervisord' ? 'bsv-' : 'bus-'));
  mkdirSync(join(dir, 'logs'));
  const socket = join(dir, 's.sock');
  const conf = join(dir, 's.conf');
  writeFileSync(conf, configText({ dir, socket, programs }));
  const [cmd, args] = daemonCommand(kind, conf, opts.bin);
  const argv = kind === 'ours' ? [...(opts.nodeArgs ?? []), ...args] : args;
  const spawnedWall = Date.now();
  const spawnedAt = performance.now();
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, env: { ...process.env, NODE_ENV: 'production' } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const client = clientFor(socket);
  const stop = async () => {
    client.close();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForRpc(child, kind, socket, client, spawnedAt + (opts.timeoutMs ?? 60_000), () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  return { kind, pid: child.pid!, dir, conf, socket, client, launchMs: performance.now() - spawnedAt, spawnedAt, spawnedWall, child, stop };
}
