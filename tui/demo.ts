/**
 * `--demo` / `npm start`: a private supervisord on the bundled examples. A run directory from
 * mkdtemp holds a wrapper config (socket, logs, pidfile) that includes examples/conf.d/*.conf;
 * our daemon serves it, and it is stopped and the directory removed when the dashboard quits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/client/client.ts';
import { packageRoot } from '../src/package-root.ts';

export interface Demo {
  serverurl: string;
  dir: string;
  stop(): Promise<void>;
}

function wrapperConfig(dir: string, includeGlob: string): string {
  const sock = join(dir, 'supervisor.sock');
  return [
    '[unix_http_server]',
    `file=${sock}`,
    '',
    '[supervisord]',
    `logfile=${join(dir, 'supervisord.log')}`,
    `pidfile=${join(dir, 'supervisord.pid')}`,
    `childlogdir=${join(dir, 'logs')}`,
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=unix://${sock}`,
    '',
    '[include]',
    `files = ${includeGlob}`,
    '',
  ].join('\n');
}

async function waitServing(serverurl: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const client = createClient({ serverurl, timeoutMs: 1000 });
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      try {
        const st = await client.getState();
        if (st.statename === 'RUNNING') return true;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  } finally {
    client.close();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startDemo(log: (line: string) => void): Promise<Demo> {
  const examples = join(packageRoot(), 'examples', 'conf.d');
  if (!existsSync(examples)) throw new Error(`demo: ${examples} not found`);
  const dir = mkdtempSync(join(tmpdir(), 'svtui-'));
  mkdirSync(join(dir, 'logs'));
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(conf, wrapperConfig(dir, join(examples, '*.conf')));
  const serverurl = `unix://${join(dir, 'supervisor.sock')}`;
  const out = openSync(join(dir, 'daemon.out'), 'a');
  const entry = process.argv[1] ?? join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  const child = spawn(process.execPath, [...process.execArgv, entry, 'daemon', '-n', '-c', conf], { stdio: ['ignore', out, out] });
  closeSync(out);
  const cleanup = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!(await waitServing(serverurl, child, 15_000))) {
    await stopChild(child);
    const said = readFileSync(join(dir, 'daemon.out'), 'utf8').trim().split('\n').slice(-3).join(' | ');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`demo: the daemon did not start${said ? `: ${said}` : ''}`);
  }
  log(`demo: supervisor-tui daemon running in ${dir}`);
  return { serverurl, dir, stop: cleanup };
}
