/**
 * One command line in, as supervisorctl's Controller.onecmd: parse like Python's cmd.Cmd, run
 * the command, print any unexpected error as `error: …` with status 1, and handle a 401
 * (in the shell: ask for credentials and run the line again).
 */
import { ClientError } from '../client/types.ts';
import { RpcFault } from '../protocol/faults.ts';
import { errorText } from '../error-text.ts';
import { add, avail, remove, reread, update } from './cmd-config.ts';
import { open, reload, shutdown, version } from './cmd-daemon.ts';
import { fg, maintail, tail } from './cmd-logs.ts';
import { clear, pid, restart, signal, start, status, stop } from './cmd-process.ts';
import type { Command } from './command.ts';
import type { Ctl } from './context.ts';
import { Exit } from './exit-status.ts';
import { columnize } from './format.ts';
import { HELP, HELP_HELP } from './help-texts.ts';
import { pyFaultStr } from '../py/fault.ts';

const leave: Command = async (ctl) => {
  ctl.out('');
  return true;
};

export const COMMANDS: Readonly<Record<string, Command>> = {
  add,
  avail,
  clear,
  exit: leave,
  fg,
  maintail,
  open,
  pid,
  quit: leave,
  reload,
  remove,
  reread,
  restart,
  shutdown,
  signal,
  start,
  status,
  stop,
  tail,
  update,
  version,
};

/** Words tab completion offers for the command position: `help` first, then the commands. */
export const VOCABULARY: readonly string[] = ['help', ...Object.keys(COMMANDS).sort()];

function help(ctl: Ctl, arg: string): void {
  if (arg.trim() === 'help') {
    for (const line of HELP_HELP) ctl.out(line);
    return;
  }
  if (arg !== '') {
    const lines = HELP[arg];
    if (lines === undefined) ctl.out(`*** No help on ${arg}`);
    else for (const line of lines) ctl.out(line);
    return;
  }
  const header = 'default commands (type help <topic>):';
  ctl.out('');
  ctl.out(header);
  ctl.out('='.repeat(header.length));
  for (const line of columnize(Object.keys(HELP).sort())) ctl.out(line);
  ctl.out('');
}

/** cmd.Cmd.parseline: `?x` is `help x`; the command is the leading run of [A-Za-z0-9_]. */
export function parseLine(line: string): { command: string; arg: string; line: string } {
  let text = line.trim();
  if (text.startsWith('?')) text = 'help ' + text.slice(1);
  const command = /^[A-Za-z0-9_]*/.exec(text)![0];
  return { command, arg: text.slice(command.length).trim(), line: text };
}

/** The `error: …` line for an exception supervisorctl would print a traceback summary for. */
export function describeError(err: unknown, serverurl: string): string {
  if (err instanceof RpcFault) return `error: <class 'xmlrpc.client.Fault'>, ${pyFaultStr(err.faultCode, err.faultString)}`;
  if (err instanceof ClientError && err.kind === 'refused') return `error: ${serverurl} refused connection`;
  if (err instanceof ClientError && err.kind === 'nofile') return `error: ${serverurl} no such file`;
  return `error: ${errorText(err)}`;
}

function isAuthError(err: unknown): boolean {
  return err instanceof ClientError && err.kind === 'auth';
}

/** Runs one line; returns true when the shell should end (quit, exit, EOF). */
export async function runLine(ctl: Ctl, rawLine: string): Promise<boolean> {
  const { command, arg, line } = parseLine(rawLine);
  if (line === '') return false;
  if (command === 'help') {
    help(ctl, arg);
    return false;
  }
  if (command === 'EOF') return (await leave(ctl, arg)) === true;
  const run = COMMANDS[command];
  if (command === '' || run === undefined) {
    ctl.out(`*** Unknown syntax: ${line}`);
    ctl.exit.set(Exit.GENERIC);
    return false;
  }
  try {
    return (await run(ctl, arg)) === true;
  } catch (err) {
    if (isAuthError(err)) {
      ctl.out('Server requires authentication');
      if (await askCredentials(ctl)) return runLine(ctl, rawLine);
      ctl.exit.set(Exit.GENERIC);
      return false;
    }
    reportError(ctl, err);
    return false;
  }
}

/** An unexpected error from a command: its `error: …` line and status 1. */
export function reportError(ctl: Ctl, err: unknown): void {
  ctl.out(describeError(err, ctl.settings.serverurl));
  ctl.exit.set(Exit.GENERIC);
}

/**
 * In the shell, and for a command typed at a terminal without a password, ask for username
 * and password (4.2.5 asks only in the shell; in a script, with no terminal, it stays an error).
 */
async function askCredentials(ctl: Ctl): Promise<boolean> {
  if (!ctl.interactive && !(ctl.terminal.isTTY && !ctl.settings.password)) return false;
  const username = await ctl.terminal.readLine('Username:');
  if (username === null) return false;
  const password = await ctl.terminal.readLine('Password:', { hidden: true });
  if (password === null) return false;
  ctl.out('');
  ctl.reconfigure({ username, password });
  return true;
}
