/**
 * The `:` command line: runs a classic subcommand (`restart web:*`, `reread`, `signal HUP cron`)
 * with the same bin and connection options, as a child process, and returns its output lines.
 */
import { spawn } from 'node:child_process';
import { sanitizeLine } from '../format.ts';

export interface CommandResult {
  code: number;
  lines: string[];
}

/** Words of a command line: whitespace-separated, with '…' and "…" quoting. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return words;
}

const READ_ONLY_COMMANDS = new Set(['status', 'avail', 'pid', 'version', 'help', 'tail', 'maintail']);

/** Why a command cannot run inside the dashboard, or null. */
export function refuseCommand(words: readonly string[], readonly: boolean): string | null {
  const [cmd, ...rest] = words;
  if (cmd === undefined) return 'empty command';
  if (cmd === 'fg') return 'fg needs the terminal: use the log pane (Enter) instead';
  if ((cmd === 'tail' || cmd === 'maintail') && rest.includes('-f')) return `${cmd} -f never ends: use the log pane (Enter) instead`;
  if (readonly && !READ_ONLY_COMMANDS.has(cmd)) return `read-only: ${cmd} is disabled`;
  return null;
}

/** Which commands change what the config defines (priorities must be read again). */
export function changesConfig(words: readonly string[]): boolean {
  return ['update', 'add', 'remove', 'reload'].includes(words[0] ?? '');
}

const TIMEOUT_MS = 60_000;

/** Run `<bin> <connArgs> <words>` and collect stdout+stderr. */
export function runCommand(words: readonly string[], connArgs: readonly string[]): Promise<CommandResult> {
  const entry = process.argv[1] ?? '';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, entry, ...connArgs, ...words], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: 1, lines: [err.message] });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = out.split('\n').map(sanitizeLine);
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      resolve({ code: code ?? 1, lines });
    });
  });
}
