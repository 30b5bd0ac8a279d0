/** A supervisord.conf in a test dir: socket, logs and pidfile inside it, then the sections given. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeConfig(dir: string, sections: readonly string[]): { conf: string; sock: string } {
  const sock = join(dir, 's.sock');
  const conf = join(dir, 'supervisord.conf');
  const head = [
    '[unix_http_server]',
    `file=${sock}`,
    '[supervisord]',
    `logfile=${join(dir, 'sd.log')}`,
    `pidfile=${join(dir, 'sd.pid')}`,
    `childlogdir=${dir}`,
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]',
    `serverurl=unix://${sock}`,
  ];
  writeFileSync(conf, [...head, ...sections, ''].join('\n'));
  return { conf, sock };
}
