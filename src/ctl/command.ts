/** The shape of one supervisorctl command, and helpers every command uses. */
import { pySplit } from '../py/python.ts';
import type { Ctl } from './context.ts';
import { Exit } from './exit-status.ts';
import { HELP } from './help-texts.ts';

/** Runs with the rest of the line (already trimmed); returns true to leave the shell. */
export type Command = (ctl: Ctl, arg: string) => Promise<boolean | void>;

/** Python's str.split(): words separated by runs of whitespace. */
export const words = pySplit;

export function printHelp(ctl: Ctl, command: string): void {
  for (const line of HELP[command] ?? []) ctl.out(line);
}

/** `Error: <command> accepts no arguments` and the help, status 1; false when there are none. */
export function rejectsArgs(ctl: Ctl, command: string, arg: string): boolean {
  if (arg === '') return false;
  ctl.out(`Error: ${command} accepts no arguments`);
  ctl.exit.set(Exit.GENERIC);
  printHelp(ctl, command);
  return true;
}

/** A usage error found while reading a command's arguments: the message, status 1, maybe the help. */
export function argumentError(ctl: Ctl, command: string, e: { message: string; help: boolean }): void {
  ctl.out(e.message);
  ctl.exit.set(Exit.GENERIC);
  if (e.help) printHelp(ctl, command);
}
