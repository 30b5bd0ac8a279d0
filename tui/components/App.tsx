/**
 * The dashboard: owns the view state (the pure reducer), reads keys from the raw input stream,
 * and wires the effects (live data source, log tail, the effect interpreter in effects/run-effect.ts) to it.
 */
import { useApp, useStdin } from 'ink';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConnectOptions, SupervisorClient } from '../../src/client/types.ts';
import type { CommandConnection } from '../effects/commands.ts';
import { LogTail } from '../effects/log-tail.ts';
import { LiveSource } from '../effects/live.ts';
import type { FleetDeps } from '../fleet/effects.ts';
import { isMultiTarget, logTargets, sourceLabel, unqualify, type ContextSwitch, type FleetView } from '../fleet/model.ts';
import { FleetPollers } from '../fleet/pollers.ts';
import type { Fleet } from '../../src/fleet/types.ts';
import { concurrentRunner, makeJobs, runEffect, type EffectDeps } from '../effects/run-effect.ts';
import { splitInput } from '../keys.ts';
import { keyToAction } from '../keymap.ts';
import { initialState, visibleProcesses } from '../reducer.ts';
import { Store } from '../store.ts';
import type { ViewState } from '../state.ts';
import { makeNamespec } from '../../src/protocol/index.ts';
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
  /** The one server's client; null over a fleet (`fleet` has one per server). */
  client: SupervisorClient | null;
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
  /** Many servers: one client per server (by name, in fleet order). */
  fleet?: FleetProps | undefined;
  /** `:ctx`, when the dashboard was opened on a servers file. */
  contexts?: ContextSwitch | undefined;
}

export interface FleetProps {
  fleet: Fleet;
  /** The clients made so far (a server whose password_command has not answered has none yet). */
  clients: ReadonlyMap<string, SupervisorClient>;
  /** Every server's client once it can connect, or why it cannot (its row then says so). */
  ready: ReadonlyMap<string, Promise<SupervisorClient>>;
}

function emptyFleetView(f: Fleet): FleetView {
  return { context: f.context, color: f.color, tree: true, now: Date.now(), members: f.servers.map((s) => ({ name: s.name, snapshot: null, server: null, conn: { status: 'connecting', since: Date.now() }, rttMs: null })) };
}

const MESSAGE_MS = 8000;

/** Namespecs whose CPU/RSS to sample: the visible rows, every process when sorting by them, and the open log's. */
function statsWanted(s: ViewState): ReadonlySet<string> {
  const visible = visibleProcesses(s);
  const out = new Set(visible ?? (s.snapshot?.infos ?? []).map((p) => makeNamespec(p.group, p.name)));
  if (s.log.open && s.log.target !== null) out.add(s.log.target);
  return out;
}

export function App(props: AppProps) {
  const { client, terminal, theme } = props;
  const { exit } = useApp();
  const { setRawMode, internal_eventEmitter: input } = useStdin();
  const [store] = useState(
    () =>
      new Store(
        initialState({
          cols: terminal.columns,
          rows: terminal.terminalRows ?? terminal.rows,
          readonly: props.readonly || props.fleet?.fleet.readonly === true,
          interval: props.intervalMs / 1000,
          fleet: props.fleet ? emptyFleetView(props.fleet.fleet) : null,
        }),
      ),
  );
  const state = useSyncExternalStore(store.subscribe, store.get);
  const dispatch = store.dispatch;
  const [now, setNow] = useState(() => Date.now());
  const sourceRef = useRef<LiveSource | null>(null);
  const fleetRef = useRef<FleetPollers | null>(null);

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
    if (!props.fleet) return;
    const f = props.fleet.fleet;
    const pollers = new FleetPollers(props.fleet.ready, {
      intervalMs: props.intervalMs,
      isPaused: () => store.get().paused,
      statsWanted: () => visibleProcesses(store.get()),
      onView: (fleet) => dispatch({ type: 'fleet', fleet }),
      base: { context: f.context, color: f.color, tree: true },
    });
    fleetRef.current = pollers;
    pollers.start();
    return () => pollers.stop();
  }, [props.fleet, props.intervalMs]);

  useEffect(() => {
    if (props.fleet || client === null) return;
    const source = new LiveSource(
      client,
      {
        snapshot: (snapshot) => dispatch({ type: 'snapshot', snapshot }),
        server: (server) => dispatch({ type: 'server', server }),
        connection: (conn) => dispatch({ type: 'connection', conn }),
      },
      { intervalMs: props.intervalMs, label: props.label, isPaused: () => store.get().paused, statsWanted: () => statsWanted(store.get()) },
    );
    sourceRef.current = source;
    source.start();
    return () => source.stop();
  }, [client, props.intervalMs, props.label]);

  // CPU/RSS are sampled for the rows on screen (and the open log's process): tell the source when they change.
  const wantedKey = [...statsWanted(state)].join(',');
  useEffect(() => sourceRef.current?.statsWantedChanged(), [wantedKey]);

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

  const { open, target, channel } = state.log;
  useEffect(() => {
    if (!open || target === null) return;
    if (props.fleet && isMultiTarget(target)) {
      // Several processes (marks over servers): one tail each, lines behind `server:name | `.
      const names = logTargets(target);
      const width = Math.max(...names.map((n) => sourceLabel(n).length));
      const tails = names.flatMap((q) => {
        const [namespec, server] = unqualify(q);
        const source = server === null ? undefined : props.fleet?.clients.get(server);
        if (!source) return [];
        const prefix = `${sourceLabel(q).padEnd(width)} | `;
        return [
          new LogTail(
            source,
            namespec,
            channel,
            {
              append: (lines) => {
                if (lines.length > 0) dispatch({ type: 'logAppend', lines: lines.map((l) => prefix + l), partial: '' });
              },
              error: (text) => dispatch({ type: 'message', text: `${sourceLabel(q)}: ${text}`, error: true }),
            },
            props.intervalMs,
          ),
        ];
      });
      for (const t of tails) t.start();
      return () => tails.forEach((t) => t.close());
    }
    // Over a fleet the target is `namespec@server`: that server's client, its own name.
    const [namespec, server] = props.fleet ? unqualify(target) : [target, null];
    const source = server === null ? client : props.fleet?.clients.get(server);
    if (!source) return;
    const tail = new LogTail(
      source,
      namespec,
      channel,
      {
        append: (lines, partial) => dispatch({ type: 'logAppend', lines, partial }),
        error: (text) => dispatch({ type: 'message', text, error: true, at: Date.now() }),
      },
      props.intervalMs,
    );
    tail.start();
    return () => tail.close();
  }, [client, open, target, channel, props.intervalMs, props.fleet]);

  const [jobs] = useState(() => makeJobs(dispatch));
  // Effects queued by the reducer start at once, each against this render's dependencies.
  const deps: EffectDeps = {
    client,
    state: store.get,
    dispatch,
    exit,
    redraw: () => terminal.redraw(),
    refresh: () => (fleetRef.current ?? sourceRef.current)?.refreshNow(),
    configChanged: () => (fleetRef.current ?? sourceRef.current)?.configChanged(),
    fleet: props.fleet ? fleetDeps(props.fleet) : undefined,
    contexts: props.contexts,
    readonly: props.readonly || props.fleet?.fleet.readonly === true,
    connection: props.connection,
    connect: props.connect,
    jobs,
  };
  function fleetDeps(p: FleetProps): FleetDeps {
    return {
      fleet: p.fleet,
      clients: p.clients,
      members: () => fleetRef.current?.current() ?? [],
      refresh: (server) => fleetRef.current?.refreshNow(server),
      connect: props.connect,
      jobs,
      dispatch,
      state: store.get,
    };
  }
  const depsRef = useRef(deps);
  depsRef.current = deps;
  useEffect(() => {
    store.setRunner(concurrentRunner((e) => runEffect(depsRef.current, e), dispatch));
    return () => store.setRunner(null);
  }, [store, dispatch]);

  return <Screen state={state} theme={theme} now={now} />;
}
