/** The system.* namespace (compat §5.6): introspection over the method table, and multicall. */
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import { method, type Dispatcher, type MethodSpec } from './dispatch.ts';
import { METHOD_DOCS } from './method-docs.ts';

/** `[returnType, paramType…]` from a docstring's `@return type …` and `@param type …` tags. */
export function signatureFromDoc(doc: string): string[] | null {
  let returns: string | null = null;
  const params: string[] = [];
  for (const raw of doc.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('@')) continue;
    const [tag, type] = line.split(/\s+/);
    if (tag === '@return') returns = type ?? '';
    else if (tag === '@param') params.push(type ?? '');
  }
  return returns === null ? null : [returns, ...params];
}

function faultStruct(err: unknown): XmlRpcValue {
  if (err instanceof RpcFault) return { faultCode: err.faultCode, faultString: err.faultString };
  const msg = err instanceof Error ? `${err.name}:${err.message}` : String(err);
  return { faultCode: Faults.FAILED, faultString: `FAILED: ${msg}` };
}

function isStruct(v: XmlRpcValue): v is { [key: string]: XmlRpcValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);
}

async function runOne(dispatcher: Dispatcher, call: XmlRpcValue): Promise<XmlRpcValue> {
  if (!isStruct(call)) throw RpcFault.of('INCORRECT_PARAMETERS', 'No methodName');
  const name = Object.hasOwn(call, 'methodName') ? call['methodName'] : undefined;
  if (typeof name !== 'string') throw RpcFault.of('INCORRECT_PARAMETERS', 'No methodName');
  if (name === 'system.multicall') throw RpcFault.of('INCORRECT_PARAMETERS', 'Recursive system.multicall forbidden');
  const params = Object.hasOwn(call, 'params') ? call['params'] : [];
  if (!Array.isArray(params)) throw RpcFault.of('INCORRECT_PARAMETERS');
  return await dispatcher.call(name, params);
}

/**
 * Runs the calls one after another (a deferred call holds back the next, as in Supervisor);
 * each result is the bare value, or a fault struct.
 */
export async function multicall(dispatcher: Dispatcher, calls: XmlRpcValue[]): Promise<XmlRpcValue[]> {
  const results: XmlRpcValue[] = [];
  for (const call of calls) {
    try {
      results.push(await runOne(dispatcher, call));
    } catch (err) {
      results.push(faultStruct(err));
    }
  }
  return results;
}

/**
 * `getDispatcher` is late-bound: the dispatcher is built from a table that includes these methods.
 * `docs` holds every method's help text (4.2.5's, plus those of our own namespaces).
 */
export function systemMethods(getDispatcher: () => Dispatcher, docs: ReadonlyMap<string, string> = METHOD_DOCS): [string, MethodSpec][] {
  const help = (name: string): string => {
    const doc = getDispatcher().names.includes(name) ? docs.get(name) : undefined;
    if (doc === undefined) throw RpcFault.of('SIGNATURE_UNSUPPORTED');
    return doc;
  };
  const free = { needsRunning: false };
  return [
    ['system.listMethods', method([], () => [...getDispatcher().names], free)],
    ['system.methodHelp', method(['string'], (name) => help(name), free)],
    [
      'system.methodSignature',
      method(
        ['string'],
        (name) => {
          const sig = signatureFromDoc(help(name));
          if (sig === null) throw RpcFault.of('SIGNATURE_UNSUPPORTED');
          return sig;
        },
        free,
      ),
    ],
    ['system.multicall', method(['array'], (calls) => multicall(getDispatcher(), calls), free)],
  ];
}
