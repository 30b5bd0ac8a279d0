/**
 * Config → the normalized JSON of shared/corpus/README.md (what `check --json` prints and the
 * corpus expects): Supervisor's resolved values, without this implementation's extra fields.
 */
import type { Config, GroupConfig, HttpServerConfig, ProcessConfig } from './types.ts';

export type NormalizedJson = null | boolean | number | string | NormalizedJson[] | { [key: string]: NormalizedJson };

function normalizeProcess(p: ProcessConfig): NormalizedJson {
  return {
    name: p.name,
    command: p.command,
    priority: p.priority,
    autostart: p.autostart,
    autorestart: p.autorestart,
    startsecs: p.startsecs,
    startretries: p.startretries,
    exitcodes: [...p.exitcodes],
    stopsignal: p.stopsignal,
    stopwaitsecs: p.stopwaitsecs,
    stopasgroup: p.stopasgroup,
    killasgroup: p.killasgroup,
    uid: p.uid,
    user: p.user,
    directory: p.directory,
    umask: p.umask,
    environment: { ...p.environment },
    redirect_stderr: p.redirect_stderr,
    stdout_logfile: p.stdout_logfile,
    stdout_logfile_maxbytes: p.stdout_logfile_maxbytes,
    stdout_logfile_backups: p.stdout_logfile_backups,
    stdout_capture_maxbytes: p.stdout_capture_maxbytes,
    stdout_events_enabled: p.stdout_events_enabled,
    stdout_syslog: p.stdout_syslog,
    stderr_logfile: p.stderr_logfile,
    stderr_logfile_maxbytes: p.stderr_logfile_maxbytes,
    stderr_logfile_backups: p.stderr_logfile_backups,
    stderr_capture_maxbytes: p.stderr_capture_maxbytes,
    stderr_events_enabled: p.stderr_events_enabled,
    stderr_syslog: p.stderr_syslog,
    serverurl: p.serverurl,
  };
}

function normalizeGroup(g: GroupConfig): NormalizedJson {
  const base = { name: g.name, type: g.type, priority: g.priority, processes: g.processes.map(normalizeProcess) };
  switch (g.type) {
    case 'eventlistener':
      return { ...base, buffer_size: g.buffer_size, events: [...g.events], result_handler: g.result_handler };
    case 'fcgi-program':
      return {
        ...base,
        socket: g.socket,
        socket_owner: g.socket_owner && [...g.socket_owner],
        socket_mode: g.socket_mode,
        socket_backlog: g.socket_backlog,
      };
    default:
      return base;
  }
}

function normalizeServer(s: HttpServerConfig): NormalizedJson {
  const base = { name: s.name, section: s.section, family: s.family, username: s.username, password: s.password };
  if (s.family === 'inet') return { ...base, host: s.host, port: s.port };
  return { ...base, file: s.file, chmod: s.chmod, chown: [...s.chown] };
}

/** [supervisord] as 4.2.5 resolves it: keys beyond it left out. */
function supervisordJson(config: Config): NormalizedJson {
  const { logfile_compress: _compress, metrics: _metrics, ...classic } = config.supervisord;
  return { ...classic, environment: { ...classic.environment } };
}

export function normalizeConfig(config: Config): NormalizedJson {
  return {
    supervisord: supervisordJson(config),
    serverurl: config.serverurl,
    http_servers: config.http_servers.map(normalizeServer),
    rpcinterfaces: config.rpcinterfaces.map((r) => ({ name: r.name, factory: r.factory, extras: { ...r.extras } })),
    groups: config.groups.map(normalizeGroup),
    warnings: [...config.warnings],
    infos: [...config.infos],
    supervisorctl: config.supervisorctl && { ...config.supervisorctl },
  };
}
