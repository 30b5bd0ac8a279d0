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

function member(v: { [key: string]: XmlRpcValue }, key: string): XmlRpcValue {
  const m = v[key];
  if (m === undefined) throw new ResultShapeError(`${METHOD} returned a struct without '${key}'`);
  return m;
}

export function asProcessHealth(v: XmlRpcValue): ProcessHealth {
  if (!isStruct(v)) throw new ResultShapeError(`${METHOD} returned something other than a struct`);
  const health = asString(METHOD, member(v, 'health'));
  if (!HEALTH_STATES.includes(health as HealthState)) throw new ResultShapeError(`${METHOD} returned an unknown health ${JSON.stringify(health)}`);
  return {
    name: asString(METHOD, member(v, 'name')),
    group: asString(METHOD, member(v, 'group')),
    health: health as HealthState,
    healthcheck: asString(METHOD, member(v, 'healthcheck')),
    failures: asNumber(METHOD, member(v, 'failures')),
    detail: asString(METHOD, member(v, 'detail')),
    last_check: asNumber(METHOD, member(v, 'last_check')),
    depends_on: asStringArray(METHOD, member(v, 'depends_on')),
    waiting_for: asStringArray(METHOD, member(v, 'waiting_for')),
    requires: v['requires'] === undefined ? [] : asStringArray(METHOD, v['requires']),
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
  return v.map(asProcessHealth);
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
