/**
 * Starting one child the way Supervisor's fork/exec does (compat §2.3 steps 3–5): pipes for
 * stdin/stdout/stderr, its own process group, environment, directory, umask and user.
 * stdout/stderr are kernel pipes from the log subsystem (redirect_stderr hands the stdout
 * pipe to fd 2 as well). Node has no umask option, so with `umask` set the child goes through
 * `/bin/sh -c 'umask NNN && exec "$0" "$@"'`, which `exec`s the program in place (same pid);
 * the shell also does the fd 2 redirection in the rare case no kernel pipe could be made.
 * With `user=` (daemon running as root), util-linux `setpriv` switches user and groups in
 * front of the program when installed.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Readable } from 'node:stream';
import { countOpenDescriptors, isDescriptorExhaustion, softNofile, SPAWN_DESCRIPTORS } from '../descriptors.ts';
import { openOutputPipe, type OutputPipe } from '../logs/output-pipe.ts';
import { existsSync, statSync } from 'node:fs';
import { realWorld } from '../../src/config/real-world.ts';
import type { ProcessConfig } from '../../src/config/types.ts';
import { errorText } from '../../src/error-text.ts';
import type { ResolvedCommand } from './command.ts';

export interface SpawnRequest {
  readonly config: ProcessConfig;
  readonly groupName: string;
  readonly command: ResolvedCommand;
  /** SUPERVISOR_SERVER_URL, or null to leave it unset. */
  readonly serverUrl: string | null;
  /** The daemon's own environment. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Give listeners a stderr pipe even with redirect_stderr (they never have it). */
  readonly forceStderrPipe?: boolean;
}

/** The child's environment: daemon env → SUPERVISOR_* → config environment (so config wins). */
export function childEnvironment(
  baseEnv: NodeJS.ProcessEnv,
  processName: string,
  groupName: string,
  serverUrl: string | null,
  configEnv: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined) env[k] = v;
  env.SUPERVISOR_ENABLED = '1';
  if (serverUrl !== null) env.SUPERVISOR_SERVER_URL = serverUrl;
  env.SUPERVISOR_PROCESS_NAME = processName;
  env.SUPERVISOR_GROUP_NAME = groupName;
  Object.assign(env, configEnv);
  return env;
}

/** How to become another user in the child: setpriv keeps the user's supplementary groups, as supervisord's setgroups does. */
export interface UserSwitch {
  readonly uid: number;
  readonly gid: number;
  /** The user has a passwd name: take all its groups (`--init-groups`), else none. */
  readonly initGroups: boolean;
}

export interface ExecPlan {
  readonly file: string;
  readonly args: readonly string[];
  readonly argv0: string;
}

/**
 * What to execute: the program itself, or a chain of in-place execs in front of it —
 * `setpriv` for the user, `/bin/sh -c` for umask / a shell-side fd 2 merge. Same pid throughout.
 */
export function execPlan(command: ResolvedCommand, prelude: string | null, setpriv: { path: string; user: UserSwitch } | null): ExecPlan {
  const [argv0 = command.filename, ...rest] = command.argv;
  let file = command.filename;
  let args: string[] = rest;
  let name = argv0;
  if (prelude !== null) {
    args = ['-c', prelude, file, ...args];
    file = '/bin/sh';
    name = 'sh';
  }
  if (setpriv !== null) {
    const u = setpriv.user;
    args = [`--reuid=${u.uid}`, `--regid=${u.gid}`, u.initGroups ? '--init-groups' : '--clear-groups', '--', file, ...args];
    file = setpriv.path;
    name = 'setpriv';
  }
  return { file, args, argv0: name };
}

let setprivPath: string | null | undefined;

/** util-linux setpriv, if installed (looked up once). */
function findSetpriv(): string | null {
  if (setprivPath === undefined) {
    setprivPath = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'].find((p) => existsSync(p)) ?? null;
  }
  return setprivPath;
}

/** The shell prelude needed for umask / stderr redirection, or null when a direct exec does. */
export function shellPrelude(umask: number | null, redirectStderr: boolean): string | null {
  const parts: string[] = [];
  if (umask !== null) parts.push(`umask ${umask.toString(8).padStart(3, '0')} &&`);
  parts.push(redirectStderr ? 'exec "$0" "$@" 2>&1' : 'exec "$0" "$@"');
  return umask === null && !redirectStderr ? null : parts.join(' ');
}

export interface SpawnedChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Read ends of the output pipes (stderr null with redirect_stderr). */
  readonly stdout: Readable;
  readonly stderr: Readable | null;
}

/** `exhausted`: the daemon ran out of file descriptors (the caller reports Supervisor's EMFILE message). */
export type SpawnOutcome = ({ readonly ok: true } & SpawnedChild) | { readonly ok: false; readonly error: string; readonly exhausted?: boolean };

/** Spawn, or say why not (the text becomes `spawnerr`). Never throws. */
export function spawnChild(req: SpawnRequest): SpawnOutcome {
  const cfg = req.config;
  const getuid = process.getuid?.bind(process);
  let user: UserSwitch | null = null;
  if (cfg.uid !== null && getuid !== undefined && getuid() !== cfg.uid) {
    if (getuid() !== 0) return { ok: false, error: `couldn't setuid to ${cfg.uid}: Can't drop privilege as nonroot user` };
    const entry = realWorld.userByUid(cfg.uid);
    user = { uid: cfg.uid, gid: entry?.gid ?? cfg.uid, initGroups: entry !== null && entry.name !== null };
  }
  const setpriv = user === null ? null : findSetpriv();
  if (cfg.directory !== null) {
    try {
      if (!statSync(cfg.directory).isDirectory()) return { ok: false, error: `couldn't chdir to ${cfg.directory}: ENOTDIR` };
    } catch (err) {
      return { ok: false, error: `couldn't chdir to ${cfg.directory}: ${(err as NodeJS.ErrnoException).code ?? 'ENOENT'}` };
    }
  }
  const redirect = cfg.redirect_stderr && !req.forceStderrPipe;
  const outPipe = openOutputPipe();
  const errPipe = redirect || outPipe === null ? null : openOutputPipe();
  const pipes = [outPipe, errPipe].filter((p): p is OutputPipe => p !== null);
  const closeChildEnds = (): void => {
    for (const p of pipes) p.closeChildFd();
  };
  const destroyAll = (): void => {
    closeChildEnds();
    for (const p of pipes) p.readable.destroy();
  };
  // Without kernel pipes, Node's own stdio pipes, and the shell merges fd 2 for redirect_stderr.
  const shellRedirect = redirect && outPipe === null;
  const prelude = shellPrelude(cfg.umask, shellRedirect);
  const stdio: StdioOptions =
    outPipe === null
      ? ['pipe', 'pipe', redirect ? 'ignore' : 'pipe']
      : ['pipe', outPipe.childFd, redirect ? outPipe.childFd : (errPipe?.childFd ?? 'pipe')];
  const plan = execPlan(req.command, prelude, setpriv !== null && user !== null ? { path: setpriv, user } : null);
  let child: ChildProcess;
  try {
    child = spawn(plan.file, plan.args, {
      argv0: plan.argv0,
      cwd: cfg.directory ?? undefined,
      env: childEnvironment(req.baseEnv, cfg.name, req.groupName, req.serverUrl, cfg.environment),
      stdio,
      detached: true, // own session and process group: stopasgroup, and no terminal Ctrl-C
      // Without setpriv, Node's own switch (which drops supplementary groups).
      uid: setpriv === null ? user?.uid : undefined,
      gid: setpriv === null ? user?.gid : undefined,
      windowsHide: true,
    });
  } catch (err) {
    destroyAll();
    return { ok: false, error: `couldn't exec ${req.command.filename}: ${(err as NodeJS.ErrnoException).code ?? errorText(err)}`, exhausted: isDescriptorExhaustion(err) };
  }
  if (child.pid === undefined) {
    // Node reports this failure (EMFILE among others) asynchronously; swallow that report, the caller has ours.
    child.on('error', () => {});
    destroyAll();
    const limit = softNofile();
    const exhausted = limit >= 0 && countOpenDescriptors() + SPAWN_DESCRIPTORS >= limit;
    return { ok: false, error: `couldn't exec ${req.command.filename}: spawn failed`, exhausted };
  }
  closeChildEnds();
  const stdout = outPipe?.readable ?? child.stdout!;
  const stderr = redirect ? null : (errPipe?.readable ?? child.stderr);
  return { ok: true, child, pid: child.pid, stdout, stderr };
}
