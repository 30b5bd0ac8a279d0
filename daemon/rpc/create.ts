/** The daemon's whole XML-RPC interface: supervisor.*, system.* and our supervisortui.* behind one dispatcher. */
import { SupervisorStates } from '../../src/protocol/states.ts';
import type { Supervisor } from '../supervisor.ts';
import { createDispatcher, type Dispatcher, type MethodSpec } from './dispatch.ts';
import { supervisorMethods } from './supervisor-methods.ts';
import { FEED_METHOD_DOCS, type FeedHub } from '../feed/hub.ts';
import { STATS_METHOD_DOCS, statsMethods } from '../stats/rpc.ts';
import { METHOD_DOCS } from './method-docs.ts';
import { systemMethods } from './system-methods.ts';

/** With a feed hub, its subscription methods (supervisortui.feedStats) too. */
export function createRpc(sv: Supervisor, feed: FeedHub | null = null): Dispatcher {
  let dispatcher: Dispatcher | null = null;
  const table = new Map<string, MethodSpec>([
    ...supervisorMethods(sv),
    ...statsMethods(sv),
    ...(feed?.rpcMethods() ?? []),
    ...systemMethods(
      () => {
        if (dispatcher === null) throw new Error('dispatcher used before it was built');
        return dispatcher;
      },
      new Map([...METHOD_DOCS, ...STATS_METHOD_DOCS, ...(feed === null ? [] : FEED_METHOD_DOCS)]),
    ),
  ]);
  dispatcher = createDispatcher(table, () => SupervisorStates[sv.mood] >= SupervisorStates.RUNNING);
  return dispatcher;
}
