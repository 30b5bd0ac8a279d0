/**
 * Mounts the dashboard: alternate screen, Ink rendering into the cell-diffing FrameOutput
 * (frames one line shorter than the terminal, incremental mode), and a clean exit on every path.
 */
import { render } from 'ink';
import { useEffect, useState, type ReactElement } from 'react';
import { createClient } from '../src/client/client.ts';
import type { SupervisorClient } from '../src/client/types.ts';
import { errorText } from '../src/error-text.ts';
import type { CommandConnection } from './effects/commands.ts';
import { App, type FleetProps } from './components/App.tsx';
import type { ContextChoice } from './fleet/model.ts';
import { FrameOutput } from './term/frame-output.ts';
import { KeyFrames } from './term/key-frames.ts';
import { enterAlternateScreen, onTermination, signalStatus } from './terminal-session.ts';
import { makeTheme } from './theme.ts';
import type { SavedView } from './prefs/file.ts';
import type { UiSettings } from './settings/config.ts';
import { setPalette } from './settings/palette.ts';

/** What the dashboard shows: one server, or a fleet (then `client` is null). */
export interface DashboardTarget {
  client: SupervisorClient | null;
  label: string;
  readonly: boolean;
  connection: CommandConnection;
  /** The view remembered between runs (tui/prefs/), each context its own; none: defaults, nothing saved. */
  view?: SavedView | undefined;
  /** Many servers (see App's FleetProps). */
  fleet?: FleetProps | undefined;
  /** The context shown (null: none named). */
  context: string | null;
  /** Ends its clients (sockets, ssh masters); called once the dashboard has left it. */
  close(): void;
}

/** `:ctx`: the servers file's contexts, and a target for one of them (rejects with a one-line error). */
export interface ContextOpener {
  choices(): readonly ContextChoice[];
  open(name: string): Promise<DashboardTarget>;
}

export interface RunOptions extends Omit<DashboardTarget, 'close' | 'context'> {
  intervalMs: number;
  color: boolean;
  ascii: boolean;
  /** Mouse reporting on (clicks and the wheel); off with --no-mouse. */
  mouse: boolean;
  /** Keys and colours from config.ini (tui/settings/); none: the defaults. */
  settings?: UiSettings | undefined;
  /** With a servers file: the first target's context and close, and how to open another. */
  contexts?: { current: string | null; close(): void; opener: ContextOpener } | undefined;
}

/**
 * The dashboard on one target at a time. `:ctx NAME` opens the next target first (its clients,
 * passwords); a failure leaves the current one as it was. The App is keyed by target, so the old
 * one unmounts (its pollers and log tails stop) before the old clients are closed.
 */
function Switcher(props: { first: DashboardTarget; opener: ContextOpener | null; render: (t: DashboardTarget, switchTo: ((name: string) => Promise<void>) | null) => ReactElement }) {
  const [target, setTarget] = useState(props.first);
  // After the commit that unmounted the old App (its effects' cleanups ran), its clients go.
  useEffect(() => () => void setImmediate(() => target.close()), [target]);
  const opener = props.opener;
  const switchTo = opener === null ? null : async (name: string) => setTarget(await opener.open(name));
  return props.render(target, switchTo);
}

/** Ink's frame rate: data frames are held to it; a key's frame is drawn at once (KeyFrames). */
const MAX_FPS = 30;
/**
 * Key frames a second at most: keys typed or repeated faster wait for the next. Above Ink's 30: a
 * key repeat near 30 a second then waits ~16 ms rather than ~33 for its frame; at the usual 25 a
 * second every key draws at once either way, and costs what it did.
 */
const MAX_KEY_FPS = 60;

/** Ink's render() with the flushFrame that tui/ink-fix adds to it. */
type RenderWithFlush = (...args: Parameters<typeof render>) => ReturnType<typeof render> & { flushFrame?: () => void };

export async function runDashboard(o: RunOptions): Promise<number> {
  const tty = process.stdout;
  // After the terminal hangs up, writes fail with EIO: nothing to show them on.
  const ignore = () => {};
  tty.on('error', ignore);
  setPalette(o.settings?.roles ?? {});
  const output = new FrameOutput(tty);
  const session = enterAlternateScreen(tty, { mouse: o.mouse });
  const theme = makeTheme({ color: o.color, ascii: o.ascii, ...(o.settings ? { states: o.settings.states } : {}) });
  const first: DashboardTarget = { ...o, context: o.contexts?.current ?? null, close: o.contexts?.close ?? (() => {}) };
  let generation = 0;
  const keys = new WeakMap<DashboardTarget, number>();
  const keyFrames = new KeyFrames(1000 / MAX_KEY_FPS);
  const instance = (render as RenderWithFlush)(
    <Switcher
      first={first}
      opener={o.contexts?.opener ?? null}
      render={(t, switchTo) => {
        if (!keys.has(t)) keys.set(t, generation++);
        return (
          <App
            key={keys.get(t)}
            client={t.client}
            terminal={output}
            theme={theme}
            label={t.label}
            intervalMs={o.intervalMs}
            readonly={t.readonly}
            connection={t.connection}
            connect={createClient}
            fleet={t.fleet}
            view={t.view}
            keymap={o.settings?.keymap}
            onKey={keyFrames.keyHandled}
            contexts={switchTo === null ? undefined : { current: t.context, choices: () => o.contexts!.opener.choices(), switchTo }}
          />
        );
      }}
    />,
    {
      stdout: output as unknown as NodeJS.WriteStream,
      stdin: process.stdin,
      stderr: process.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
      incrementalRendering: true,
      maxFps: MAX_FPS,
    },
  );
  keyFrames.flush = () => instance.flushFrame?.();
  let crash: unknown = null;
  let status = 0;
  const offSignals = onTermination((reason, err) => {
    if (reason === 'error') crash = err ?? new Error('unknown error');
    // Killed by a signal: 128 + its number, as other tools exit (SIGTERM: 143).
    else status = signalStatus(reason);
    // If cleanup hangs (a dead terminal), leave anyway.
    setTimeout(() => process.exit(reason === 'error' ? 1 : status), 3000).unref();
    instance.unmount();
  });
  try {
    await instance.waitUntilExit();
  } catch (err) {
    crash = err;
  } finally {
    offSignals();
    output.dispose();
    session.leave();
    tty.off('error', ignore);
  }
  if (crash !== null) {
    process.stderr.write(`Error: ${errorText(crash)}\n`);
    return 1;
  }
  return status;
}
