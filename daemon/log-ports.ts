/** What the engine needs from the daemon's activity log (daemon/logs/ provides it; tests may record lines). */
import type { LogLevelName } from '../src/config/types.ts';

export interface ActivityLogPort {
  /** One entry at a level (filtered by the configured loglevel). */
  log(level: LogLevelName, message: string): void;
  /** SIGUSR2: reopen the file by name. */
  reopen(): void;
}
