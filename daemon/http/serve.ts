/**
 * The hook the daemon lifecycle calls: serve one Supervisor incarnation on every configured
 * HTTP server. Close the returned servers before the next incarnation binds the same sockets.
 */
import type { Config } from '../../src/config/types.ts';
import { followFile } from '../logs/follow.ts';
import { FeedHub, type FeedOptions } from '../feed/hub.ts';
import { createRpc } from '../rpc/create.ts';
import type { Supervisor } from '../supervisor.ts';
import { startHttpServers, type HttpServers } from './server.ts';
import type { HttpContext } from './types.ts';

/**
 * Throws ListenError (a usage error: exit 2) when a socket cannot be bound. `notice` receives
 * the lines supervisord prints on stderr (`Unlinking stale socket <file>`).
 */
export async function serveSupervisor(sv: Supervisor, config: Config, notice: (line: string) => void, feedOptions: FeedOptions = {}): Promise<HttpServers & { feed: FeedHub }> {
  const feed = new FeedHub(sv, feedOptions);
  const ctx: HttpContext = {
    dispatcher: createRpc(sv, feed),
    feed,
    log: {
      critical: (m) => sv.log.log('critical', m),
      error: (m) => sv.log.log('error', m),
      info: (m) => sv.log.log('info', m),
    },
    mainLogPath: () => sv.mainLogPath(),
    followFile,
    priorityOrder: (group) => (group === null ? sv.allProcesses('priority') : (sv.getGroup(group)?.byPriority() ?? null)),
  };
  let servers: HttpServers;
  try {
    servers = await startHttpServers(config.http_servers, ctx, notice);
  } catch (err) {
    feed.close();
    throw err;
  }
  return {
    feed,
    servers: servers.servers,
    close: async () => {
      feed.close();
      await servers.close();
    },
  };
}
