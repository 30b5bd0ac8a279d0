/** A real supervisord (Debian's 4.2.5) in a temp dir, for client tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { makeTmpDir } from '../helpers/tmp.ts';
import { which } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';

export const SUPERVISORD = '/usr/bin/supervisord';

export function supervisordSkipReason(): string | false {
  return existsSync(SUPERVISORD) || which('supervisord') !== null ? false : 'supervisord not installed (apt-get install -y supervisor)';
}

export interface RealSupervisord {
  dir: string;
  sock: string;
  /** http://127.0.0.1:<port> when started with inet, else null. */
  httpUrl: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra config sections (programs etc.). */
  programs: string;
  inet?: { username: string; password: string };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function startSupervisord(opts: StartOptions): Promise<RealSupervisord> {
  const { dir, cleanup } = makeTmpDir('svc-');
  const sock = join(dir, 'sv.sock');
  const port = opts.inet ? await freePort() : null;
  const inet = opts.inet && port !== null ? `[inet_http_server]\nport=127.0.0.1:${port}\nusername=${opts.inet.username}\npassword=${opts.inet.password}\n` : '';
  const conf = `[unix_http_server]
file=${sock}

${inet}
[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}
nodaemon=true
identifier=clienttest

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${sock}

${opts.programs}
`;
  writeFileSync(join(dir, 'supervisord.conf'), conf);
  const child: ChildProcess = spawn(SUPERVISORD, ['-n', '-c', join(dir, 'supervisord.conf')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`supervisord exited: ${stderr}`);
        return new Promise<boolean>((resolve) => {
          const s = net.connect({ path: sock }, () => {
            s.destroy();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        });
      },
      { timeoutMs: 15_000, message: 'supervisord socket' },
    );
  } catch (err) {
    child.kill('SIGKILL');
    cleanup();
    throw err;
  }
  return {
    dir,
    sock,
    httpUrl: port === null ? null : `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      cleanup();
    },
  };
}
