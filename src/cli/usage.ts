import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.ts';

export const USAGE = `supervisor-tui — Supervisor (supervisord + supervisorctl) with a terminal dashboard

Usage:
  supervisor-tui [options]                 open the dashboard
  supervisor-tui --demo                    run the bundled example daemon and open the dashboard on it
  supervisor-tui daemon [supervisord options]
                                           run the daemon (-n: stay in the foreground)
  supervisor-tui check [-c FILE] [--json]  validate a config and print what it defines
  supervisor-tui [options] <command> ...   a supervisorctl command (status, start, stop, restart,
                                           tail, pid, signal, reread, update, avail, add, remove,
                                           clear, maintail, shutdown, reload, version, shell, ...)

Connection options (dashboard and commands):
  -c FILE   config file ([supervisorctl] serverurl/username/password)
  -s URL    unix:///path/to/sock, http://host:port, ssh://[user@]host[:port]/path/to/sock
  -u USER   username      -p PASS   password
  -h        this help     -v        version
`;

export function printUsage(): number {
  process.stdout.write(USAGE);
  return 0;
}

export function printVersion(): number {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
  return 0;
}
