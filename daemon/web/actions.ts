/**
 * What the status page's forms do. Per-process and "all" actions keep Supervisor's messages
 * (compat §6.7); group and all actions run over the engine's priority order through the RPC
 * layer's forEachProcess: start ascending, stop descending, restart = stop then start.
 * Every call goes through the RPC dispatcher, so faults and waiting behave as over XML-RPC.
 */
import { faultName, Faults, RpcFault } from '../../src/protocol/faults.ts';
import { makeNamespec } from '../../src/protocol/namespec.ts';
import { RUNNING_STATES } from '../../src/protocol/states.ts';
import type { ProcessResult } from '../../src/protocol/types.ts';
import type { HttpContext, PrioritizedProcess } from '../http/types.ts';
import { forEachProcess } from '../rpc/group-ops.ts';

const FAULT_WORDS: Readonly<Record<string, string>> = {
  BAD_NAME: 'no such process',
  NO_FILE: 'no such file',
  NOT_EXECUTABLE: 'file not executable',
  ALREADY_STARTED: 'already started',
  SPAWN_ERROR: 'spawn error',
  ABNORMAL_TERMINATION: 'abnormal termination',
  NOT_RUNNING: 'not running',
};

function words(code: number, text: string): string {
  return FAULT_WORDS[faultName(code)] ?? `unexpected rpc fault [${code}] ${text}`;
}

export const ACTIONS = ['start', 'stop', 'restart', 'clearlog', 'startgroup', 'stopgroup', 'restartgroup', 'stopall', 'restartall', 'refresh'] as const;
export type Action = (typeof ACTIONS)[number];

export function isAction(s: string): s is Action {
  return (ACTIONS as readonly string[]).includes(s);
}

type Direction = 'start' | 'stop';

/** Start (ascending, not-running ones) or stop (descending, running ones) a set of processes, waiting for each. */
function runOrdered(ctx: HttpContext, procs: readonly PrioritizedProcess[], direction: Direction): Promise<ProcessResult[]> {
  const method = direction === 'start' ? 'supervisor.startProcess' : 'supervisor.stopProcess';
  const ordered = direction === 'start' ? procs : [...procs].reverse();
  const wanted = (p: PrioritizedProcess): boolean => RUNNING_STATES.has(p.state) === (direction === 'stop');
  return forEachProcess(ordered, wanted, (ns) => ctx.dispatcher.call(method, [ns, true]));
}

/** `what` done, or the failures one per process. */
function resultMessage(what: string, done: string, results: readonly ProcessResult[]): string {
  const failed = results.filter((r) => r.status !== Faults.SUCCESS);
  if (failed.length === 0) return `${what} ${done}`;
  const each = failed.map((r) => `${makeNamespec(r.group, r.name)}: ${words(r.status, r.description)}`);
  return `ERROR: ${what}: ${each.join('; ')}`;
}

async function groupAction(ctx: HttpContext, action: 'startgroup' | 'stopgroup' | 'restartgroup', group: string): Promise<string> {
  const current = (): readonly PrioritizedProcess[] | null => ctx.priorityOrder(group);
  const procs = current();
  if (procs === null) return `No such group named ${group}`;
  const what = `Group ${group}`;
  if (action === 'startgroup') return resultMessage(what, 'started', await runOrdered(ctx, procs, 'start'));
  if (action === 'stopgroup') return resultMessage(what, 'stopped', await runOrdered(ctx, procs, 'stop'));
  const stopped = await runOrdered(ctx, procs, 'stop');
  const started = await runOrdered(ctx, current() ?? [], 'start');
  return resultMessage(what, 'restarted', [...stopped, ...started]);
}

async function allAction(ctx: HttpContext, action: 'stopall' | 'restartall', now: string): Promise<string> {
  const all = (): readonly PrioritizedProcess[] => ctx.priorityOrder(null) ?? [];
  const stopped = await runOrdered(ctx, all(), 'stop');
  if (action === 'stopall') return resultMessage('All', `stopped at ${now}`, stopped);
  const started = await runOrdered(ctx, all(), 'start');
  return resultMessage('All', `restarted at ${now}`, [...stopped, ...started]);
}

async function processAction(ctx: HttpContext, action: 'start' | 'stop' | 'restart' | 'clearlog', ns: string): Promise<string> {
  const call = (m: string, p: (string | boolean)[]): Promise<unknown> => ctx.dispatcher.call(m, p);
  try {
    switch (action) {
      case 'start':
        await call('supervisor.startProcess', [ns, true]);
        return `Process ${ns} started`;
      case 'stop':
        await call('supervisor.stopProcess', [ns, true]);
        return `Process ${ns} stopped`;
      case 'restart':
        await call('supervisor.stopProcess', [ns, true]).catch((err: unknown) => {
          if (!(err instanceof RpcFault && err.faultCode === Faults.NOT_RUNNING)) throw err;
        });
        await call('supervisor.startProcess', [ns, true]);
        return `Process ${ns} restarted`;
      case 'clearlog':
        await call('supervisor.clearProcessLogs', [ns]);
        return `Log for ${ns} cleared`;
    }
  } catch (err) {
    if (!(err instanceof RpcFault)) throw err;
    if (err.faultCode === Faults.BAD_NAME) return `No such process named ${ns}`;
    return `ERROR: Process ${ns}: ${words(err.faultCode, err.faultString)}`;
  }
}

/** Performs one form action and returns the message shown on the next view. */
export async function runAction(ctx: HttpContext, action: Action, target: string, now: Date = new Date()): Promise<string> {
  const ctime = now.toString();
  switch (action) {
    case 'refresh':
      return `Page refreshed at ${ctime}`;
    case 'stopall':
    case 'restartall':
      return allAction(ctx, action, ctime);
    case 'startgroup':
    case 'stopgroup':
    case 'restartgroup':
      return groupAction(ctx, action, target);
    default:
      return processAction(ctx, action, target);
  }
}
