/**
 * The dashboard: owns the view state (the pure reducer), reads keys from the raw input stream,
 * and wires the effects (poller, log tail, the effect interpreter in effects/run-effect.ts) to it.
 */
import { useApp, useStdin } from 'ink';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConnectOptions, SupervisorClient } from '../../src/client/types.ts';
import type { CommandConnection } from '../effects/commands.ts';
import { LogTail } from '../effects/log-tail.ts';
import { Poller } from '../effects/poller.ts';
import { concurrentRunner, makeJobs, runEffect, type EffectDeps } from '../effects/run-effect.ts';
import { splitInput } from '../keys.ts';
import { keyToAction } from '../keymap.ts';
import { initialState, visibleProcesses } from '../reducer.ts';
import { Store } from '../store.ts';
import type { Theme } from '../theme.ts';
import { Screen } from './Screen.tsx';

/** The terminal the frame goes to: its size, resize events, and a full repaint. */
export interface TerminalLike {
  readonly columns: number;
  readonly rows: number;
  /** The terminal's rows when `rows` is what Ink is told (one more: see FrameOutput). */
  readonly terminalRows?: number;
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
    () => new Store(initialState({ cols: terminal.columns, rows: terminal.terminalRows ?? terminal.rows, readonly: props.readonly, interval: props.intervalMs / 1000 })),
  );
  const state = useSyncExternalStore(store.subscribe, store.get);
  const dispatch = store.dispatch;
  const [now, setNow] = useState(() => Date.now());
  const pollerRef = useRef<Poller | null>(null);

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
    const onResize = () => dispatch({ type: 'resize', cols: terminal.columns, rows: terminal.terminalRows ?? terminal.rows });
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

  // The reconnect countdown and the age of stale data are the only things that tick without new data.
  useEffect(() => {
    if (state.conn.status === 'up') return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    setNow(Date.now());
    return () => clearInterval(t);
  }, [state.conn]);

  useEffect(() => {
    if (!state.message) return;
    const t = setTimeout(() => dispatch({ type: 'clearMessage' }), props.messageMs ?? MESSAGE_MS);
    return () => clearTimeout(t);
  }, [state.message, props.messageMs]);

  // Rows that come into view get their CPU%/RSS at once, not one refresh later.
  const visibleKey = [...(visibleProcesses(state) ?? [])].join('\n');
  useEffect(() => pollerRef.current?.refreshStats(), [visibleKey]);

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

  const [jobs] = useState(() => makeJobs(dispatch));
  // Effects queued by the reducer start at once, each against this render's dependencies.
  const deps: EffectDeps = {
    client,
    state: store.get,
    dispatch,
    exit,
    redraw: () => terminal.redraw(),
    refresh: () => pollerRef.current?.refreshNow(),
    configChanged: () => pollerRef.current?.configChanged(),
    readonly: props.readonly,
    connection: props.connection,
    connect: props.connect,
    jobs,
  };
  const depsRef = useRef(deps);
  depsRef.current = deps;
  useEffect(() => {
    store.setRunner(concurrentRunner((e) => runEffect(depsRef.current, e), dispatch));
    return () => store.setRunner(null);
  }, [store, dispatch]);

  return <Screen state={state} theme={theme} now={now} />;
}
