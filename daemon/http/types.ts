/** What the HTTP layer needs from the rest of the daemon. */
import type { followFile } from '../logs/follow.ts';
import type { Dispatcher } from '../rpc/dispatch.ts';

/** The daemon's activity log, as the HTTP layer writes to it. */
export interface HttpLog {
  critical(msg: string): void;
  error(msg: string): void;
  info(msg: string): void;
}

export interface HttpContext {
  readonly dispatcher: Dispatcher;
  readonly log: HttpLog;
  /** Path of the main log file, or null when it is syslog / absent. */
  readonly mainLogPath: () => string | null;
  /** daemon/logs' followFile (injected so tests can feed the stream). */
  readonly followFile: typeof followFile;
}
