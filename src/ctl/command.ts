/** The shape of one supervisorctl command, and helpers every command uses. */
import { pySplit } from '../config/python.ts';
import type { Ctl } from './context.ts';
import { HELP } from './help-texts.ts';

/** Runs with the rest of the line (already trimmed); returns true to leave the shell. */
export type Command = (ctl: Ctl, arg: string) => Promise<boolean | void>;

/** Python's str.split(): words separated by runs of whitespace. */
export const words = pySplit;

export function printHelp(ctl: Ctl, command: string): void {
  for (const line of HELP[command] ?? []) ctl.out(line);
}
