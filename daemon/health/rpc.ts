/** Our health and dependency methods (supervisortui.*): 4.2.5 answers them with UNKNOWN_METHOD, which clients read as "no health". */
import type { ProcessHealth } from '../../src/protocol/types.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import { method, type MethodSpec } from '../rpc/dispatch.ts';
import type { ManagedProcess, Supervisor } from '../supervisor.ts';

export function processHealth(sv: Supervisor, p: ManagedProcess): ProcessHealth {
  const f = sv.health.health(p);
  return {
    name: p.name,
    group: p.groupName,
    health: f.state,
    healthcheck: p.config.healthcheck?.spec ?? '',
    failures: f.failures,
    detail: f.detail,
    last_check: Math.floor(f.lastCheck),
    depends_on: [...p.config.depends_on],
    waiting_for: [...p.waitingFor],
    requires: sv.deps.requires(p).map((d) => d.namespec),
  };
}

const value = (h: ProcessHealth): XmlRpcValue => ({ ...h });

export const HEALTH_METHOD_DOCS: ReadonlyMap<string, string> = new Map([
  [
    'supervisortui.getAllHealth',
    ' Get the health of every process (supervisor-tui): health is none, starting, healthy or unhealthy\n\n        @return array result  An array of process health structs\n        ',
  ],
  [
    'supervisortui.getHealth',
    " Get the health of one process (supervisor-tui)\n\n        @param string name  The name of the process (or 'group:name')\n        @return struct result  A process health struct\n        ",
  ],
  [
    'supervisortui.getDependencies',
    " Everything a process depends on (depends_on, directly or not), in start order (supervisor-tui)\n\n        @param string name  The name of the process (or 'group:name')\n        @return array result  Namespecs, dependencies first\n        ",
  ],
]);

export function healthMethods(sv: Supervisor): [string, MethodSpec][] {
  return [
    ['supervisortui.getAllHealth', method([], () => sv.allProcesses('lexical').map((p) => value(processHealth(sv, p))))],
    ['supervisortui.getHealth', method(['string'], (name) => value(processHealth(sv, sv.getProcess(name))))],
    ['supervisortui.getDependencies', method(['string'], (name) => sv.deps.startOrder(sv.getProcess(name)).map((p) => p.namespec))],
  ];
}
