/** Builders for Config values and a recording activity log, for engine tests that run real children. */
import { readFileSync } from 'node:fs';
import type { LogLevelName } from '../../src/config/types.ts';
import type { Config, GroupConfig, ProcessConfig, SupervisordSection } from '../../src/config/types.ts';
import { DEFAULT_POLICY } from '../../src/config/read-policy.ts';
import { Supervisor } from '../../daemon/supervisor.ts';
import type { ActivityLogPort } from '../../daemon/log-ports.ts';
import { waitFor } from '../helpers/wait.ts';

export function processConfig(name: string, command: string, over: Partial<ProcessConfig> = {}): ProcessConfig {
  return {
    name,
    program_name: name,
    process_num: 0,
    section: `program:${name}`,
    file: '/dev/null',
    command,
    priority: 999,
    autostart: true,
    autorestart: 'unexpected',
    startsecs: 1,
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
    stdout_logfile: null,
    stdout_logfile_maxbytes: 50 * 1024 * 1024,
    stdout_logfile_backups: 10,
    stdout_capture_maxbytes: 0,
    stdout_events_enabled: false,
    stdout_syslog: false,
    stderr_logfile: null,
    stderr_logfile_maxbytes: 50 * 1024 * 1024,
    stderr_logfile_backups: 10,
    stderr_capture_maxbytes: 0,
    stderr_events_enabled: false,
    stderr_syslog: false,
    serverurl: null,
    ...DEFAULT_POLICY,
    depends_on: [],
    healthcheck: null,
    ...over,
  };
}

/** A [program:x] group of one process. */
export function program(name: string, command: string, over: Partial<ProcessConfig> = {}, groupPriority?: number): GroupConfig {
  const p = processConfig(name, command, over);
  return { type: 'program', name, priority: groupPriority ?? p.priority, processes: [p] };
}

function supervisordSection(dir: string, over: Partial<SupervisordSection> = {}): SupervisordSection {
  return {
    logfile: `${dir}/supervisord.log`,
    logfile_maxbytes: 50 * 1024 * 1024,
    logfile_backups: 10,
    loglevel: 'info',
    pidfile: `${dir}/supervisord.pid`,
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
    identifier: 'supervisor',
    childlogdir: dir,
    environment: {},
    logfile_compress: null,
    metrics: false,
    ...over,
  };
}

export function makeConfig(dir: string, groups: GroupConfig[], over: Partial<SupervisordSection> = {}): Config {
  return {
    configfile: `${dir}/supervisord.conf`,
    has_supervisord: true,
    supervisord: supervisordSection(dir, over),
    serverurl: null,
    http_servers: [],
    rpcinterfaces: [],
    groups,
    warnings: [],
    infos: [],
    supervisorctl: null,
  };
}

/** Keeps every line, for assertions on the activity log catalogue. */
export class RecordingLog implements ActivityLogPort {
  readonly lines: string[] = [];
  log(level: LogLevelName, message: string): void {
    this.lines.push(`${level} ${message}`);
  }
  reopen(): void {}
  has(re: RegExp): boolean {
    return this.lines.some((l) => re.test(l));
  }
}

export function newSupervisor(config: Config, readConfig: () => Config = () => config): { sv: Supervisor; log: RecordingLog } {
  const log = new RecordingLog();
  return { sv: new Supervisor({ config, log, readConfig }), log };
}

/** Stop everything and wait for the stop sequence, so no test leaves children behind. */
export async function shutdown(sv: Supervisor): Promise<void> {
  sv.shutdown();
  await sv.whenStopped();
  await sv.close();
}

export function stateOf(sv: Supervisor, namespec: string): string {
  return sv.getProcess(namespec).state;
}

export function waitState(sv: Supervisor, namespec: string, state: string, timeoutMs = 10_000): Promise<boolean> {
  return waitFor(() => stateOf(sv, namespec) === state, { timeoutMs, message: `${namespec} to be ${state} (is ${stateOf(sv, namespec)})` });
}

/** Whether a pid is alive (signal 0), a zombie not counting: once its parent is gone, only init may reap it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
