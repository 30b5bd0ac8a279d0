/**
 * XML-RPC method dispatch through an explicit table. A method name is looked up as a whole
 * key in a Map — never as a property path — so `supervisor.__proto__`, `system._private`
 * or `a.b.c` can only ever be UNKNOWN_METHOD (Supervisor's CVE-2017-11610 was the opposite).
 */
import { RpcFault } from '../../src/protocol/faults.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';

/**
 * What a parameter accepts. `wait` is an optional boolean defaulting to true (start/stop);
 * `signal` is a name or a number; `any` is passed through (checked by the method itself).
 */
export type ParamKind = 'string' | 'int' | 'boolean' | 'wait' | 'signal' | 'array' | 'any';

type ArgOf<K extends ParamKind> = K extends 'string'
  ? string
  : K extends 'int'
    ? number
    : K extends 'boolean' | 'wait'
      ? boolean
      : K extends 'signal'
        ? string | number
        : K extends 'array'
          ? XmlRpcValue[]
          : XmlRpcValue;

type ArgsOf<K extends readonly ParamKind[]> = { -readonly [I in keyof K]: ArgOf<K[I]> };

export type MethodResult = XmlRpcValue | Promise<XmlRpcValue>;

export interface MethodSpec {
  readonly params: readonly ParamKind[];
  /** False only for the calls Supervisor answers while shutting down (sendRemoteCommEvent, system.*). */
  readonly needsRunning: boolean;
  readonly invoke: (args: XmlRpcValue[]) => MethodResult;
}

/** Build a spec whose handler receives arguments already checked and typed. */
export function method<const K extends readonly ParamKind[]>(
  params: K,
  handler: (...args: ArgsOf<K>) => MethodResult,
  opts: { needsRunning?: boolean } = {},
): MethodSpec {
  return {
    params,
    needsRunning: opts.needsRunning ?? true,
    invoke: (args) => (handler as (...a: XmlRpcValue[]) => MethodResult)(...args),
  };
}

export type MethodTable = ReadonlyMap<string, MethodSpec>;

function accepts(kind: ParamKind, v: XmlRpcValue): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
    case 'wait':
      return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
    case 'signal':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
    case 'array':
      return Array.isArray(v);
    case 'any':
      return true;
  }
}

/** Arity and types as Python's call would reject them (TypeError → INCORRECT_PARAMETERS). */
export function checkArgs(params: readonly ParamKind[], given: readonly XmlRpcValue[]): XmlRpcValue[] {
  const required = params.filter((k) => k !== 'wait').length;
  if (given.length < required || given.length > params.length) throw RpcFault.of('INCORRECT_PARAMETERS');
  const args: XmlRpcValue[] = [];
  params.forEach((kind, i) => {
    const v = given[i];
    if (v === undefined) {
      args.push(true); // only a trailing `wait` can be missing
      return;
    }
    if (!accepts(kind, v)) throw RpcFault.of('INCORRECT_PARAMETERS');
    args.push(kind === 'boolean' || kind === 'wait' ? Boolean(v) : v);
  });
  return args;
}

export interface Dispatcher {
  /** Resolves to the method's value; rejects with RpcFault (or another Error: an internal failure). */
  call(methodName: string, params: readonly XmlRpcValue[]): Promise<XmlRpcValue>;
  readonly names: readonly string[];
}

/** `accepting()` is false while supervisord restarts or shuts down: supervisor.* calls then fault. */
export function createDispatcher(table: MethodTable, accepting: () => boolean): Dispatcher {
  const names = [...table.keys()].sort();
  return {
    names,
    async call(methodName, params) {
      const spec = table.get(methodName);
      if (spec === undefined) throw RpcFault.of('UNKNOWN_METHOD');
      const args = checkArgs(spec.params, params);
      if (spec.needsRunning && !accepting()) throw RpcFault.of('SHUTDOWN_STATE');
      return await spec.invoke(args);
    },
  };
}
