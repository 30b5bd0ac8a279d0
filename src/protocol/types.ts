/** Wire shapes of the supervisor.* API (compat §5.3), shared by the daemon and every client. */
import type { ProcessStateName, SupervisorStateName } from './states.ts';

/** getProcessInfo / getAllProcessInfo: all keys always present, in this wire order. */
export interface ProcessInfo {
  name: string;
  group: string;
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: ProcessStateName;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
  description: string;
}

/** getAllConfigInfo: None becomes 'none', AUTO becomes 'auto'. */
export interface ConfigInfo {
  name: string;
  group: string;
  group_prio: number;
  process_prio: number;
  inuse: boolean;
  autostart: boolean;
  command: string;
  directory: string;
  uid: number | 'none';
  exitcodes: number[];
  killasgroup: boolean;
  redirect_stderr: boolean;
  startretries: number;
  startsecs: number;
  stopsignal: number;
  stopwaitsecs: number;
  serverurl: string;
  stdout_logfile: string;
  stderr_logfile: string;
  stdout_logfile_backups: number;
  stderr_logfile_backups: number;
  stdout_logfile_maxbytes: number;
  stderr_logfile_maxbytes: number;
  stdout_capture_maxbytes: number;
  stderr_capture_maxbytes: number;
  stdout_events_enabled: boolean;
  stderr_events_enabled: boolean;
  stdout_syslog: boolean;
  stderr_syslog: boolean;
}

/** One entry of a group/all operation's result array. status is a fault code or 80 (SUCCESS). */
export interface ProcessResult {
  name: string;
  group: string;
  status: number;
  description: string;
}

export interface SupervisorStateInfo {
  statecode: number;
  statename: SupervisorStateName;
}

/** reloadConfig's `[[added, changed, removed]]`, unwrapped. */
export interface ReloadDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** tail*Log: [data, newOffset, overflow]. */
export type TailResult = [string, number, boolean];

export type LogChannel = 'stdout' | 'stderr';

export const API_VERSION = '3.0';
export const SUPERVISOR_VERSION = '4.2.5';

// ---- supervisortui.* extensions (ours), joined to ProcessInfo by group and name ----

/** A process's health: no check configured (or not running), no verdict yet, or the verdict. */
export type HealthState = 'none' | 'starting' | 'healthy' | 'unhealthy';

export const HEALTH_STATES: readonly HealthState[] = ['none', 'starting', 'healthy', 'unhealthy'];

/** supervisortui.getAllHealth / getHealth: one struct per process. */
export interface ProcessHealth {
  name: string;
  group: string;
  health: HealthState;
  /** The `healthcheck` value, '' when none is configured. */
  healthcheck: string;
  /** Consecutive failed checks that counted. */
  failures: number;
  /** What the last check saw ('' before the first). */
  detail: string;
  /** Epoch seconds of the last check, 0 = none yet. */
  last_check: number;
  /** `depends_on` as configured. */
  depends_on: string[];
  /** The entries a STARTING process still waits for (empty when not waiting). */
  waiting_for: string[];
  /** The namespecs `depends_on` names (direct dependencies), resolved by the daemon; absent from a build of ours before it. */
  requires?: string[];
}

/** One process in what a process depends on, depth-first (depth 1: a direct dependency). */
export interface DependencyTreeEntry {
  group: string;
  name: string;
  depth: number;
  /** The depends_on entry of its parent in the tree that names it (`db`, `backend:*`). */
  entry: string;
}

/**
 * supervisortui.getHealth's `settings` member: the settings of one process that getAllConfigInfo
 * (4.2.5's shape) does not carry. Environment values whose names look secret are masked by the
 * daemon (src/protocol/secrets.ts): they never leave it.
 */
export interface ProcessSettings {
  /** `user=`, '' when not set. */
  user: string;
  /** `environment=` merged over [supervisord]'s, secrets masked. */
  environment: Record<string, string>;
  /** `env_file` paths as configured (a leading `-`: optional). */
  env_file: string[];
  autorestart: 'true' | 'false' | 'unexpected';
  /** Signal name without SIG (getAllConfigInfo has only its number). */
  stopsignal: string;
  stopasgroup: boolean;
  killasgroup: boolean;
  /** Bytes, 0 = no limit. */
  memory_limit: number;
  memory_limit_interval: number;
  /** 0 when not set (Supervisor's +1 s per attempt). */
  backoff_factor: number;
  backoff_max: number;
  essential: boolean;
  healthcheck_interval: number;
  healthcheck_timeout: number;
  healthcheck_retries: number;
  healthcheck_start_period: number;
  healthcheck_action: string;
  /** What it depends on, transitively, depth-first. */
  dependency_tree: DependencyTreeEntry[];
}

/** supervisortui.getHealth: the process's health and its settings beyond getAllConfigInfo. */
export interface ProcessDetails extends ProcessHealth {
  settings: ProcessSettings;
}
