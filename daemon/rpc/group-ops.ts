/**
 * Group/all operations (Supervisor's make_allfunc): call a per-process method on every process
 * the predicate selects; synchronous outcomes come first in process order, then deferred ones
 * in the order they complete (compat §5.3).
 */
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import type { ProcessResult } from '../../src/protocol/types.ts';
import { makeNamespec } from '../../src/protocol/namespec.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import type { RpcProcess } from './engine-port.ts';

/** A per-process call: a plain value when it finished at once, a Promise when it is deferred. */
export type PerProcessCall = (namespec: string) => XmlRpcValue | Promise<XmlRpcValue>;

function resultFor(proc: RpcProcess, err?: unknown): ProcessResult {
  if (err === undefined) return { name: proc.name, group: proc.group, status: Faults.SUCCESS, description: 'OK' };
  if (err instanceof RpcFault) return { name: proc.name, group: proc.group, status: err.faultCode, description: err.faultString };
  throw err;
}

export async function forEachProcess(
  procs: readonly RpcProcess[],
  predicate: (p: RpcProcess) => boolean,
  call: PerProcessCall,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  const deferred: Promise<void>[] = [];
  for (const proc of procs) {
    if (!predicate(proc)) continue;
    let outcome: XmlRpcValue | Promise<XmlRpcValue>;
    try {
      outcome = call(makeNamespec(proc.group, proc.name));
    } catch (err) {
      results.push(resultFor(proc, err));
      continue;
    }
    if (outcome instanceof Promise) {
      deferred.push(
        outcome.then(
          () => void results.push(resultFor(proc)),
          (err: unknown) => void results.push(resultFor(proc, err)),
        ),
      );
    } else {
      results.push(resultFor(proc));
    }
  }
  await Promise.all(deferred);
  return results;
}

/** ProcessResult as the XML-RPC struct it travels as. */
export function resultsValue(results: readonly ProcessResult[]): XmlRpcValue {
  return results.map((r) => ({ name: r.name, group: r.group, status: r.status, description: r.description }));
}

export const PENDING = Symbol('pending');

/**
 * Resolve when `check` returns a value (or reject when it throws), re-checking on every engine
 * state change and every 50 ms, as Supervisor's deferred callbacks poll. Never blocks the loop.
 */
export function settle<T>(subscribe: (listener: () => void) => () => void, check: () => T | typeof PENDING): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unsubscribe = (): void => {};
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      unsubscribe();
      if (timer !== undefined) clearInterval(timer);
    };
    const probe = (): void => {
      let v: T | typeof PENDING;
      try {
        v = check();
      } catch (err) {
        finish();
        reject(err);
        return;
      }
      if (v !== PENDING) {
        finish();
        resolve(v);
      }
    };
    unsubscribe = subscribe(probe);
    timer = setInterval(probe, 50);
    probe();
  });
}
