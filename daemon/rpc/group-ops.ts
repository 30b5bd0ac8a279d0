/**
 * Group/all operations (Supervisor's make_allfunc): call a per-process method on every process
 * the predicate selects; synchronous outcomes come first in process order, then deferred ones
 * in the order they complete (compat §5.3).
 */
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import type { ProcessResult } from '../../src/protocol/types.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';

/** What a result struct names. */
export interface NamedProcess {
  readonly name: string;
  readonly groupName: string;
  readonly namespec: string;
}

/** A per-process call: a plain value when it finished at once, a Promise when it is deferred. */
export type PerProcessCall = (namespec: string) => XmlRpcValue | Promise<XmlRpcValue>;

/** The result struct of one process: OK, or the fault it got. Other errors propagate. */
export function resultFor(proc: NamedProcess, err?: unknown): ProcessResult {
  if (err === undefined) return { name: proc.name, group: proc.groupName, status: Faults.SUCCESS, description: 'OK' };
  if (err instanceof RpcFault) return { name: proc.name, group: proc.groupName, status: err.faultCode, description: err.faultString };
  throw err;
}

export async function forEachProcess<P extends NamedProcess>(
  procs: readonly P[],
  predicate: (p: P) => boolean,
  call: PerProcessCall,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  const deferred: Promise<void>[] = [];
  for (const proc of procs) {
    if (!predicate(proc)) continue;
    let outcome: XmlRpcValue | Promise<XmlRpcValue>;
    try {
      outcome = call(proc.namespec);
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

/** ProcessResult[] as the XML-RPC array of structs it travels as. */
export function resultsValue(results: readonly ProcessResult[]): XmlRpcValue {
  return results.map((r) => ({ name: r.name, group: r.group, status: r.status, description: r.description }));
}
