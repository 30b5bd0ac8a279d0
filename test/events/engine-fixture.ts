/** Hand-built configurations for running the engine in-process with the events subsystem attached. */
import { join } from 'node:path';
import type { Config, GroupConfig, ProcessConfig } from '../../src/config/types.ts';

export function processConfig(name: string, command: string, over: Partial<ProcessConfig> = {}): ProcessConfig {
  return {
    name,
    program_name: name,
    process_num: 0,
    section: `program:${name}`,
    file: 'test.conf',
    command,
    priority: 999,
    autostart: true,
    autorestart: 'unexpected',
    startsecs: 0,
    startretries: 3,
    exitcodes: [0],
    stopsignal: 'TERM',
    stopwaitsecs: 10,
    stopasgroup: false,
    killasgroup: false,
    uid: null,
    user: null,
    directory: null,
    umask: null,
    environment: {},
    redirect_stderr: false,
    stdout_logfile: 'AUTO',
    stdout_logfile_maxbytes: 0,
    stdout_logfile_backups: 0,
    stdout_capture_maxbytes: 0,
    stdout_events_enabled: false,
    stdout_syslog: false,
    stderr_logfile: 'AUTO',
    stderr_logfile_maxbytes: 0,
    stderr_logfile_backups: 0,
    stderr_capture_maxbytes: 0,
    stderr_events_enabled: false,
    stderr_syslog: false,
    serverurl: null,
    ...over,
  };
}

export function programGroup(p: ProcessConfig, priority = 999): GroupConfig {
  return { type: 'program', name: p.name, priority, processes: [p] };
}

export function listenerGroup(name: string, processes: ProcessConfig[], events: string[], bufferSize = 10, priority = -1): GroupConfig {
  return {
    type: 'eventlistener',
    name,
    priority,
    processes: processes.map((p) => ({ ...p, section: `eventlistener:${name}`, priority })),
    buffer_size: bufferSize,
    events,
    result_handler: 'supervisor.dispatchers:default_handler',
  };
}

export function makeConfig(dir: string, groups: GroupConfig[]): Config {
  return {
    configfile: join(dir, 'supervisord.conf'),
    has_supervisord: true,
    supervisord: {
      logfile: join(dir, 'supervisord.log'),
      logfile_maxbytes: 0,
      logfile_backups: 0,
      loglevel: 'debug',
      pidfile: join(dir, 'supervisord.pid'),
      nodaemon: true,
      silent: true,
      nocleanup: false,
      strip_ansi: false,
      minfds: 1024,
      minprocs: 200,
      umask: 0o22,
      user: null,
      uid: null,
      directory: null,
      identifier: 'evtest',
      childlogdir: dir,
      environment: {},
    },
    serverurl: null,
    http_servers: [],
    rpcinterfaces: [],
    groups: [...groups].sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : 1)),
    warnings: [],
    infos: [],
    supervisorctl: null,
  };
}
