/**
 * The effect interpreter: runs what the reducer asks for (actions on processes, reread, update,
 * `:` commands, quit, redraw) against the dependencies it is given, and reports back by dispatching
 * actions. Effects start at once: independent actions run concurrently, each shown with its
 * progress, and actions on the same processes wait for each other (jobs.ts).
 */
import type { ConnectOptions, SupervisorClient } from '../../src/client/types.ts';
import { errorText } from '../../src/error-text.ts';
import type { Action, Effect, Target, ViewState } from '../state.ts';
import { runOp, runSignal, targetLabel, type ActionContext } from './actions.ts';
import { targetNames } from '../plan.ts';
import { changesConfig, isReadOnlyCommand, refuseCommand, runCommand, splitWords, type CommandConnection } from './commands.ts';
import { Jobs, type Scope } from './jobs.ts';
import { runUpdate } from './update.ts';
import { runFleetEffect, type FleetDeps } from '../fleet/effects.ts';
import type { ContextSwitch } from '../fleet/model.ts';

export interface EffectDeps {
  /** The one server's client (null over a fleet: `fleet` has one per server). */
  client: SupervisorClient | null;
  state(): ViewState;
  dispatch(action: Action): void;
  /** Leave the dashboard. */
  exit(): void;
  /** Repaint the whole terminal. */
  redraw(): void;
  /** Poll now, so the table shows what an action did. */
  refresh(): void;
  /** What the config defines changed (priorities must be read again). */
  configChanged(): void;
  readonly: boolean;
  /** Where `:` commands connect (supervisorctl's code opens its own client). */
  connection: CommandConnection;
  connect(o: ConnectOptions): SupervisorClient;
  /** Many servers: actions and commands go to each server (null or absent: the one client above). */
  fleet?: FleetDeps | undefined;
  /** The actions in flight (one per dashboard). */
  jobs: Jobs;
  /** `:ctx`: the servers file's contexts (absent when the dashboard was not opened on one). */
  contexts?: ContextSwitch | undefined;
  /** Local clock for message times. */
  now?: () => number;
}

/** Jobs that report to the view state. */
export function makeJobs(dispatch: (a: Action) => void): Jobs {
  return new Jobs({
    start: (id, label, text) => dispatch({ type: 'jobStart', id, label, text }),
    progress: (id, text) => dispatch({ type: 'jobProgress', id, text }),
    end: (id) => dispatch({ type: 'jobEnd', id }),
  });
}

function say(deps: EffectDeps, text: string, error = false): void {
  deps.dispatch({ type: 'message', text, error, at: (deps.now ?? Date.now)() });
}

function actionContext(deps: EffectDeps, client: SupervisorClient, progress: (text: string) => void): ActionContext {
  const { dispatch } = deps;
  return {
    client,
    snapshot: () => deps.state().snapshot,
    progress,
    message: (text, error) => say(deps, text, error),
    refresh: () => deps.refresh(),
    cleared: (n) => {
      if (deps.state().log.target === n) dispatch({ type: 'logReset' });
    },
  };
}

function scopeOf(deps: EffectDeps, t: Target): Scope {
  return t.kind === 'all' ? { kind: 'all' } : { kind: 'processes', names: targetNames(t, deps.state().snapshot) };
}

/** `:ctx` (the picker) and `:ctx NAME` (the switch), over one server as over a fleet. */
async function contextCommand(deps: EffectDeps, name: string | undefined): Promise<void> {
  const c = deps.contexts;
  if (c === undefined) return say(deps, 'ctx: contexts come from a servers file: start with --context NAME or --servers FILE', true);
  let choices;
  try {
    choices = c.choices();
  } catch (err) {
    return say(deps, `ctx: ${errorText(err)}`, true);
  }
  if (name === undefined) return deps.dispatch({ type: 'openContexts', choices, current: c.current });
  if (!choices.some((x) => x.name === name)) return say(deps, `ctx: no context ${name} (${choices.map((x) => x.name).join(', ') || 'the servers file has none'})`, true);
  if (name === c.current) return say(deps, `ctx: already on ${name}`);
  return switchContext(deps, name);
}

async function switchContext(deps: EffectDeps, name: string): Promise<void> {
  if (deps.contexts === undefined) return;
  deps.dispatch({ type: 'jobStart', id: SWITCH_JOB, label: 'ctx', text: `opening context ${name}…` });
  try {
    await deps.contexts.switchTo(name);
  } catch (err) {
    say(deps, `ctx ${name}: ${errorText(err)}`, true);
  } finally {
    deps.dispatch({ type: 'jobEnd', id: SWITCH_JOB });
  }
}

/** The context switch shows among the running actions under an id of its own. */
const SWITCH_JOB = -2;

export async function runEffect(deps: EffectDeps, e: Effect): Promise<void> {
  const { dispatch, jobs } = deps;
  if (e.kind === 'quit') return deps.exit();
  if (e.kind === 'redraw') return deps.redraw();
  if (e.kind === 'switchContext') return switchContext(deps, e.name);
  if (e.kind === 'command') {
    const [cmd, name, ...extra] = splitWords(e.line);
    if (cmd === 'ctx') return extra.length > 0 ? say(deps, 'usage: ctx [NAME]', true) : contextCommand(deps, name);
  }
  if (deps.fleet && (await runFleetEffect(deps.fleet, e, deps.readonly))) return;
  const client = deps.client;
  if (client === null) return;
  if (e.kind === 'rolling' || (e.kind === 'command' && splitWords(e.line)[0] === 'rolling-restart')) {
    return say(deps, 'rolling restart goes over several servers (--context, or -s given more than once)', true);
  }
  switch (e.kind) {
    case 'op':
      await jobs.run(`${e.op} ${targetLabel(e.target)}`, scopeOf(deps, e.target), (progress) => runOp(actionContext(deps, client, progress), e.op, e.target));
      deps.refresh();
      return;
    case 'signal':
      await jobs.run(`SIG${e.signal} ${targetLabel(e.target)}`, scopeOf(deps, e.target), (progress) => runSignal(actionContext(deps, client, progress), e.signal, e.target));
      deps.refresh();
      return;
    case 'reread':
      try {
        dispatch({ type: 'rereadResult', diff: await client.reloadConfig(), at: (deps.now ?? Date.now)() });
      } catch (err) {
        say(deps, `reread: ${errorText(err)}`, true);
      }
      return;
    case 'update':
      await jobs.run('update', { kind: 'all' }, async () => {
        try {
          const { lines, failed } = await runUpdate(client);
          if (lines.length === 1) say(deps, lines[0]!, failed);
          else {
            say(deps, `update: ${lines.length} changes`, failed);
            dispatch({ type: 'output', title: 'update', lines });
          }
        } catch (err) {
          say(deps, `update: ${errorText(err)}`, true);
        }
      });
      deps.configChanged();
      return;
    case 'command': {
      const words = splitWords(e.line);
      const refused = refuseCommand(words, deps.readonly);
      if (refused) {
        say(deps, refused, true);
        return;
      }
      // A read-only command (status, tail…) waits for nothing; others may touch anything.
      const scope: Scope = isReadOnlyCommand(words) ? { kind: 'processes', names: [] } : { kind: 'all' };
      await jobs.run(`:${e.line}`, scope, async () => {
        const result = await runCommand(e.line, deps.connection, deps.connect);
        // 3 is `status` reporting stopped processes, not a failure of the command.
        const failed = result.code === 1 || result.code === 2;
        if (result.lines.length <= 1) say(deps, result.lines[0] ?? `${words[0]}: done`, failed);
        else {
          say(deps, `:${e.line}: ${result.lines.length} lines of output`, failed);
          dispatch({ type: 'output', title: `:${e.line}`, lines: result.lines });
        }
      });
      if (changesConfig(words)) deps.configChanged();
      else deps.refresh();
      return;
    }
  }
}

/** A runner that starts each effect at once; a throw becomes an error message. */
export function concurrentRunner(run: (e: Effect) => Promise<void>, dispatch: (action: Action) => void): (e: Effect) => void {
  return (e) => {
    run(e).catch((err: unknown) => dispatch({ type: 'message', text: errorText(err), error: true, at: Date.now() }));
  };
}
