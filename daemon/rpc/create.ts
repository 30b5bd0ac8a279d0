/** The daemon's whole XML-RPC interface: supervisor.* and system.* behind one dispatcher. */
import { SupervisorStates } from '../../src/protocol/states.ts';
import { createDispatcher, type Dispatcher, type MethodSpec } from './dispatch.ts';
import type { RpcEngine } from './engine-port.ts';
import { supervisorMethods, type LogReader } from './supervisor-methods.ts';
import { systemMethods } from './system-methods.ts';

export function createRpc(engine: RpcEngine, logs: LogReader): Dispatcher {
  let dispatcher: Dispatcher | null = null;
  const table = new Map<string, MethodSpec>([
    ...supervisorMethods(engine, logs),
    ...systemMethods(() => {
      if (dispatcher === null) throw new Error('dispatcher used before it was built');
      return dispatcher;
    }),
  ]);
  dispatcher = createDispatcher(table, () => SupervisorStates[engine.mood()] >= SupervisorStates.RUNNING);
  return dispatcher;
}
