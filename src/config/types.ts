/**
 * The resolved configuration: what Supervisor's parser makes of a supervisord.conf.
 * Key names are Supervisor's own (snake_case) so that the daemon, the clients and the
 * normalized JSON of `check --json` (shared/corpus/README.md) all speak one vocabulary.
 * Everything is readonly: a Config is a value; a reload builds a new one.
 */

import type { LogCompression, ProgramPolicy } from './read-policy.ts';

export type AutoRestart = 'unexpected' | true | false;

export interface SupervisordSection {
  readonly logfile: string; // absolute path, or 'syslog'
  readonly logfile_maxbytes: number;
  readonly logfile_backups: number;
  readonly loglevel: LogLevelName;
  readonly pidfile: string;
  readonly nodaemon: boolean;
  readonly silent: boolean;
  readonly nocleanup: boolean;
  readonly strip_ansi: boolean;
  readonly minfds: number;
  readonly minprocs: number;
  readonly umask: number;
  readonly user: string | null;
  readonly uid: number | null;
  readonly directory: string | null;
  readonly identifier: string;
  readonly childlogdir: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Beyond 4.2.5: compress the main log's rotated backups. */
  readonly logfile_compress: LogCompression;
  /** `metrics = true` (ours; 4.2.5 ignores it): serve `GET /metrics` in Prometheus text format. */
  readonly metrics: boolean;
}

export type LogLevelName = 'critical' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'blather';

export interface InetServerConfig {
  readonly name: string | null;
  readonly section: string;
  readonly family: 'inet';
  readonly host: string; // '' = all interfaces
  readonly port: number;
  readonly username: string | null;
  readonly password: string | null; // plain, or '{SHA}<hex>'
}

export interface UnixServerConfig {
  readonly name: string | null;
  readonly section: string;
  readonly family: 'unix';
  readonly file: string;
  readonly chmod: number;
  readonly chown: readonly [number, number]; // -1 = unchanged
  readonly username: string | null;
  readonly password: string | null;
}

export type HttpServerConfig = InetServerConfig | UnixServerConfig;

export interface RpcInterfaceConfig {
  readonly name: string;
  readonly factory: string;
  readonly extras: Readonly<Record<string, string>>;
}

/** One process (one numprocs instance) of a program-like section; ProgramPolicy holds the keys beyond 4.2.5. */
export interface ProcessConfig extends ProgramPolicy {
  readonly name: string;
  readonly program_name: string;
  readonly process_num: number;
  readonly section: string; // e.g. 'program:web'
  readonly file: string; // the file the section came from
  readonly command: string;
  readonly priority: number;
  readonly autostart: boolean;
  readonly autorestart: AutoRestart;
  readonly startsecs: number;
  readonly startretries: number;
  readonly exitcodes: readonly number[];
  readonly stopsignal: string; // name without SIG, e.g. 'TERM'
  readonly stopwaitsecs: number;
  readonly stopasgroup: boolean;
  readonly killasgroup: boolean;
  readonly uid: number | null;
  readonly user: string | null;
  readonly directory: string | null;
  readonly umask: number | null;
  readonly environment: Readonly<Record<string, string>>; // [supervisord] environment merged with the program's own
  readonly redirect_stderr: boolean;
  readonly stdout_logfile: string | null; // 'AUTO', a path, or null for NONE
  readonly stdout_logfile_maxbytes: number;
  readonly stdout_logfile_backups: number;
  readonly stdout_capture_maxbytes: number;
  readonly stdout_events_enabled: boolean;
  readonly stdout_syslog: boolean;
  readonly stderr_logfile: string | null;
  readonly stderr_logfile_maxbytes: number;
  readonly stderr_logfile_backups: number;
  readonly stderr_capture_maxbytes: number;
  readonly stderr_events_enabled: boolean;
  readonly stderr_syslog: boolean;
  readonly serverurl: string | null; // null = AUTO
  // Beyond Supervisor (keys 4.2.5 ignores; defaults keep its behaviour).
  /** `depends_on`: entries as written (`db`, `backend:*`, `backend:db`), checked to exist and to form no cycle. */
  readonly depends_on: readonly string[];
  /** `healthcheck` and its `healthcheck_*` settings; null when not set. */
  readonly healthcheck: HealthcheckConfig | null;
}

/** What a health check probes: an HTTP(S) GET answering 2xx/3xx, a TCP connect, or a command exiting 0. */
export type HealthcheckTarget =
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'cmd'; readonly command: string };

export type HealthcheckAction = 'none' | 'restart';

export interface HealthcheckConfig {
  /** The value as written (`http://…`, `tcp://…`, `cmd:…`). */
  readonly spec: string;
  readonly target: HealthcheckTarget;
  /** Seconds between checks. */
  readonly interval: number;
  /** Seconds before a check that has not answered counts as failed. */
  readonly timeout: number;
  /** Consecutive failures that make the process unhealthy. */
  readonly retries: number;
  /** Seconds after RUNNING during which failures do not count. */
  readonly start_period: number;
  readonly action: HealthcheckAction;
}

interface GroupBase {
  readonly name: string;
  readonly priority: number;
  readonly processes: readonly ProcessConfig[];
}

export interface ProgramGroupConfig extends GroupBase {
  readonly type: 'program' | 'group';
}

export interface EventListenerGroupConfig extends GroupBase {
  readonly type: 'eventlistener';
  readonly buffer_size: number;
  readonly events: readonly string[]; // upper-cased, de-duplicated, sorted
  readonly result_handler: string;
}

export interface FcgiGroupConfig extends GroupBase {
  readonly type: 'fcgi-program';
  readonly socket: string;
  readonly socket_owner: readonly [number, number] | null;
  readonly socket_mode: number | null;
  readonly socket_backlog: number | null;
}

export type GroupConfig = ProgramGroupConfig | EventListenerGroupConfig | FcgiGroupConfig;

export interface SupervisorctlSection {
  readonly serverurl: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly prompt: string;
  readonly history_file: string | null;
}

export interface Config {
  /** The main config file, as given (-c) or found. */
  readonly configfile: string;
  /** Whether the file had a [supervisord] section (the daemon requires one, supervisorctl does not). */
  readonly has_supervisord: boolean;
  readonly supervisord: SupervisordSection;
  /** supervisord's own fallback URL: first unix server, else first inet server, else null. */
  readonly serverurl: string | null;
  readonly http_servers: readonly HttpServerConfig[]; // inet first, then unix
  readonly rpcinterfaces: readonly RpcInterfaceConfig[];
  readonly groups: readonly GroupConfig[]; // sorted by (priority, name)
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
  readonly supervisorctl: SupervisorctlSection | null;
}
