/**
 * What the supervisor.* methods need from the engine, stated narrowly so the RPC layer is
 * tested through it and bound to the real engine in one adapter (engine-adapter.ts).
 */
import type { ConfigInfo, LogChannel, ReloadDiff } from '../../src/protocol/types.ts';
import type { ProcessStateName, SupervisorStateName } from '../../src/protocol/states.ts';
import type { RpcFault } from '../../src/protocol/faults.ts';

export interface ProcessSnapshot {
  readonly state: ProcessStateName;
  readonly pid: number;
  /** Epoch seconds (fractional), 0 = never. */
  readonly laststart: number;
  readonly laststop: number;
  readonly spawnerr: string;
  /** null when there was no exit since the last spawn. */
  readonly exitstatus: number | null;
  /** A stop signal was sent and the process has not exited yet. */
  readonly killing: boolean;
}

export interface RpcProcess {
  readonly name: string;
  readonly group: string;
  snapshot(): ProcessSnapshot;
  /** The channel's log file path, null when NONE (or stderr redirected). */
  logfile(channel: LogChannel): string | null;
  /** NO_FILE / NOT_EXECUTABLE when the command cannot be spawned, else null (checked before starting). */
  checkCommand(): RpcFault | null;
  /**
   * Spawn now (the caller checked the state), then reap an immediate failure and apply one
   * transition, so a spawn error or a startsecs=0 promotion is visible on return.
   */
  start(): void;
  /** Send the stop signal (BACKOFF: straight to STOPPED); an error message when signalling failed. */
  stop(): string | null;
  signal(signal: number): string | null;
  /** Throws an Error with code 'EPIPE' when the child closed its stdin. */
  writeStdin(data: Buffer): void;
  /** Delete and re-create the log files; throws on I/O errors. */
  clearLogs(): void;
}

export interface RpcGroup {
  readonly name: string;
  /** In priority order (Supervisor's `processes.sort()`). */
  processes(): readonly RpcProcess[];
}

export type AddResult = 'added' | 'already-active' | 'unknown';
export type RemoveResult = 'removed' | 'still-running' | 'unknown';

export interface RpcEngine {
  readonly pid: number;
  identifier(): string;
  mood(): SupervisorStateName;
  requestShutdown(): void;
  requestRestart(): void;
  /** Active groups in priority order. */
  groups(): readonly RpcGroup[];
  mainLogfile(): string | null;
  /** Delete and reopen the main log; throws on I/O errors. */
  clearMainLog(): void;
  /** Re-read the config into the pending config; throws an Error whose message is the parser's. */
  reloadConfig(): Promise<ReloadDiff> | ReloadDiff;
  addGroup(name: string): AddResult;
  removeGroup(name: string): RemoveResult;
  /** getAllConfigInfo rows, from the pending config (unsorted). */
  configInfo(): readonly ConfigInfo[];
  /** Called after any process state change; returns the unsubscribe function. */
  onStateChange(listener: () => void): () => void;
  sendRemoteCommEvent(type: string, data: string): void;
}
