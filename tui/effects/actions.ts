/**
 * Runs start/stop/restart/clear/signal on processes, a group or everything, one process at a time
 * in priority order (start ascending, stop descending), reporting per-process progress and ending
 * with supervisorctl's wording of each result. Faults become messages, never exceptions.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import { formatClearResult, formatSignalResult, formatStartResult } from '../../src/ctl/format.ts';
import { Faults, RpcFault, faultString } from '../../src/protocol/faults.ts';
import { RUNNING_STATES, makeNamespec, splitNamespec } from '../../src/protocol/index.ts';
import { priorityOf, type Snapshot } from '../model.ts';
import type { Op, Target } from '../state.ts';
import { errorText } from '../../src/error-text.ts';

export interface ActionContext {
  client: SupervisorClient;
  snapshot(): Snapshot | null;
  progress(text: string | null): void;
  message(text: string, error: boolean): void;
  /** Refresh the table now (after each step, so progress is visible). */
  refresh(): void;
  /** A process's logs were cleared (the log pane restarts). */
  cleared?(namespec: string): void;
}

/** Namespecs a target names, in priority order: ascending for start, descending for stop. Multi-process targets skip processes already in the wanted state. */
export function planOrder(direction: 'start' | 'stop' | 'any', target: Target, snap: Snapshot | null): string[] {
  const infos = snap?.infos ?? [];
  let names: string[];
  let multi = true;
  if (target.kind === 'processes') {
    names = [...target.names];
    multi = names.length > 1;
  } else if (target.kind === 'group') names = infos.filter((p) => p.group === target.name).map((p) => makeNamespec(p.group, p.name));
  else names = infos.map((p) => makeNamespec(p.group, p.name));
  const stateOf = new Map(infos.map((p) => [makeNamespec(p.group, p.name), p.statename]));
  if (multi && direction !== 'any') {
    names = names.filter((n) => {
      const st = stateOf.get(n);
      if (st === undefined) return true;
      return direction === 'start' ? !RUNNING_STATES.has(st) : RUNNING_STATES.has(st);
    });
  }
  const planned = names.map((namespec) => ({ namespec, pr: priorityOf(snap, namespec) }));
  planned.sort((a, b) => a.pr.group - b.pr.group || a.pr.process - b.pr.process || (a.namespec < b.namespec ? -1 : a.namespec > b.namespec ? 1 : 0));
  if (direction === 'stop') planned.reverse();
  return planned.map((p) => p.namespec);
}

type Formatter = (r: { group: string; name: string | null; status: number; description: string }) => string;

function describe(namespec: string, err: unknown, format: Formatter): string {
  if (!(err instanceof RpcFault)) return `${namespec}: ERROR (${errorText(err)})`;
  const [group, name] = splitNamespec(namespec);
  try {
    return format({ group, name, status: err.faultCode, description: err.faultString });
  } catch {
    return `${namespec}: ERROR (${faultString(err.faultCode).toLowerCase().replace(/_/g, ' ')})`;
  }
}

function success(namespec: string, format: Formatter): string {
  const [group, name] = splitNamespec(namespec);
  return format({ group, name, status: Faults.SUCCESS, description: 'OK' });
}

interface StepResult {
  line: string;
  ok: boolean;
}

async function step(ctx: ActionContext, verb: string, names: readonly string[], format: Formatter, call: (n: string) => Promise<unknown>): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    ctx.progress(`${verb} ${n}${names.length > 1 ? ` (${i + 1}/${names.length})` : ''}…`);
    try {
      await call(n);
      results.push({ line: success(n, format), ok: true });
    } catch (err) {
      results.push({ line: describe(n, err, format), ok: false });
    }
    ctx.refresh();
  }
  return results;
}

function report(ctx: ActionContext, label: string, done: string, results: readonly StepResult[]): void {
  ctx.progress(null);
  if (results.length === 0) return ctx.message(`${label}: nothing to do`, false);
  const failed = results.filter((r) => !r.ok);
  if (results.length === 1) return ctx.message(results[0]!.line, failed.length > 0);
  const ok = results.length - failed.length;
  const first = failed[0];
  ctx.message(first ? `${label}: ${ok} ${done}, ${failed.length} failed (${first.line})` : `${label}: ${ok} ${done}`, failed.length > 0);
}

const stopFormat: Formatter = (r) => formatSignalResult(r, 'stopped');

export async function runOp(ctx: ActionContext, op: Op, target: Target): Promise<void> {
  const { client } = ctx;
  const snap = ctx.snapshot();
  const label = target.kind === 'group' ? target.name : target.kind === 'all' ? 'all' : `${target.names.length} processes`;
  try {
    if (op === 'start') {
      const names = planOrder('start', target, snap);
      report(ctx, label, 'started', await step(ctx, 'starting', names, formatStartResult, (n) => client.startProcess(n, true)));
    } else if (op === 'stop') {
      const names = planOrder('stop', target, snap);
      report(ctx, label, 'stopped', await step(ctx, 'stopping', names, stopFormat, (n) => client.stopProcess(n, true)));
    } else if (op === 'restart') {
      const stops = planOrder('stop', target, snap).filter((n) => target.kind !== 'processes' || target.names.length > 1 || isRunning(snap, n));
      const stopped = await step(ctx, 'stopping', stops, stopFormat, (n) => client.stopProcess(n, true));
      const started = await step(ctx, 'starting', planOrder('any', target, snap), formatStartResult, (n) => client.startProcess(n, true));
      report(ctx, label, 'restarted', [...stopped.filter((r) => !r.ok), ...started]);
    } else {
      const names = planOrder('any', target, snap);
      const results = await step(ctx, 'clearing', names, formatClearResult, async (n) => {
        await client.clearProcessLogs(n);
        ctx.cleared?.(n);
      });
      report(ctx, label, 'cleared', results);
    }
  } catch (err) {
    ctx.progress(null);
    ctx.message(errorText(err), true);
  }
}

function isRunning(snap: Snapshot | null, namespec: string): boolean {
  const p = snap?.infos.find((i) => makeNamespec(i.group, i.name) === namespec);
  return p ? RUNNING_STATES.has(p.statename) : true;
}

export async function runSignal(ctx: ActionContext, signal: string, target: Target): Promise<void> {
  const names = planOrder('any', target, ctx.snapshot());
  const label = target.kind === 'group' ? target.name : target.kind === 'all' ? 'all' : `${names.length} processes`;
  const results = await step(ctx, `sending SIG${signal} to`, names, (r) => formatSignalResult(r), (n) => ctx.client.signalProcess(n, signal));
  report(ctx, label, 'signalled', results);
}
