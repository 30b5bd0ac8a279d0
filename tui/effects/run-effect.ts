/**
 * The effect interpreter: runs what the reducer asks for (actions on processes, reread, update,
 * `:` commands, quit, redraw) against the dependencies it is given, and reports back by dispatching
 * actions. Effects run one after another, in the order the reducer queued them.
 */
import type { ConnectOptions, SupervisorClient } from '../../src/client/types.ts';
import { errorText } from '../../src/error-text.ts';
import type { Action, Effect, ViewState } from '../state.ts';
import { runOp, runSignal, type ActionContext } from './actions.ts';
import { changesConfig, refuseCommand, runCommand, splitWords, type CommandConnection } from './commands.ts';
import { runUpdate } from './update.ts';

export interface EffectDeps {
  client: SupervisorClient;
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
}

function actionContext(deps: EffectDeps): ActionContext {
  const { client, dispatch } = deps;
  return {
    client,
    snapshot: () => deps.state().snapshot,
    progress: (text) => dispatch({ type: 'progress', text }),
    message: (text, error) => dispatch({ type: 'message', text, error }),
    refresh: () => deps.refresh(),
    cleared: (n) => {
      if (deps.state().log.target === n) dispatch({ type: 'logReset' });
    },
  };
}

export async function runEffect(deps: EffectDeps, e: Effect): Promise<void> {
  const { client, dispatch } = deps;
  switch (e.kind) {
    case 'quit':
      deps.exit();
      return;
    case 'redraw':
      deps.redraw();
      return;
    case 'op':
      await runOp(actionContext(deps), e.op, e.target);
      deps.refresh();
      return;
    case 'signal':
      await runSignal(actionContext(deps), e.signal, e.target);
      deps.refresh();
      return;
    case 'reread':
      try {
        dispatch({ type: 'rereadResult', diff: await client.reloadConfig() });
      } catch (err) {
        dispatch({ type: 'message', text: `reread: ${errorText(err)}`, error: true });
      }
      return;
    case 'update': {
      dispatch({ type: 'progress', text: 'updating…' });
      try {
        const { lines, failed } = await runUpdate(client);
        dispatch({ type: 'progress', text: null });
        if (lines.length === 1) dispatch({ type: 'message', text: lines[0]!, error: failed });
        else dispatch({ type: 'output', title: 'update', lines });
      } catch (err) {
        dispatch({ type: 'progress', text: null });
        dispatch({ type: 'message', text: `update: ${errorText(err)}`, error: true });
      }
      deps.configChanged();
      return;
    }
    case 'command': {
      const words = splitWords(e.line);
      const refused = refuseCommand(words, deps.readonly);
      if (refused) {
        dispatch({ type: 'message', text: refused, error: true });
        return;
      }
      dispatch({ type: 'progress', text: `running ${e.line}…` });
      const result = await runCommand(e.line, deps.connection, deps.connect);
      dispatch({ type: 'progress', text: null });
      // 3 is `status` reporting stopped processes, not a failure of the command.
      const failed = result.code === 1 || result.code === 2;
      if (result.lines.length <= 1) dispatch({ type: 'message', text: result.lines[0] ?? `${words[0]}: done`, error: failed });
      else dispatch({ type: 'output', title: `:${e.line}`, lines: result.lines });
      if (changesConfig(words)) deps.configChanged();
      else deps.refresh();
      return;
    }
  }
}

/** A runner that runs effects one after another; a throw becomes an error message. */
export function serialRunner(run: (e: Effect) => Promise<void>, dispatch: (action: Action) => void): (e: Effect) => void {
  let queue: Promise<void> = Promise.resolve();
  return (e) => {
    queue = queue.then(() => run(e)).catch((err: unknown) => dispatch({ type: 'message', text: errorText(err), error: true }));
  };
}
