/** Our health and dependency methods (supervisortui.*): 4.2.5 answers them with UNKNOWN_METHOD, which clients read as "no health". */
import { dependencyTree } from '../../src/deps/graph.ts';
import { maskEnvironment } from '../../src/protocol/secrets.ts';
import type { ProcessDetails, ProcessHealth, ProcessSettings } from '../../src/protocol/types.ts';
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

/** The settings getAllConfigInfo lacks, for the dashboard's details view; secrets masked here, before they leave. */
export function processSettings(sv: Supervisor, p: ManagedProcess): ProcessSettings {
  const c = p.config;
  const hc = c.healthcheck;
  const nodes = sv.allProcesses('lexical').map((q) => ({ group: q.groupName, name: q.name, program: q.config.program_name, depends_on: q.config.depends_on }));
  const self = nodes.find((n) => n.group === p.groupName && n.name === p.name);
  return {
    user: c.user ?? '',
    environment: maskEnvironment(c.environment),
    env_file: c.env_file.map((f) => (f.optional ? `-${f.path}` : f.path)),
    autorestart: c.autorestart === 'unexpected' ? 'unexpected' : c.autorestart ? 'true' : 'false',
    stopsignal: c.stopsignal,
    stopasgroup: c.stopasgroup,
    killasgroup: c.killasgroup,
    memory_limit: c.memory_limit ?? 0,
    memory_limit_interval: c.memory_limit_interval,
    backoff_factor: c.backoff_factor ?? 0,
    backoff_max: c.backoff_max ?? 0,
    essential: c.essential,
    healthcheck_interval: hc?.interval ?? 0,
    healthcheck_timeout: hc?.timeout ?? 0,
    healthcheck_retries: hc?.retries ?? 0,
    healthcheck_start_period: hc?.start_period ?? 0,
    healthcheck_action: hc?.action ?? 'none',
    dependency_tree: self === undefined ? [] : dependencyTree(self, nodes).map((d) => ({ group: d.node.group, name: d.node.name, depth: d.depth, entry: d.entry })),
  };
}

const value = (h: ProcessHealth): XmlRpcValue => ({ ...h });

function detailsValue(d: ProcessDetails): XmlRpcValue {
  const s = d.settings;
  return { ...value(d) as Record<string, XmlRpcValue>, settings: { ...s, environment: { ...s.environment }, dependency_tree: s.dependency_tree.map((e) => ({ ...e })) } };
}

export const HEALTH_METHOD_DOCS: ReadonlyMap<string, string> = new Map([
  [
    'supervisortui.getAllHealth',
    ' Get the health of every process (supervisor-tui): health is none, starting, healthy or unhealthy\n\n        @return array result  An array of process health structs\n        ',
  ],
  [
    'supervisortui.getHealth',
    " Get the health of one process, and its settings beyond getAllConfigInfo (supervisor-tui): user, environment (secret values masked), autorestart, stopsignal, memory_limit, backoff, healthcheck settings and the dependency tree\n\n        @param string name  The name of the process (or 'group:name')\n        @return struct result  A process health struct with a 'settings' struct\n        ",
  ],
  [
    'supervisortui.getDependencies',
    " Everything a process depends on (depends_on, directly or not), in start order (supervisor-tui)\n\n        @param string name  The name of the process (or 'group:name')\n        @return array result  Namespecs, dependencies first\n        ",
  ],
]);

export function healthMethods(sv: Supervisor): [string, MethodSpec][] {
  return [
    ['supervisortui.getAllHealth', method([], () => sv.allProcesses('lexical').map((p) => value(processHealth(sv, p))))],
    ['supervisortui.getHealth', method(['string'], (name) => {
      const p = sv.getProcess(name);
      return detailsValue({ ...processHealth(sv, p), settings: processSettings(sv, p) });
    })],
    ['supervisortui.getDependencies', method(['string'], (name) => sv.deps.startOrder(sv.getProcess(name)).map((p) => p.namespec))],
  ];
}
