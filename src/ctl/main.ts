/**
 * `supervisor-tui [options] <command> …` and `supervisor-tui shell`: supervisorctl's commands.
 * Light on purpose: nothing here loads Ink or React.
 */
import { createClient } from '../client/client.ts';
import { FleetError, loadFleet, Secrets, wantsFleet, type Fleet } from '../fleet/index.ts';
import { wantColor } from './color.ts';
import { Ctl, type Connect, type Output, type Terminal } from './context.ts';
import { runLine } from './controller.ts';
import { refusedByContext, runFleetLine } from './fleet/run.ts';
import { parseArgs } from './options.ts';
import { loadSettings, SettingsError } from './settings.ts';
import { loadHistory, runShell, ShellCompleter } from './shell.ts';
import { StdioTerminal, type TerminalOptions } from './terminal.ts';
import { CTL_USAGE, usageLines } from './usage.ts';

/** Everything a run touches outside itself, so tests can run it in-process. */
export interface CtlEnvironment {
  output: Output;
  terminal(opts: TerminalOptions): Terminal;
  connect: Connect;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
}

export async function runCtl(args: string[], io: CtlEnvironment): Promise<number> {
  const usageError = (message: string): number => {
    io.output.writeErr(usageLines(message));
    return 2;
  };
  const parsed = parseArgs(args);
  if (parsed.kind === 'help') {
    io.output.write(CTL_USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') return usageError(parsed.message);
  const { options, command } = parsed;
  if (command[0] === 'shell' && command.length > 1) return usageError('shell accepts no arguments');
  const shell = command.length === 0 || command[0] === 'shell';

  const color = wantColor(io.env, io.stdoutIsTTY, options.noColor);
  let fleet: Fleet | null = null;
  let settings;
  try {
    if (wantsFleet(options)) {
      fleet = loadFleet(options, io.env, (line) => io.output.writeErr(line + '\n'));
      if (fleet.servers.length > 1) {
        if (shell) return usageError('the shell talks to one server; give a command to run it over the fleet');
        const terminal = io.terminal({});
        try {
          return await runFleetLine(fleet, command.join(' '), { output: io.output, terminal, connect: io.connect, color }, new Secrets());
        } finally {
          terminal.close();
        }
      }
      // One server: exactly today's session, on that server.
      const only = fleet.servers[0]!;
      settings = { serverurl: only.serverurl, username: only.username, password: await new Secrets().password(only), prompt: 'supervisor', historyFile: options.historyFile ?? null };
    } else settings = loadSettings(options);
  } catch (err) {
    if (err instanceof SettingsError || err instanceof FleetError) return usageError(err.message);
    throw err;
  }

  if (!shell) {
    if (fleet !== null && refusedByContext(fleet, command.join(' '), io.output)) return 1;
    const terminal = io.terminal({});
    const ctl = new Ctl(settings, io.connect, io.output, terminal, options.interactive, color);
    try {
      await runLine(ctl, command.join(' '));
      return ctl.exit.code;
    } finally {
      ctl.closeClient();
      terminal.close();
    }
  }

  let ctl: Ctl | null = null;
  const completer = new ShellCompleter(() => ctl!);
  const terminal = io.terminal({ completer: completer.complete, history: loadHistory(settings.historyFile) });
  ctl = new Ctl(settings, io.connect, io.output, terminal, true, color);
  const ro = fleet;
  let refused = false;
  try {
    refused = await runShell(ctl, terminal, completer, (line) => ro !== null && refusedByContext(ro, line, io.output));
  } finally {
    ctl.closeClient();
    terminal.close();
  }
  // supervisorctl's shell always exits 0; a readonly context's shell exits 1 once it refused a line.
  return refused ? 1 : 0;
}

/** `supervisor-tui status | head` must not die on EPIPE. */
function ignoreBrokenPipe(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}

export async function main(args: string[]): Promise<number> {
  ignoreBrokenPipe();
  return runCtl(args, {
    output: {
      write: (text) => void process.stdout.write(text),
      writeErr: (text) => void process.stderr.write(text),
    },
    terminal: (opts) => new StdioTerminal(opts),
    connect: createClient,
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  });
}
