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
import { isMultiTarget, logTargets, unqualify, type ContextSwitch, type FleetView } from '../fleet/model.ts';
import { clientResolver, followMerged } from '../merged-log/follow.ts';
import { FleetPollers } from '../fleet/pollers.ts';
import type { Fleet } from '../../src/fleet/types.ts';
import { concurrentRunner, makeJobs, runEffect, type EffectDeps } from '../effects/run-effect.ts';
import { splitInput } from '../keys.ts';
import { mouseActions } from '../mouse/actions.ts';
import { MouseFilter } from '../mouse/sgr.ts';
import { DEFAULT_KEYMAP, keyToAction, type Keymap } from '../keymap.ts';
import { initialState, visibleProcesses } from '../reducer.ts';
import { Store } from '../store.ts';
import type { ViewState } from '../state.ts';
import { makeNamespec } from '../../src/protocol/index.ts';
import type { Theme } from '../theme.ts';
import { Screen } from './Screen.tsx';
import type { Clock } from '../clock/clock.ts';
import { ClockContext, systemClock } from '../clock/use-clock.ts';
import type { SavedView } from '../prefs/file.ts';
import { useSavedView } from '../prefs/use-saved-view.ts';
import { DetailsSource } from '../details/source.ts';
import { detailsPid } from '../details/reduce.ts';

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
  /** The view remembered between runs: where it starts, and how changes are saved. */
  view?: SavedView | undefined;
  /** The keys (config.ini [keys]); the defaults when absent. */
  keymap?: Keymap | undefined;
  /** The table clock uptimes are derived from (tests pass a frozen one); local time by default. */
  clock?: Clock | undefined;
  /** Called after each key or click is dispatched (run.tsx draws its frame at once: tui/term/key-frames.ts). */
  onKey?: (() => void) | undefined;
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
  // A merged pane's target is its sources' names joined by blanks: each is wanted.
  if (s.log.open && s.log.target !== null) for (const t of logTargets(s.log.target)) out.add(t);
  if (s.mode.kind === 'details') out.add(s.mode.target);
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
          ...(props.view ? { prefs: props.view.initial } : {}),
        }),
      ),
  );
  const state = useSyncExternalStore(store.subscribe, store.get);
  const dispatch = store.dispatch;
  useSavedView(store, props.view?.save);
  const [now, setNow] = useState(() => Date.now());
  const sourceRef = useRef<LiveSource | null>(null);
  const clock = props.clock ?? systemClock;
  const fleetRef = useRef<FleetPollers | null>(null);

  // Keys, from the raw stream so that F-keys arrive (useInput reports them as empty input).
  useEffect(() => {
    setRawMode(true);
    // Mouse reports are taken out first: their bytes never reach the keymap.
    const mouse = new MouseFilter();
    const keymap = props.keymap ?? DEFAULT_KEYMAP;
    const onInput = (input: string) => {
      for (const part of mouse.push(input)) {
        if (part.kind === 'mouse') {
          for (const action of mouseActions(store.get(), part.event)) store.dispatch(action);
          continue;
        }
        for (const key of splitInput(part.raw, store.get().mode.kind === 'prompt')) {
          const action = keyToAction(store.get(), key, keymap);
          if (action) store.dispatch(action);
        }
      }
      props.onKey?.();
    };
    input.on('input', onInput);
    return () => {
      input.off('input', onInput);
      setRawMode(false);
    };
  }, [input, setRawMode, store, props.keymap, props.onKey]);

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
      onView: (fleet) => {
        clock.sync();
        dispatch({ type: 'fleet', fleet });
      },
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
        snapshot: (snapshot) => {
          // The uptimes ride on this frame (tui/clock/clock.ts).
          clock.sync();
          dispatch({ type: 'snapshot', snapshot });
        },
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
    if (isMultiTarget(target)) {
      // Several processes (marks, a group): one tail each, lines behind `name | ` (`server:name | `).
      return followMerged({
        targets: logTargets(target),
        channel,
        clientFor: clientResolver(client, props.fleet?.clients ?? null),
        dispatch,
        color: theme.color,
        pollMs: props.intervalMs,
      });
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
  }, [client, open, target, channel, props.intervalMs, props.fleet, theme.color]);

  // The details view's process: its config and settings once, its process tree every interval.
  const detailsTarget = state.mode.kind === 'details' ? state.mode.target : null;
  useEffect(() => {
    if (detailsTarget === null) return;
    const [namespec, server] = props.fleet ? unqualify(detailsTarget) : [detailsTarget, null];
    const source = server === null ? client : props.fleet?.clients.get(server);
    if (!source) return;
    const details = new DetailsSource(source, namespec, detailsTarget, (data) => dispatch({ type: 'detailsData', data }), {
      intervalMs: Math.max(1000, props.intervalMs),
      pid: () => detailsPid(store.get(), detailsTarget),
    });
    details.start();
    return () => details.close();
  }, [client, detailsTarget, props.intervalMs, props.fleet]);

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

  return (
    <ClockContext.Provider value={clock}>
      <Screen state={state} theme={theme} now={now} {...(props.keymap ? { keymap: props.keymap } : {})} />
    </ClockContext.Provider>
  );
}
