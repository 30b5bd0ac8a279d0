/** What the HTTP layer needs from the rest of the daemon. */
import type { FeedHub } from '../feed/hub.ts';
import type { followFile } from '../logs/follow.ts';
import type { Dispatcher } from '../rpc/dispatch.ts';
import type { NamedProcess } from '../rpc/group-ops.ts';
import type { ProcessStateName } from '../../src/protocol/states.ts';

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
  /**
   * Live processes in the engine's priority order (the "all" operations' order: groups, then
   * each group's processes, ascending); with a name, that group's (byPriority); null when no
   * such group. The web page's group actions start in this order and stop in reverse.
   */
  readonly priorityOrder: (group: string | null) => readonly PrioritizedProcess[] | null;
  /** The change feed (GET /supervisortui/feed); absent in tests that serve without one. */
  readonly feed?: FeedHub;
}

export interface PrioritizedProcess extends NamedProcess {
  readonly state: ProcessStateName;
}
