import { versionLine } from '../version.ts';

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
  supervisor-tui completion bash|zsh|fish  print a shell completion script (see man supervisor-tui)

Connection options (dashboard and commands):
  -c, --configuration FILE  config file ([supervisorctl] serverurl/username/password)
  -s, --serverurl URL       unix:///path/to/sock, http://host:port, ssh://[user@]host[:port]/path/to/sock
  -u, --username USER       -p, --password PASS
  --context NAME            many servers: a context of the servers file
  --servers FILE            the servers file (default $XDG_CONFIG_HOME/supervisor-tui/servers.conf)
  -s [NAME=]URL ...         -s given several times: an ad-hoc fleet
  -h, --help                this help             -v, --version   version

Dashboard options:
  --interval SECONDS        refresh interval, 0.1 to 10 (default 1)
  --timeout SECONDS         give up on a call after this long (default 30; stale data is
                            marked after max(3 intervals, 2 s) whatever the timeout)
  --no-color                monochrome (also NO_COLOR=1)
  --ascii                   ASCII instead of box and arrow glyphs
  --no-mouse                no mouse reporting (the terminal keeps its own text selection)
  --readonly                no actions (keys hidden); read-only commands (:status, :tail) still run
  --demo                    start our daemon on the bundled examples in a private directory and watch it
`;

export function printUsage(): number {
  process.stdout.write(USAGE);
  return 0;
}

export function printVersion(): number {
  process.stdout.write(`${versionLine()}\n`);
  return 0;
}
