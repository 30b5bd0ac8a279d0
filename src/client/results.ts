/**
 * Checks that a decoded XML-RPC value has the shape a supervisor.* method promises, so callers get
 * typed results or one clear error naming the method — never an undefined deep in a renderer.
 */
import { RpcFault } from '../protocol/faults.ts';
import { ProcessStates, SupervisorStates } from '../protocol/states.ts';
import type { ConfigInfo, ProcessInfo, ProcessResult, ReloadDiff, SupervisorStateInfo, TailResult } from '../protocol/types.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';

export class ResultShapeError extends Error {
  override readonly name = 'ResultShapeError';
}

type Struct = { [key: string]: XmlRpcValue };
export type Kind = 'string' | 'number' | 'boolean';

function describe(v: XmlRpcValue): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'array';
  if (Buffer.isBuffer(v)) return 'base64';
  if (v instanceof Date) return 'dateTime';
  return typeof v === 'object' ? 'struct' : typeof v;
}

export function fail(method: string, expected: string, got: XmlRpcValue): never {
  throw new ResultShapeError(`${method} returned ${describe(got)} where ${expected} was expected`);
}

export function isStruct(v: XmlRpcValue): v is Struct {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

export function asString(method: string, v: XmlRpcValue): string {
  return typeof v === 'string' ? v : fail(method, 'string', v);
}

export function asNumber(method: string, v: XmlRpcValue): number {
  return typeof v === 'number' ? v : fail(method, 'int', v);
}

export function asBoolean(method: string, v: XmlRpcValue): boolean {
  return typeof v === 'boolean' ? v : fail(method, 'boolean', v);
}

export function asArray(method: string, v: XmlRpcValue): XmlRpcValue[] {
  return Array.isArray(v) ? v : fail(method, 'array', v);
}

export function asStringArray(method: string, v: XmlRpcValue): string[] {
  return asArray(method, v).map((x) => asString(method, x));
}

export function asStructWith<T>(method: string, v: XmlRpcValue, keys: Readonly<Record<string, Kind>>): T {
  if (!isStruct(v)) fail(method, 'struct', v);
  for (const key of Object.keys(keys)) {
    const member = v[key];
    if (member === undefined) throw new ResultShapeError(`${method} returned a struct without '${key}'`);
    if (typeof member !== keys[key]) fail(`${method} (member '${key}')`, keys[key] as string, member);
  }
  return v as T;
}

/** Each ProcessInfo field's XML-RPC kind (the feed's change lines check their fields against it too). */
export const PROCESS_INFO: Record<keyof ProcessInfo, Kind> = {
  name: 'string',
  group: 'string',
  start: 'number',
  stop: 'number',
  now: 'number',
  state: 'number',
  statename: 'string',
  spawnerr: 'string',
  exitstatus: 'number',
  logfile: 'string',
  stdout_logfile: 'string',
  stderr_logfile: 'string',
  pid: 'number',
  description: 'string',
};

const PROCESS_RESULT: Record<keyof ProcessResult, Kind> = { name: 'string', group: 'string', status: 'number', description: 'string' };
const STATE_INFO: Record<keyof SupervisorStateInfo, Kind> = { statecode: 'number', statename: 'string' };
// The members whose type does not vary; uid, directory and the logfiles may be 'none'/'auto'.
const CONFIG_INFO: Partial<Record<keyof ConfigInfo, Kind>> = { name: 'string', group: 'string', inuse: 'boolean', autostart: 'boolean', command: 'string' };

/** statename is typed as one of the known names: a server sending another is answering off-protocol. */
function knownStateName(method: string, name: string, states: Readonly<Record<string, number>>): void {
  if (!Object.hasOwn(states, name)) throw new ResultShapeError(`${method} returned an unknown state name ${JSON.stringify(name)}`);
}

export function asProcessInfo(method: string, v: XmlRpcValue): ProcessInfo {
  const info = asStructWith<ProcessInfo>(method, v, PROCESS_INFO);
  knownStateName(method, info.statename, ProcessStates);
  return info;
}

export function asProcessInfos(method: string, v: XmlRpcValue): ProcessInfo[] {
  return asArray(method, v).map((x) => asProcessInfo(method, x));
}

export function asProcessResults(method: string, v: XmlRpcValue): ProcessResult[] {
  return asArray(method, v).map((x) => asStructWith<ProcessResult>(method, x, PROCESS_RESULT));
}

export function asStateInfo(method: string, v: XmlRpcValue): SupervisorStateInfo {
  const info = asStructWith<SupervisorStateInfo>(method, v, STATE_INFO);
  knownStateName(method, info.statename, SupervisorStates);
  return info;
}

export function asConfigInfos(method: string, v: XmlRpcValue): ConfigInfo[] {
  return asArray(method, v).map((x) => asStructWith<ConfigInfo>(method, x, CONFIG_INFO as Record<string, Kind>));
}

/** reloadConfig's `[[added, changed, removed]]`. */
export function asReloadDiff(method: string, v: XmlRpcValue): ReloadDiff {
  const outer = asArray(method, v);
  const inner = asArray(method, outer[0] ?? fail(method, '[[added, changed, removed]]', v));
  const [added, changed, removed] = inner;
  if (added === undefined || changed === undefined || removed === undefined) fail(method, '[[added, changed, removed]]', v);
  return { added: asStringArray(method, added), changed: asStringArray(method, changed), removed: asStringArray(method, removed) };
}

export function asTailResult(method: string, v: XmlRpcValue): TailResult {
  const [data, offset, overflow] = asArray(method, v);
  if (data === undefined || offset === undefined || overflow === undefined) fail(method, '[string, int, boolean]', v);
  return [asString(method, data), asNumber(method, offset), asBoolean(method, overflow)];
}

/**
 * One system.multicall entry. Supervisor returns each result unwrapped, so a fault is recognised
 * only as a struct of exactly faultCode:int and faultString:string.
 */
export function multicallEntry(v: XmlRpcValue): XmlRpcValue | RpcFault {
  if (isStruct(v)) {
    const keys = Object.keys(v);
    const code = v['faultCode'];
    const str = v['faultString'];
    if (keys.length === 2 && typeof code === 'number' && typeof str === 'string') return new RpcFault(code, str);
  }
  return v;
}
