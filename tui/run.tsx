/**
 * Mounts the dashboard: alternate screen, Ink rendering into the cell-diffing FrameOutput
 * (frames one line shorter than the terminal, incremental mode), and a clean exit on every path.
 */
import { render } from 'ink';
import { createClient } from '../src/client/client.ts';
import type { SupervisorClient } from '../src/client/types.ts';
import { errorText } from '../src/error-text.ts';
import type { CommandConnection } from './effects/commands.ts';
import { App, type FleetProps } from './components/App.tsx';
import { FrameOutput } from './term/frame-output.ts';
import { enterAlternateScreen, onTermination, signalStatus } from './terminal-session.ts';
import { makeTheme } from './theme.ts';
import type { SavedView } from './prefs/file.ts';
import type { UiSettings } from './settings/config.ts';
import { setPalette } from './settings/palette.ts';

export interface RunOptions {
  client: SupervisorClient;
  label: string;
  intervalMs: number;
  readonly: boolean;
  color: boolean;
  ascii: boolean;
  /** Mouse reporting on (clicks and the wheel); off with --no-mouse. */
  mouse: boolean;
  connection: CommandConnection;
  /** The view remembered between runs (tui/prefs/); none: defaults, nothing saved. */
  view?: SavedView | undefined;
  /** Keys and colours from config.ini (tui/settings/); none: the defaults. */
  settings?: UiSettings | undefined;
  /** Many servers (see App's FleetProps). */
  fleet?: FleetProps | undefined;
}

export async function runDashboard(o: RunOptions): Promise<number> {
  const tty = process.stdout;
  // After the terminal hangs up, writes fail with EIO: nothing to show them on.
  const ignore = () => {};
  tty.on('error', ignore);
  setPalette(o.settings?.roles ?? {});
  const output = new FrameOutput(tty);
  const session = enterAlternateScreen(tty, { mouse: o.mouse });
  const instance = render(
    <App
      client={o.client}
      terminal={output}
      theme={makeTheme({ color: o.color, ascii: o.ascii, ...(o.settings ? { states: o.settings.states } : {}) })}
      label={o.label}
      intervalMs={o.intervalMs}
      readonly={o.readonly}
      connection={o.connection}
      connect={createClient}
      {...(o.view ? { view: o.view } : {})}
      {...(o.settings ? { keymap: o.settings.keymap } : {})}
      {...(o.fleet ? { fleet: o.fleet } : {})}
    />,
    {
      stdout: output as unknown as NodeJS.WriteStream,
      stdin: process.stdin,
      stderr: process.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
      incrementalRendering: true,
      maxFps: 30,
    },
  );
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
