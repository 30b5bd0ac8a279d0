/**
 * The dashboard's effects over a fleet: actions split per server and run on every server at once
 * (each server's results on its own line), `:` commands through the fleet CLI, `:ctx` and
 * `:rolling-restart`.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import type { Connect } from '../../src/ctl/context.ts';
import { formatStartResult, formatSignalResult } from '../../src/ctl/format.ts';
import type { Fleet } from '../../src/fleet/types.ts';
import { Secrets } from '../../src/fleet/load.ts';
import { errorText } from '../../src/error-text.ts';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { splitNamespec } from '../../src/protocol/namespec.ts';
import { runOp, runSignal, type ActionContext } from '../effects/actions.ts';
import { refuseCommand, splitWords } from '../effects/commands.ts';
import { sanitizeLine } from '../format.ts';
import type { Action, Effect, Op, Target, ViewState } from '../state.ts';
import type { FleetMember } from './model.ts';
import { parseRollingArgs, planRolling, splitTarget } from './targets.ts';


/** Fleet actions show among the running actions in the footer, under one id of their own. */
const FLEET_JOB = -1;
function progress(deps: FleetDeps, text: string | null): void {
  if (text === null) return deps.dispatch({ type: 'jobEnd', id: FLEET_JOB });
  const running = deps.state().jobs.some((j) => j.id === FLEET_JOB);
  deps.dispatch(running ? { type: 'jobProgress', id: FLEET_JOB, text } : { type: 'jobStart', id: FLEET_JOB, label: 'fleet', text });
}

export interface FleetDeps {
  fleet: Fleet;
  clients: ReadonlyMap<string, SupervisorClient>;
  members(): readonly FleetMember[];
  /** Refresh one server now (after an action on it). */
  refresh(server: string): void;
  /** Other contexts of the servers file (for `:ctx`), and the switch to one. */
  contexts: readonly string[];
  switchContext(name: string): void;
  connect: Connect;
  dispatch(a: Action): void;
  state(): ViewState;
}

/** Lines from every server: one as a message, several as the output overlay. */
function show(deps: FleetDeps, title: string, lines: readonly string[], failed: boolean): void {
  if (lines.length === 0) return;
  if (lines.length === 1) deps.dispatch({ type: 'message', text: lines[0]!, error: failed });
  else deps.dispatch({ type: 'output', title, lines });
}

async function perServer(deps: FleetDeps, target: Target, run: (ctx: ActionContext, t: Target) => Promise<void>): Promise<{ lines: string[]; failed: boolean }> {
  const split = splitTarget(target, deps.fleet.servers.map((s) => s.name));
  const lines = new Map<string, string[]>();
  let failed = false;
  await Promise.all(
    [...split].map(async ([server, t]) => {
      const client = deps.clients.get(server);
      const member = deps.members().find((m) => m.name === server);
      if (!client || !member) return;
      const mine: string[] = [];
      lines.set(server, mine);
      const ctx: ActionContext = {
        client,
        snapshot: () => deps.members().find((m) => m.name === server)?.snapshot ?? null,
        progress: (text) => progress(deps, `${server}: ${text}`),
        message: (text, error) => {
          mine.push(`${server}: ${text}`);
          failed ||= error;
        },
        refresh: () => deps.refresh(server),
      };
      await run(ctx, t);
    }),
  );
  progress(deps, null);
  return { lines: deps.fleet.servers.flatMap((s) => lines.get(s.name) ?? []), failed };
}

export async function runFleetOp(deps: FleetDeps, op: Op, target: Target): Promise<void> {
  const { lines, failed } = await perServer(deps, target, (ctx, t) => runOp(ctx, op, t));
  show(deps, `${op}: per server`, lines, failed);
}

export async function runFleetSignal(deps: FleetDeps, signal: string, target: Target): Promise<void> {
  const { lines, failed } = await perServer(deps, target, (ctx, t) => runSignal(ctx, signal, t));
  show(deps, `SIG${signal}: per server`, lines, failed);
}

/** One process restarted: stopped (if running) then started, waiting for RUNNING; the failure's line or null. */
async function restartOne(client: SupervisorClient, namespec: string): Promise<string | null> {
  const [group, name] = splitNamespec(namespec);
  try {
    await client.stopProcess(namespec, true);
  } catch (err) {
    if (!(err instanceof RpcFault && err.faultCode === Faults.NOT_RUNNING)) {
      return err instanceof RpcFault ? formatSignalResult({ group, name, status: err.faultCode, description: err.faultString }, 'stopped') : `${namespec}: ERROR (${errorText(err)})`;
    }
  }
  try {
    await client.startProcess(namespec, true);
    return null;
  } catch (err) {
    if (!(err instanceof RpcFault)) return `${namespec}: ERROR (${errorText(err)})`;
    try {
      return formatStartResult({ group, name, status: err.faultCode, description: err.faultString });
    } catch {
      return `${namespec}: ERROR (${err.faultString})`;
    }
  }
}

/**
 * Restarts the named processes one server (or batch of servers) at a time; the next batch starts
 * only when every process of this one is RUNNING again (startProcess with wait returns once
 * startsecs have passed). Stops at the first failure and says where.
 */
export async function rollingRestart(deps: FleetDeps, words: readonly string[]): Promise<void> {
  const args = parseRollingArgs(words);
  if ('error' in args) return deps.dispatch({ type: 'message', text: args.error, error: true });
  const plan = planRolling(deps.members(), args.names, args.batch);
  if (plan.batches.length === 0) return deps.dispatch({ type: 'message', text: plan.errors[0] ?? 'rolling-restart: nothing matched', error: true });
  const done: string[] = [];
  const servers = plan.batches.flat().length;
  let count = 0;
  for (let b = 0; b < plan.batches.length; b++) {
    const batch = plan.batches[b]!;
    progress(deps, `rolling restart: ${batch.map((s) => s.server).join(', ')} (${count + 1}/${servers})…`);
    const failures = await Promise.all(
      batch.map(async (step) => {
        const client = deps.clients.get(step.server)!;
        for (const n of step.names) {
          const failure = await restartOne(client, n);
          deps.refresh(step.server);
          if (failure !== null) return `${step.server}: ${failure}`;
        }
        return null;
      }),
    );
    count += batch.length;
    const failed = failures.filter((f): f is string => f !== null);
    if (failed.length > 0) {
      const left = plan.batches.slice(b + 1).flat().map((s) => s.server);
      progress(deps, null);
      const lines = [
        `rolling restart stopped at ${failed[0]!}`,
        ...failed.slice(1),
        `done: ${done.length > 0 ? done.join(', ') : 'none'}${left.length > 0 ? ` · not restarted: ${left.join(', ')}` : ''}`,
      ];
      return deps.dispatch({ type: 'output', title: 'rolling restart', lines });
    }
    done.push(...batch.map((s) => s.server));
  }
  progress(deps, null);
  const n = plan.batches.flat().reduce((k, s) => k + s.names.length, 0);
  deps.dispatch({ type: 'message', text: `rolling restart: ${n} processes on ${servers} server${servers === 1 ? '' : 's'} restarted (${done.join(', ')})`, error: false });
}

/** `:` over a fleet: `ctx`, `rolling-restart`, else the command on every server (the CLI's fleet code). */
export async function runFleetCommand(deps: FleetDeps, line: string, readonly: boolean): Promise<void> {
  const words = splitWords(line);
  const [cmd, ...rest] = words;
  if (cmd === 'ctx') {
    if (rest.length === 0) {
      const lines = deps.contexts.map((c) => `${c === deps.fleet.context ? '*' : ' '} ${c}`);
      return deps.dispatch({ type: 'output', title: 'contexts (:ctx NAME switches)', lines: lines.length > 0 ? lines : ['no contexts in the servers file'] });
    }
    if (!deps.contexts.includes(rest[0]!)) return deps.dispatch({ type: 'message', text: `ctx: no context ${rest[0]!} (${deps.contexts.join(', ')})`, error: true });
    return deps.switchContext(rest[0]!);
  }
  if (cmd === 'rolling-restart') {
    if (readonly) return deps.dispatch({ type: 'message', text: 'read-only: rolling-restart is disabled', error: true });
    return rollingRestart(deps, rest);
  }
  const refused = refuseCommand(words, readonly);
  if (refused) return deps.dispatch({ type: 'message', text: refused, error: true });
  progress(deps, `running ${line} on ${deps.fleet.servers.length} servers…`);
  const { runFleetLine } = await import('../../src/ctl/fleet/run.ts');
  const { NO_TERMINAL } = await import('../../src/ctl/context.ts');
  let text = '';
  const output = { write: (t: string) => void (text += t), writeErr: (t: string) => void (text += t) };
  const code = await runFleetLine(deps.fleet, line, { output, terminal: NO_TERMINAL, connect: deps.connect, color: false }, new Secrets());
  progress(deps, null);
  const lines = text.split('\n').map(sanitizeLine);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  show(deps, `:${line}`, lines.length > 0 ? lines : [`${cmd}: done`], code === 1 || code === 2);
  for (const s of deps.fleet.servers) deps.refresh(s.name);
}

/** The effects that differ over a fleet; false for those the one-server code runs unchanged (quit, redraw). */
export async function runFleetEffect(deps: FleetDeps, e: Effect, readonly: boolean): Promise<boolean> {
  switch (e.kind) {
    case 'op':
      await runFleetOp(deps, e.op, e.target);
      return true;
    case 'signal':
      await runFleetSignal(deps, e.signal, e.target);
      return true;
    case 'command':
      await runFleetCommand(deps, e.line, readonly);
      return true;
    case 'reread':
    case 'update':
      deps.dispatch({ type: 'message', text: 'over many servers use :reread and :update (every server, or NAME@SERVER)', error: true });
      return true;
    default:
      return false;
  }
}
