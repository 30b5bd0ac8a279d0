/**
 * What the engine needs from the log subsystem (daemon/logs/), stated here so the engine can
 * be built and tested on its own; daemon/wiring.ts binds these to the real implementations.
 */
import type { Readable } from 'node:stream';
import type { LogLevelName } from '../src/config/types.ts';

/** The daemon's activity log (compat §4.1). */
export interface ActivityLogPort {
  log(level: LogLevelName, message: string): void;
  reopen(): void;
  close(): void | Promise<void>;
}

/** One process channel's log file, living across restarts of the process. */
export interface ChannelLogPort {
  write(chunk: Buffer): void;
  reopen(): void;
  /** Delete and re-create the file (clearProcessLogs). */
  clear(): void;
  close(): void | Promise<void>;
}

export interface ChannelLogOptions {
  readonly path: string;
  readonly maxbytes: number;
  readonly backups: number;
  readonly stripAnsi: boolean;
}

export interface LogBackend {
  openChannel(opts: ChannelLogOptions): ChannelLogPort;
  /**
   * Copy a child's pipe into its channel log; `onChunk` sees every chunk (events, listener
   * protocol, debug main-log lines). Resolves at EOF once everything is written.
   */
  pipeOutput(readable: Readable, log: ChannelLogPort | null, onChunk?: (chunk: Buffer) => void): Promise<void>;
  /** A fresh AUTO log path in childlogdir (the file exists, empty, afterwards). */
  autoLogPath(childlogdir: string, processName: string, channel: 'stdout' | 'stderr', identifier: string): string;
  /** Delete the AUTO logs of this identifier left by earlier runs (unless nocleanup). */
  cleanupAutoLogs(childlogdir: string, identifier: string): void;
}
