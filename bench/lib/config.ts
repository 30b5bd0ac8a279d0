/** Generated supervisord configs for the benchmark: the same text is given to both daemons. */

export interface ProgramSpec {
  /** How many [program:pNNNN] sections. */
  count: number;
  command: string;
  autostart: boolean;
  autorestart: boolean;
  startsecs: number;
  /** Extra `key=value` lines for every program. */
  extra?: string[];
}

export interface ConfigSpec {
  dir: string;
  socket: string;
  programs?: ProgramSpec;
}

/** One [program:pNNNN] per process (N groups of one, as a typical config has), child logs AUTO in childlogdir. */
export function configText(spec: ConfigSpec): string {
  const { dir, socket, programs } = spec;
  const n = programs?.count ?? 0;
  const lines = [
    '[supervisord]',
    `logfile=${dir}/supervisord.log`,
    `pidfile=${dir}/supervisord.pid`,
    `childlogdir=${dir}/logs`,
    'nodaemon=true',
    // Each child holds up to 3 pipes in the daemon; 4.2.5 refuses to start below minfds.
    `minfds=${Math.max(1024, 4 * n + 256)}`,
    '',
    '[unix_http_server]',
    `file=${socket}`,
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=unix://${socket}`,
    '',
  ];
  if (programs) {
    const width = String(Math.max(1, n - 1)).length;
    for (let i = 0; i < n; i++) {
      lines.push(
        `[program:p${String(i).padStart(width, '0')}]`,
        `command=${programs.command}`,
        `autostart=${programs.autostart}`,
        `autorestart=${programs.autorestart}`,
        `startsecs=${programs.startsecs}`,
        ...(programs.extra ?? []),
        '',
      );
    }
  }
  return lines.join('\n');
}

/** The name of program i of n, as configText writes it. */
export function programName(i: number, n: number): string {
  return `p${String(i).padStart(String(Math.max(1, n - 1)).length, '0')}`;
}
