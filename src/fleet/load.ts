/**
 * Choosing the fleet from the command line: `--context NAME` (from the servers file),
 * `--servers FILE` alone (every server in it), or `-s` given more than once (ad hoc). Reads the
 * file, warns when others can read a password in it, and runs password_command when a server's
 * password is first needed.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { hostname, homedir } from 'node:os';
import { join } from 'node:path';
import { errorText } from '../error-text.ts';
import { adhocServers, splitNamedUrl } from './adhoc.ts';
import { parseServersFile } from './servers-file.ts';
import { FleetError, type Fleet, type FleetServer, type Secret, type ServersFile } from './types.ts';

export interface FleetArgs {
  /** --servers FILE */
  serversFile: string | undefined;
  /** --context NAME */
  context: string | undefined;
  /** Every -s, in order. */
  serverurls: readonly string[];
  username: string | undefined;
  password: string | undefined;
}

/** `$XDG_CONFIG_HOME/supervisor-tui/servers.conf`, else `~/.config/supervisor-tui/servers.conf`. */
export function defaultServersFile(env: NodeJS.ProcessEnv): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'supervisor-tui', 'servers.conf');
}

/** Whether these arguments name a fleet rather than supervisorctl's one server. */
export function wantsFleet(a: FleetArgs): boolean {
  return a.context !== undefined || a.serversFile !== undefined || a.serverurls.length > 1;
}

export function readServersFile(file: string, warn: (line: string) => void): ServersFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FleetError(code === 'ENOENT' ? `${file}: no such servers file` : `${file}: cannot read: ${errorText(err)}`);
  }
  const parsed = parseServersFile(text, file);
  if (parsed.hasPassword && (statSync(file).mode & 0o044) !== 0) {
    warn(`warning: ${file} holds a password and is readable by others (chmod 600 ${file}, or use password_command)`);
  }
  return parsed;
}

export function loadFleet(a: FleetArgs, env: NodeJS.ProcessEnv, warn: (line: string) => void): Fleet {
  if (a.context !== undefined || a.serversFile !== undefined) {
    if (a.serverurls.length > 0) throw new FleetError('-s cannot be combined with --context or --servers');
    const file = a.serversFile ?? defaultServersFile(env);
    const parsed = readServersFile(file, warn);
    if (a.context === undefined) {
      if (parsed.servers.size === 0) throw new FleetError(`${file}: no [server:NAME] sections`);
      return { context: null, servers: [...parsed.servers.values()], readonly: false, color: null };
    }
    const ctx = parsed.contexts.get(a.context);
    if (ctx === undefined) {
      const known = [...parsed.contexts.keys()];
      throw new FleetError(`--context ${a.context}: no [context:${a.context}] in ${file}${known.length > 0 ? ` (contexts: ${known.join(', ')})` : ''}`);
    }
    return { context: ctx.name, servers: ctx.servers.map((s) => parsed.servers.get(s)!), readonly: ctx.readonly, color: ctx.color };
  }
  const servers = adhocServers(a.serverurls, { username: a.username ?? null, password: a.password ?? null }, hostname());
  return { context: null, servers, readonly: false, color: null };
}

/** A lone `-s name=URL`: supervisorctl's one server, the name dropped. */
export function singleUrl(spec: string): string {
  return splitNamedUrl(spec)[1];
}

/**
 * Runs password_command (`sh -c`, no terminal) and returns its output's first line. Past its
 * timeout the command's whole process group is killed (a `sh -c 'gpg …'` leaves no child behind).
 */
export function runPasswordCommand(s: Extract<Secret, { kind: 'command' }>): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (why: string, detail = '') => reject(new FleetError(`${s.file}:${s.line}: password_command failed (${why})${detail ? `: ${detail}` : ''}`));
    const child = spawn('/bin/sh', ['-c', s.command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(0, 65536)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(0, 65536)));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, s.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(errorText(err));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever it left running in its group goes with it.
      killGroup();
      const detail = stderr.trim().split('\n')[0] ?? '';
      if (timedOut) return fail(`timed out after ${s.timeoutMs / 1000} s`);
      if (code !== 0) return fail(`exit ${code ?? signal}`, detail);
      const line = stdout.split('\n')[0] ?? '';
      if (line === '') reject(new FleetError(`${s.file}:${s.line}: password_command printed nothing`));
      else resolve(line);
    });
  });
}

/** The server's password, running its command once however many times it is asked for. */
export class Secrets {
  private readonly cache = new Map<string, Promise<string | null>>();

  password(server: FleetServer): Promise<string | null> {
    let p = this.cache.get(server.name);
    if (p === undefined) {
      const s = server.password;
      p = s.kind === 'none' ? Promise.resolve(null) : s.kind === 'value' ? Promise.resolve(s.value) : runPasswordCommand(s);
      this.cache.set(server.name, p);
    }
    return p;
  }
}
