/**
 * Runs start/stop/restart/clear/signal on processes, a group or everything as supervisord's own
 * group calls do: processes of the same priority together, different priorities one after the
 * other (start ascending, stop descending). Reports progress per step and ends with
 * supervisorctl's wording of each result. Faults become messages, never exceptions.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import { formatClearResult, formatSignalResult, formatStartResult } from '../../src/ctl/format.ts';
import { Faults, RpcFault, faultString } from '../../src/protocol/faults.ts';
import { RUNNING_STATES, makeNamespec, splitNamespec } from '../../src/protocol/index.ts';
import type { Snapshot } from '../model.ts';
import type { PlannedStart } from '../../src/deps/start-plan.ts';
import { planBatches, startBatches } from '../plan.ts';
import type { Op, Target } from '../state.ts';
import { errorText } from '../../src/error-text.ts';

export interface ActionContext {
  client: SupervisorClient;
  snapshot(): Snapshot | null;
  /** This action's progress ("restarting: 4/9 started"). */
  progress(text: string): void;
  message(text: string, error: boolean): void;
  /** Refresh the table now (after each step, so progress is visible). */
  refresh(): void;
  /** A process's logs were cleared (the log pane restarts). */
  cleared?(namespec: string): void;
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

/** Run `call` on every process, batch after batch, the members of a batch at once. */
async function step(ctx: ActionContext, verb: string, batches: readonly (readonly string[])[], format: Formatter, call: (n: string) => Promise<unknown>): Promise<StepResult[]> {
  const total = batches.reduce((n, b) => n + b.length, 0);
  const results: StepResult[] = [];
  let done = 0;
  const show = (b: readonly string[]) => ctx.progress(total === 1 ? `${verb} ${b[0]}…` : `${verb} ${b.length === 1 ? b[0] : `${b.length} processes`} (${done}/${total} done)…`);
  for (const batch of batches) {
    show(batch);
    const settled = await Promise.all(
      batch.map(async (n) => {
        try {
          await call(n);
          return { line: success(n, format), ok: true };
        } catch (err) {
          return { line: describe(n, err, format), ok: false };
        } finally {
          done++;
        }
      }),
    );
    results.push(...settled);
    ctx.refresh();
  }
  return results;
}

function report(ctx: ActionContext, label: string, done: string, results: readonly StepResult[]): void {
  if (results.length === 0) return ctx.message(`${label}: nothing to do`, false);
  const failed = results.filter((r) => !r.ok);
  if (results.length === 1) return ctx.message(results[0]!.line, failed.length > 0);
  const ok = results.length - failed.length;
  const first = failed[0];
  ctx.message(first ? `${label}: ${ok} ${done}, ${failed.length} failed (${first.line})` : `${label}: ${ok} ${done}`, failed.length > 0);
}

const stopFormat: Formatter = (r) => formatSignalResult(r, 'stopped');

export function targetLabel(target: Target): string {
  return target.kind === 'group' ? target.name : target.kind === 'all' ? 'all' : target.names.length === 1 ? target.names[0]! : `${target.names.length} processes`;
}

const names = (plan: readonly (readonly PlannedStart[])[]): string[][] => plan.map((b) => b.map((p) => p.namespec));

export async function runOp(ctx: ActionContext, op: Op, target: Target): Promise<void> {
  const { client } = ctx;
  const snap = ctx.snapshot();
  const label = targetLabel(target);
  try {
    if (op === 'start') {
      report(ctx, label, 'started', await step(ctx, 'starting', names(startBatches(target, snap)), formatStartResult, (n) => client.startProcess(n, true)));
    } else if (op === 'stop') {
      report(ctx, label, 'stopped', await step(ctx, 'stopping', planBatches('stop', target, snap), stopFormat, (n) => client.stopProcess(n, true)));
    } else if (op === 'restart') {
      const single = target.kind === 'processes' && target.names.length === 1;
      const stops = planBatches('stop', target, snap)
        .map((b) => b.filter((n) => !single || isRunning(snap, n)))
        .filter((b) => b.length > 0);
      const stopped = await step(ctx, 'stopping', stops, stopFormat, (n) => client.stopProcess(n, true));
      const started = await step(ctx, 'starting', names(startBatches(target, snap, true)), formatStartResult, (n) => client.startProcess(n, true));
      report(ctx, label, 'restarted', [...stopped.filter((r) => !r.ok), ...started]);
    } else {
      const results = await step(ctx, 'clearing', planBatches('any', target, snap), formatClearResult, async (n) => {
        await client.clearProcessLogs(n);
        ctx.cleared?.(n);
      });
      report(ctx, label, 'cleared', results);
    }
  } catch (err) {
    ctx.message(errorText(err), true);
  }
}

function isRunning(snap: Snapshot | null, namespec: string): boolean {
  const p = snap?.infos.find((i) => makeNamespec(i.group, i.name) === namespec);
  return p ? RUNNING_STATES.has(p.statename) : true;
}

export async function runSignal(ctx: ActionContext, signal: string, target: Target): Promise<void> {
  const batches = planBatches('any', target, ctx.snapshot());
  const results = await step(ctx, `sending SIG${signal} to`, batches, (r) => formatSignalResult(r), (n) => ctx.client.signalProcess(n, signal));
  report(ctx, targetLabel(target), 'signalled', results);
}
