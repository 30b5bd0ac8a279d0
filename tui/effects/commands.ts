/**
 * The `:` command line: runs a classic subcommand (`restart web:*`, `reread`, `signal HUP cron`)
 * in-process with supervisorctl's own command code (src/ctl), capturing what it prints.
 * Commands that need the terminal (fg, tail -f) are refused: the log pane does that job.
 */
import type { ConnectOptions, SupervisorClient } from '../../src/client/types.ts';
import { errorText } from '../../src/error-text.ts';
import { READ_ONLY_COMMANDS } from '../../src/ctl/read-only.ts';
import { sanitizeLine } from '../format.ts';

export interface CommandResult {
  code: number;
  lines: string[];
}

export interface CommandConnection {
  serverurl: string;
  username: string | null;
  password: string | null;
}

/** Words of a command line: whitespace-separated, with '…' and "…" quoting. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return words;
}


export function isReadOnlyCommand(words: readonly string[]): boolean {
  return READ_ONLY_COMMANDS.has(words[0] ?? '');
}

/** Why a command cannot run inside the dashboard, or null. */
export function refuseCommand(words: readonly string[], readonly: boolean): string | null {
  const [cmd, ...rest] = words;
  if (cmd === undefined) return 'empty command';
  if (cmd === 'fg') return 'fg needs the terminal: use the log pane (Enter) instead';
  if (cmd === 'shell' || cmd === 'quit' || cmd === 'exit' || cmd === 'EOF') return `${cmd}: not available inside the dashboard (q quits)`;
  if ((cmd === 'tail' || cmd === 'maintail') && rest.includes('-f')) return `${cmd} -f never ends: use the log pane (Enter) instead`;
  if (readonly && !READ_ONLY_COMMANDS.has(cmd)) return `read-only: ${cmd} is disabled`;
  return null;
}

/** Which commands change what the config defines (priorities must be read again). */
export function changesConfig(words: readonly string[]): boolean {
  return ['update', 'add', 'remove', 'reload', 'reread'].includes(words[0] ?? '');
}

/** Run one command line with supervisorctl's implementation; stdout and stderr are collected as lines. */
export async function runCommand(line: string, conn: CommandConnection, connect: (o: ConnectOptions) => SupervisorClient): Promise<CommandResult> {
  const { Ctl, NO_TERMINAL } = await import('../../src/ctl/context.ts');
  const { runLine } = await import('../../src/ctl/controller.ts');
  let text = '';
  const output = { write: (t: string) => void (text += t), writeErr: (t: string) => void (text += t) };
  // No person to ask: confirmations and credential prompts read end-of-input.
  const ctl = new Ctl({ ...conn, prompt: 'supervisor', historyFile: null }, connect, output, NO_TERMINAL, false, false);
  try {
    await runLine(ctl, line);
  } catch (err) {
    text += `error: ${errorText(err)}\n`;
    ctl.exit.set(1);
  } finally {
    ctl.closeClient();
  }
  const lines = text.split('\n').map(sanitizeLine);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { code: ctl.exit.code, lines };
}
