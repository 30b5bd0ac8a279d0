/**
 * The dashboard's effects over a fleet: actions split per server and run on every server at once
 * (each server's results on its own line), `:` commands through the fleet CLI, and
 * `:rolling-restart` (rolling.ts). `:ctx` is the dashboard's own (effects/run-effect.ts).
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import type { Connect } from '../../src/ctl/context.ts';
import type { Fleet } from '../../src/fleet/types.ts';
import { Secrets } from '../../src/fleet/load.ts';
import { runOp, runSignal, type ActionContext } from '../effects/actions.ts';
import { refuseCommand, splitWords } from '../effects/commands.ts';
import { sanitizeLine } from '../format.ts';
import type { Action, Effect, Op, Target, ViewState } from '../state.ts';
import type { FleetMember } from './model.ts';
import type { Jobs } from '../effects/jobs.ts';
import { rollingRestart } from './rolling.ts';
import { parseRollingArgs, splitTarget } from './targets.ts';


/** Fleet actions show among the running actions in the footer, under one id of their own. */
const FLEET_JOB = -1;
function progress(deps: FleetDeps, text: string | null): void {
  if (text === null) return deps.dispatch({ type: 'jobEnd', id: FLEET_JOB });
  const running = deps.state().jobs.some((j) => j.id === FLEET_JOB);
  deps.dispatch(running ? { type: 'jobProgress', id: FLEET_JOB, text } : { type: 'jobStart', id: FLEET_JOB, label: 'fleet', text });
}

export interface FleetDeps {
  fleet: Fleet;
  /** The servers' clients so far (one whose password_command has not answered is missing). */
  clients: ReadonlyMap<string, SupervisorClient>;
  members(): readonly FleetMember[];
  /** Refresh one server now (after an action on it). */
  refresh(server: string): void;
  connect: Connect;
  jobs: Jobs;
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
      const mine: string[] = [];
      lines.set(server, mine);
      if (!client || !member) {
        mine.push(`${server}: not connected${member?.conn.status === 'down' ? ` (${member.conn.error})` : ''}`);
        failed = true;
        return;
      }
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

/** `:` over a fleet: `rolling-restart`, else the command on every server (the CLI's fleet code). */
export async function runFleetCommand(deps: FleetDeps, line: string, readonly: boolean): Promise<void> {
  const words = splitWords(line);
  const [cmd, ...rest] = words;
  if (cmd === 'rolling-restart') {
    if (readonly) return deps.dispatch({ type: 'message', text: 'read-only: rolling-restart is disabled', error: true });
    const args = parseRollingArgs(rest);
    if ('error' in args) return deps.dispatch({ type: 'message', text: args.error, error: true });
    return rollingRestart(deps, args.names, args.batch);
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
    case 'rolling':
      if (readonly) deps.dispatch({ type: 'message', text: 'read-only: rolling-restart is disabled', error: true });
      else await rollingRestart(deps, e.names, e.batch);
      return true;
    case 'reread':
    case 'update':
      deps.dispatch({ type: 'message', text: 'over many servers use :reread and :update (every server, or NAME@SERVER)', error: true });
      return true;
    default:
      return false;
  }
}
