/**
 * ssh:// transport: the system OpenSSH client forwards a local unix socket (in a private temp
 * directory) to the remote supervisord socket or TCP port; HTTP then runs over the local socket.
 * No remote software beyond sshd. The tunnel starts on first use, is reused for every call,
 * restarts if ssh died, and is torn down on close() and on process exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientError } from './types.ts';
import type { DirectEndpoint } from './url.ts';

export interface SshTarget {
  user: string | null;
  host: string;
  port: number | null;
  remote: DirectEndpoint;
}

/** SUPERVISOR_TUI_SSH_COMMAND, like GIT_SSH_COMMAND: the ssh program and extra options, split on blanks. */
export function sshCommandFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const words = (env['SUPERVISOR_TUI_SSH_COMMAND'] ?? '').split(/\s+/).filter((w) => w !== '');
  return words.length > 0 ? words : ['ssh'];
}

/** `-p PORT -l USER -- HOST`: where every ssh of one target connects. */
function hostArgs(t: SshTarget): string[] {
  const args: string[] = [];
  if (t.port !== null) args.push('-p', String(t.port));
  if (t.user !== null) args.push('-l', t.user);
  args.push('--', t.host);
  return args;
}

/**
 * The ssh argv (without the program) for a forward from `localSocket` to the remote server.
 * With `controlPath`, the connection is also a control master: short commands (reading /proc for
 * CPU%/RSS) then run over it without a new login (execArgs). `interactive`: ssh may ask on the
 * terminal (host key, password), so no BatchMode.
 */
export function sshArgs(t: SshTarget, localSocket: string, extra: readonly string[], controlPath?: string, interactive = false): string[] {
  const remote =
    t.remote.kind === 'unix' ? t.remote.path : `${t.remote.host.includes(':') ? `[${t.remote.host}]` : t.remote.host}:${t.remote.port}`;
  // LogLevel INFO: ssh then reports failed forwarded connections, which explain() words.
  const args = [...extra, '-N', '-o', 'ExitOnForwardFailure=yes', ...(interactive ? [] : ['-o', 'BatchMode=yes']), '-o', 'StreamLocalBindUnlink=yes', '-o', 'LogLevel=INFO'];
  if (controlPath !== undefined) args.push('-o', 'ControlMaster=yes', '-o', `ControlPath=${controlPath}`);
  args.push('-L', `${localSocket}:${remote}`);
  return [...args, ...hostArgs(t)];
}

/** The ssh argv that runs `command` on the server over the tunnel's control connection. */
export function execArgs(t: SshTarget, controlPath: string, extra: readonly string[], command: string): string[] {
  return [...extra, '-o', 'ControlMaster=no', '-o', `ControlPath=${controlPath}`, '-o', 'BatchMode=yes', ...hostArgs(t), command];
}

/** A remote command's output is small (a few /proc lines); more means something else is talking. */
const EXEC_OUTPUT_LIMIT = 4 * 1024 * 1024;

const live = new Set<SshTunnel>();
let exitHookInstalled = false;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let signalHooksInstalled = false;

/**
 * A signal that would kill this process by default would orphan ssh (it has its own pid and no
 * stdin to watch). Only when nobody else handles the signal: end the tunnels, then let the signal
 * take its default course. An application with its own handler keeps full control and ends the
 * tunnels through close() or the exit hook.
 */
function onSignal(signal: NodeJS.Signals): void {
  removeSignalHooks();
  if (process.listenerCount(signal) > 0) return;
  for (const t of [...live]) t.close();
  process.kill(process.pid, signal);
}

function removeSignalHooks(): void {
  if (!signalHooksInstalled) return;
  signalHooksInstalled = false;
  for (const s of SIGNALS) process.off(s, onSignal);
}

function installHooks(): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const t of [...live]) t.close();
    });
  }
  if (!signalHooksInstalled) {
    signalHooksInstalled = true;
    for (const s of SIGNALS) process.on(s, onSignal);
  }
}

/** Last lines ssh wrote to stderr, for error messages. */
const STDERR_KEEP = 4096;

export class SshTunnel {
  private child: ChildProcess | null = null;
  private dir: string | null = null;
  private socketPath = '';
  private controlPath = '';
  private starting: Promise<string> | null = null;
  private stderr = '';
  /** stderr not yet looked at by explain(). */
  private unexplained = '';
  private closed = false;

  /**
   * `interactiveFirst`: the first start may ask on the terminal (a person is there, before the
   * dashboard takes the screen): a host key to accept, a password. Later restarts never ask.
   */
  constructor(
    private readonly url: string,
    private readonly target: SshTarget,
    private readonly command: readonly string[],
    private readonly startTimeoutMs: number,
    private interactiveFirst = false,
  ) {}

  /** The local socket, once it accepts connections. */
  ready(): Promise<string> {
    if (this.closed) return Promise.reject(new ClientError('network', this.url, `${this.url}: client closed`));
    if (this.child !== null && this.child.exitCode === null && this.child.signalCode === null && this.starting === null) {
      return Promise.resolve(this.socketPath);
    }
    if (this.starting === null) {
      this.starting = this.start().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  private async start(): Promise<string> {
    this.stop();
    this.dir = mkdtempSync(join(tmpdir(), 'svtui-ssh-'));
    this.socketPath = join(this.dir, 'rpc.sock');
    this.controlPath = join(this.dir, 'ctl');
    this.stderr = '';
    this.unexplained = '';
    const [program = 'ssh', ...extra] = this.command;
    const interactive = this.interactiveFirst;
    this.interactiveFirst = false;
    // ssh asks on /dev/tty, not stdin: stdin stays ignored so that it never reads the dashboard's keys.
    const child = spawn(program, sshArgs(this.target, this.socketPath, extra, this.controlPath, interactive), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    live.add(this);
    installHooks();
    // The tunnel must not keep the process alive; the exit hook ends it.
    child.unref();
    const err = child.stderr;
    if (err !== null) {
      (err as unknown as net.Socket).unref?.();
      err.setEncoding('utf8');
      err.on('data', (d: string) => {
        this.stderr = (this.stderr + d).slice(-STDERR_KEEP);
        this.unexplained = (this.unexplained + d).slice(-STDERR_KEEP);
      });
    }
    let spawnError: Error | null = null;
    child.on('error', (e) => {
      spawnError = e;
    });
    // A person typing a password or checking a host key gets longer.
    const deadline = Date.now() + (interactive ? Math.max(this.startTimeoutMs, 120_000) : this.startTimeoutMs);
    for (;;) {
      if (spawnError !== null) {
        this.stop();
        const e: Error = spawnError;
        throw new ClientError('network', this.url, `${this.url}: cannot run ${program}: ${e.message}`);
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        await settleStderr(child);
        const why = this.lastStderrLine() || `ssh exited with status ${child.exitCode ?? child.signalCode}`;
        this.stop();
        throw new ClientError('network', this.url, `${this.url}: ssh failed: ${why}`);
      }
      if (await accepts(this.socketPath)) return this.socketPath;
      if (Date.now() > deadline) {
        this.stop();
        throw new ClientError('timeout', this.url, `${this.url}: ssh tunnel not ready within ${this.startTimeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * Run a short shell command on the server over the tunnel's connection (no new login) and
   * return its stdout. Rejects with ClientError when ssh fails, the command fails or takes too long.
   */
  async exec(command: string, timeoutMs = 10_000): Promise<string> {
    await this.ready();
    const [program = 'ssh', ...extra] = this.command;
    return new Promise((resolve, reject) => {
      const child = spawn(program, execArgs(this.target, this.controlPath, extra, command), { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let size = 0;
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.on('data', (b: Buffer) => {
        size += b.length;
        if (size > EXEC_OUTPUT_LIMIT) child.kill('SIGKILL');
        else out.push(b);
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-STDERR_KEEP)));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new ClientError('network', this.url, `${this.url}: cannot run ${program}: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve(Buffer.concat(out).toString('latin1'));
        else reject(new ClientError('network', this.url, `${this.url}: remote command failed: ${err.trim().split('\n').at(-1) || (signal ?? `status ${code}`)}`));
      });
    });
  }

  private lastStderrLine(): string {
    const lines = this.stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    return lines[lines.length - 1] ?? '';
  }

  /**
   * A request through the tunnel failed: when the remote end refused the forwarded connection,
   * ssh says why on stderr ("open failed: connect failed: …"). Report it as supervisorctl would
   * report the same failure locally.
   */
  async explain(err: ClientError): Promise<ClientError> {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) {
      const why = this.lastStderrLine() || 'ssh exited';
      return new ClientError('network', this.url, `${this.url}: ssh tunnel lost: ${why}`);
    }
    if (err.kind !== 'network') return err;
    // ssh may report the failed channel a moment after it closed the local connection.
    const deadline = Date.now() + 500;
    while (!this.unexplained.includes('open failed') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const said = this.unexplained;
    this.unexplained = '';
    if (!said.includes('open failed')) return err;
    // For TCP ssh passes on the errno text; for a unix socket it only says "open failed", whose
    // usual cause is that supervisord is not running and its socket file is gone.
    if (/Connection refused/i.test(said)) return new ClientError('refused', this.url, `${this.url} refused connection`);
    if (this.target.remote.kind === 'unix' || /No such file/i.test(said)) return new ClientError('nofile', this.url, `${this.url} no such file`);
    return err;
  }

  private stop(): void {
    live.delete(this);
    if (live.size === 0) removeSignalHooks();
    if (this.child !== null && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    this.child = null;
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  close(): void {
    this.closed = true;
    this.stop();
  }
}

function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ path });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** ssh has exited; its last stderr bytes may still be in the pipe. */
function settleStderr(child: ChildProcess): Promise<void> {
  const err = child.stderr;
  if (err === null || err.readableEnded || err.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, 1000);
    err.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
