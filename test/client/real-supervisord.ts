/** A real supervisord (Debian's 4.2.5) in a temp dir, for client tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, socketAccepts, startDaemonProcess } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

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
  const daemon = await startDaemonProcess('real', join(dir, 'supervisord.conf'), { cwd: dir, ready: () => socketAccepts(sock), timeoutMs: 15_000 }).catch(
    (err: unknown) => {
      cleanup();
      throw err;
    },
  );
  return {
    dir,
    sock,
    httpUrl: port === null ? null : `http://127.0.0.1:${port}`,
    async stop() {
      await daemon.stop();
      cleanup();
    },
  };
}
