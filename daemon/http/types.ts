/** What the HTTP layer needs from the rest of the daemon. */
import type { Dispatcher } from '../rpc/dispatch.ts';

/** The daemon's activity log, as the HTTP layer writes to it. */
export interface HttpLog {
  critical(msg: string): void;
  error(msg: string): void;
  info(msg: string): void;
}

/** A running follow of a file: new bytes are pushed until close(). */
export interface FileFollow {
  close(): void;
}

/**
 * Follow `path` from `startOffset` (negative: that many bytes before the end): data as it is
 * written, across rotation (new inode) and truncation. Provided by the log subsystem.
 */
export type FollowFile = (path: string, startOffset: number, onData: (chunk: Buffer) => void) => FileFollow;

export interface HttpContext {
  readonly dispatcher: Dispatcher;
  readonly log: HttpLog;
  /** Path of the main log file, or null when it is syslog / absent. */
  readonly mainLogPath: () => string | null;
  readonly followFile: FollowFile;
}
