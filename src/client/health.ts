/**
 * Our health/dependency method (supervisortui.getAllHealth) with checked decoding. A server
 * without it — the real supervisord answers UNKNOWN_METHOD — has "no health": null, not an error.
 */
import { Faults, RpcFault } from '../protocol/faults.ts';
import { HEALTH_STATES, type DependencyTreeEntry, type HealthState, type ProcessDetails, type ProcessHealth, type ProcessSettings } from '../protocol/types.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';
import { asArray, asNumber, asString, asStringArray, asStructWith, isStruct, ResultShapeError, type Kind } from './results.ts';
import type { SupervisorClient } from './types.ts';

const METHOD = 'supervisortui.getAllHealth';

/** A health struct, checked; `where` names the answer in errors (a method, or the feed). */
export function asProcessHealth(v: XmlRpcValue, where: string = METHOD): ProcessHealth {
  if (!isStruct(v)) throw new ResultShapeError(`${where} returned something other than a struct`);
  const field = (key: string): XmlRpcValue => {
    const m = v[key];
    if (m === undefined) throw new ResultShapeError(`${where} returned a struct without '${key}'`);
    return m;
  };
  const health = asString(where, field('health'));
  if (!HEALTH_STATES.includes(health as HealthState)) throw new ResultShapeError(`${where} returned an unknown health ${JSON.stringify(health)}`);
  return {
    name: asString(where, field('name')),
    group: asString(where, field('group')),
    health: health as HealthState,
    healthcheck: asString(where, field('healthcheck')),
    failures: asNumber(where, field('failures')),
    detail: asString(where, field('detail')),
    last_check: asNumber(where, field('last_check')),
    depends_on: asStringArray(where, field('depends_on')),
    waiting_for: asStringArray(where, field('waiting_for')),
    ...(v['requires'] === undefined ? {} : { requires: asStringArray(where, v['requires']) }),
  };
}

/** Every process's health, or null when the server has no such method (a real supervisord). */
export async function fetchAllHealth(client: Pick<SupervisorClient, 'call'>): Promise<ProcessHealth[] | null> {
  let v: XmlRpcValue;
  try {
    v = await client.call(METHOD);
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === Faults.UNKNOWN_METHOD) return null;
    throw err;
  }
  if (!Array.isArray(v)) throw new ResultShapeError(`${METHOD} returned something other than an array`);
  return v.map((h) => asProcessHealth(h));
}

/** What `namespec` depends on (directly or not), dependencies first; [] when the server has no depends_on (a real supervisord). */
export async function fetchDependencies(client: Pick<SupervisorClient, 'call'>, namespec: string): Promise<string[]> {
  const method = 'supervisortui.getDependencies';
  let v: XmlRpcValue;
  try {
    v = await client.call(method, [namespec]);
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === Faults.UNKNOWN_METHOD) return [];
    throw err;
  }
  return asStringArray(method, v);
}

const SETTINGS: Record<Exclude<keyof ProcessSettings, 'environment' | 'env_file' | 'dependency_tree'>, Kind> = {
  user: 'string',
  autorestart: 'string',
  stopsignal: 'string',
  stopasgroup: 'boolean',
  killasgroup: 'boolean',
  memory_limit: 'number',
  memory_limit_interval: 'number',
  backoff_factor: 'number',
  backoff_max: 'number',
  essential: 'boolean',
  healthcheck_interval: 'number',
  healthcheck_timeout: 'number',
  healthcheck_retries: 'number',
  healthcheck_start_period: 'number',
  healthcheck_action: 'string',
};
const TREE_ENTRY: Record<keyof DependencyTreeEntry, Kind> = { group: 'string', name: 'string', depth: 'number', entry: 'string' };

function asSettings(method: string, v: XmlRpcValue): ProcessSettings {
  const s = asStructWith<Record<string, XmlRpcValue>>(method, v, SETTINGS);
  const autorestart = s['autorestart'];
  if (autorestart !== 'true' && autorestart !== 'false' && autorestart !== 'unexpected') throw new ResultShapeError(`${method} returned autorestart ${JSON.stringify(autorestart)}`);
  const env = s['environment'] ?? null;
  if (!isStruct(env)) throw new ResultShapeError(`${method} returned settings without an 'environment' struct`);
  const environment: Record<string, string> = {};
  for (const [k, val] of Object.entries(env)) environment[k] = asString(method, val);
  return {
    ...(s as unknown as ProcessSettings),
    environment,
    env_file: asStringArray(method, s['env_file'] ?? null),
    dependency_tree: asArray(method, s['dependency_tree'] ?? null).map((e) => asStructWith<DependencyTreeEntry>(method, e, TREE_ENTRY)),
  };
}

/** One process's health and settings (supervisortui.getHealth), or null from a server without it (a real supervisord). */
export async function fetchProcessDetails(client: Pick<SupervisorClient, 'call'>, namespec: string): Promise<ProcessDetails | null> {
  const method = 'supervisortui.getHealth';
  let v: XmlRpcValue;
  try {
    v = await client.call(method, [namespec]);
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === Faults.UNKNOWN_METHOD) return null;
    throw err;
  }
  const health = asProcessHealth(v);
  if (!isStruct(v) || v['settings'] === undefined) throw new ResultShapeError(`${method} returned a struct without 'settings'`);
  return { ...health, settings: asSettings(method, v['settings']) };
}
