/**
 * Our health/dependency method (supervisortui.getAllHealth) with checked decoding. A server
 * without it — the real supervisord answers UNKNOWN_METHOD — has "no health": null, not an error.
 */
import { Faults, RpcFault } from '../protocol/faults.ts';
import { HEALTH_STATES, type HealthState, type ProcessHealth } from '../protocol/types.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';
import { asNumber, asString, asStringArray, isStruct, ResultShapeError } from './results.ts';
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
