/**
 * The dashboard: owns the view state (the pure reducer), reads keys from the raw input stream,
 * and connects the effects (poller, log tail, action runner, command line) to it.
 */
import { useApp, useStdin } from 'ink';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConnectOptions, SupervisorClient } from '../../src/client/types.ts';
import { runOp, runSignal, targetLabel, targetNames, type ActionContext } from '../effects/actions.ts';
import { Jobs, type Scope } from '../effects/jobs.ts';
import { changesConfig, isReadOnlyCommand, refuseCommand, runCommand, splitWords, type CommandConnection } from '../effects/commands.ts';
import { LogTail } from '../effects/log-tail.ts';
import { errorText, Poller } from '../effects/poller.ts';
import { runUpdate } from '../effects/update.ts';
import { splitInput } from '../keys.ts';
import { keyToAction } from '../keymap.ts';
import { initialState, visibleProcesses } from '../reducer.ts';
import type { Effect, Target } from '../state.ts';
import { Store } from '../store.ts';
import type { Theme } from '../theme.ts';
import { Screen } from './Screen.tsx';

/** The terminal the frame goes to: its size, resize events, and a full repaint. */
export interface TerminalLike {
  readonly columns: number;
  readonly rows: number;
  on(event: 'resize', l: () => void): unknown;
  off(event: 'resize', l: () => void): unknown;
  redraw(): void;
}

export interface AppProps {
  client: SupervisorClient;
  terminal: TerminalLike;
  theme: Theme;
  /** Shown in the header. */
  label: string;
  intervalMs: number;
  readonly: boolean;
  /** Where `:` commands connect (supervisorctl's code opens its own client). */
  connection: CommandConnection;
  connect: (o: ConnectOptions) => SupervisorClient;
  /** How long a message stays in the footer. */
  messageMs?: number;
}

const MESSAGE_MS = 8000;

export function App(props: AppProps) {
  const { client, terminal, theme } = props;
  const { exit } = useApp();
  const { setRawMode, internal_eventEmitter: input } = useStdin();
  const [store] = useState(
    () => new Store(initialState({ cols: terminal.columns, rows: terminal.rows, readonly: props.readonly, interval: props.intervalMs / 1000 })),
  );
  const state = useSyncExternalStore(store.subscribe, store.get);
  const dispatch = store.dispatch;
  const [now, setNow] = useState(() => Date.now());
  const pollerRef = useRef<Poller | null>(null);
  const [jobs] = useState(
    () =>
      new Jobs({
        start: (id, label, text) => store.dispatch({ type: 'jobStart', id, label, text }),
        progress: (id, text) => store.dispatch({ type: 'jobProgress', id, text }),
        end: (id) => store.dispatch({ type: 'jobEnd', id }),
      }),
  );

  // Keys, from the raw stream so that F-keys arrive (useInput reports them as empty input).
  useEffect(() => {
    setRawMode(true);
    const onInput = (raw: string) => {
      for (const key of splitInput(raw, store.get().mode.kind === 'prompt')) {
        const action = keyToAction(store.get(), key);
        if (action) store.dispatch(action);
      }
    };
    input.on('input', onInput);
    return () => {
      input.off('input', onInput);
      setRawMode(false);
    };
  }, [input, setRawMode, store]);

  useEffect(() => {
    const onResize = () => dispatch({ type: 'resize', cols: terminal.columns, rows: terminal.rows });
    terminal.on('resize', onResize);
    return () => void terminal.off('resize', onResize);
  }, [terminal]);

  useEffect(() => {
    const poller = new Poller(
      client,
      {
        snapshot: (snapshot) => dispatch({ type: 'snapshot', snapshot }),
        server: (server) => dispatch({ type: 'server', server }),
        connection: (conn) => dispatch({ type: 'connection', conn }),
      },
      { intervalMs: props.intervalMs, label: props.label, isPaused: () => store.get().paused, statsWanted: () => visibleProcesses(store.get()) },
    );
    pollerRef.current = poller;
    poller.start();
    return () => poller.stop();
  }, [client, props.intervalMs, props.label]);

  // The reconnect countdown is the only thing that ticks without new data.
  useEffect(() => {
    if (state.conn.status !== 'down') return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    setNow(Date.now());
    return () => clearInterval(t);
  }, [state.conn]);

  useEffect(() => {
    if (!state.message) return;
    const t = setTimeout(() => dispatch({ type: 'clearMessage' }), props.messageMs ?? MESSAGE_MS);
    return () => clearTimeout(t);
  }, [state.message, props.messageMs]);

  const { open, target, channel } = state.log;
  useEffect(() => {
    if (!open || target === null) return;
    const tail = new LogTail(
      client,
      target,
      channel,
      {
        append: (lines, partial) => dispatch({ type: 'logAppend', lines, partial }),
        error: (text) => dispatch({ type: 'message', text, error: true, at: Date.now() }),
      },
      props.intervalMs,
    );
    tail.start();
    return () => tail.close();
  }, [client, open, target, channel, props.intervalMs]);

  const say = (text: string, error = false) => dispatch({ type: 'message', text, error, at: Date.now() });

  // Effects queued by the reducer start at once; actions on the same processes wait for each other (effects/jobs.ts).
  const runRef = useRef<(e: Effect) => Promise<void>>(async () => {});
  useEffect(() => {
    store.setRunner((e) => {
      runRef.current(e).catch((err: unknown) => say(errorText(err), true));
    });
    return () => store.setRunner(null);
  }, [store, dispatch]);

  const actionContext = (progress: (text: string) => void): ActionContext => ({
    client,
    snapshot: () => store.get().snapshot,
    progress,
    message: say,
    refresh: () => pollerRef.current?.refreshNow(),
    cleared: (n) => {
      if (store.get().log.target === n) dispatch({ type: 'logReset' });
    },
  });
  const scopeOf = (t: Target): Scope => (t.kind === 'all' ? { kind: 'all' } : { kind: 'processes', names: targetNames(t, store.get().snapshot) });

  runRef.current = run;
  async function run(e: Effect): Promise<void> {
    switch (e.kind) {
      case 'quit':
        exit();
        return;
      case 'redraw':
        terminal.redraw();
        return;
      case 'op': {
        const label = `${e.op} ${targetLabel(e.target)}`;
        await jobs.run(label, scopeOf(e.target), (progress) => runOp(actionContext(progress), e.op, e.target));
        pollerRef.current?.refreshNow();
        return;
      }
      case 'signal': {
        const label = `SIG${e.signal} ${targetLabel(e.target)}`;
        await jobs.run(label, scopeOf(e.target), (progress) => runSignal(actionContext(progress), e.signal, e.target));
        pollerRef.current?.refreshNow();
        return;
      }
      case 'reread':
        try {
          dispatch({ type: 'rereadResult', diff: await client.reloadConfig(), at: Date.now() });
        } catch (err) {
          say(`reread: ${errorText(err)}`, true);
        }
        return;
      case 'update':
        await jobs.run('update', { kind: 'all' }, async () => {
          try {
            const { lines, failed } = await runUpdate(client);
            if (lines.length === 1) say(lines[0]!, failed);
            else dispatch({ type: 'output', title: 'update', lines });
          } catch (err) {
            say(`update: ${errorText(err)}`, true);
          }
        });
        pollerRef.current?.configChanged();
        return;
      case 'command': {
        const words = splitWords(e.line);
        const refused = refuseCommand(words, props.readonly);
        if (refused) {
          say(refused, true);
          return;
        }
        // A read-only command (status, tail…) waits for nothing; others may touch anything.
        const scope: Scope = isReadOnlyCommand(words) ? { kind: 'processes', names: [] } : { kind: 'all' };
        await jobs.run(`:${e.line}`, scope, async () => {
          const result = await runCommand(e.line, props.connection, props.connect);
          // 3 is `status` reporting stopped processes, not a failure of the command.
          const failed = result.code === 1 || result.code === 2;
          if (result.lines.length <= 1) say(result.lines[0] ?? `${words[0]}: done`, failed);
          else {
            say(`:${e.line}: ${result.lines.length} lines of output`, failed);
            dispatch({ type: 'output', title: `:${e.line}`, lines: result.lines });
          }
        });
        if (changesConfig(words)) pollerRef.current?.configChanged();
        else pollerRef.current?.refreshNow();
        return;
      }
    }
  }

  return <Screen state={state} theme={theme} now={now} />;
}
