/**
 * What to offer for the word under the cursor of a `supervisor-tui …` command line, as the shell
 * scripts ask it (pure: the process list comes in as an argument). Before the command word: global
 * and dashboard options, then commands; after `daemon`/`check`/`completion` their own words; after a
 * supervisorctl command, what supervisorctl's own shell completes (src/ctl/complete.ts).
 */
import { DASHBOARD_ONLY, firstPositional } from '../cli/mode.ts';
import { CHECK_USAGE } from '../config/check-command.ts';
import { SUPERVISORD_OPTION_WORDS } from '../config/overrides.ts';
import { completions, needsProcesses } from '../ctl/complete.ts';
import { GLOBAL_OPTION_WORDS } from '../ctl/options.ts';

export type Completion = { kind: 'words'; words: string[] } | { kind: 'files' };

interface Named {
  name: string;
  group: string;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Modes of the bin that are not supervisorctl commands. */
const OWN_COMMANDS = ['check', 'completion', 'daemon'];
/** Option words (`-c`, `--json`, …) of a usage text, so completion follows what the command accepts. */
export function usageOptionWords(usage: string): string[] {
  return [...new Set(usage.match(/(?<![\w-])--?[A-Za-z][\w-]*/g) ?? [])];
}
const CHECK_OPTIONS = usageOptionWords(CHECK_USAGE);
/** Options whose value is a path: the shell completes file names there. */
const PATH_OPTIONS = new Set(['-c', '--configuration', '-r', '--history_file', '-l', '--logfile', '-j', '--pidfile', '-d', '--directory', '-q', '--childlogdir']);

const GLOBAL = [...GLOBAL_OPTION_WORDS, { word: '-v', takesValue: false }, { word: '--version', takesValue: false }, ...[...DASHBOARD_ONLY].map((word) => ({ word, takesValue: word === '--interval' }))];

/** The words before the cursor, and the (possibly empty) word being typed. */
export function splitLine(line: string): { before: string[]; current: string } {
  const words = line.trimStart().split(/\s+/);
  const current = /\s$/.test(line) || line.trim() === '' ? '' : words.pop()!;
  return { before: words.filter((w) => w !== ''), current };
}

function takesValue(options: readonly { word: string; takesValue: boolean }[], word: string | undefined): boolean {
  return word !== undefined && options.some((o) => o.word === word && o.takesValue);
}

function words(list: readonly string[], current: string): Completion {
  return { kind: 'words', words: [...new Set(list)].filter((w) => w.startsWith(current)).sort() };
}

/** The supervisorctl command line (from its command word on), or null when the line is not one. */
function ctlLine(before: readonly string[], current: string): string | null {
  const i = firstPositional(before);
  if (i < 0 || OWN_COMMANDS.includes(before[i]!)) return null;
  return [...before.slice(i), current].join(' ');
}

/** Whether completing this line needs the server's process list. */
export function needsServer(line: string): boolean {
  const { before, current } = splitLine(line);
  const ctl = ctlLine(before, current);
  return ctl !== null && needsProcesses(ctl);
}

/** The connection options typed before the command word (to ask the same server for names). */
export function connectionWords(line: string): string[] {
  const { before } = splitLine(line);
  const i = firstPositional(before);
  return i < 0 ? before : before.slice(0, i);
}

export function complete(line: string, vocabulary: readonly string[], infos: readonly Named[]): Completion {
  const { before, current } = splitLine(line);
  const prev = before[before.length - 1];
  const i = firstPositional(before);
  if (i < 0) {
    if (takesValue(GLOBAL, prev)) return PATH_OPTIONS.has(prev!) ? { kind: 'files' } : words([], current);
    if (current.startsWith('-')) return words(GLOBAL.map((o) => o.word), current);
    return words([...vocabulary, ...OWN_COMMANDS], current);
  }
  const command = before[i]!;
  const after = before.length - i - 1;
  switch (command) {
    case 'daemon':
      if (takesValue(SUPERVISORD_OPTION_WORDS, prev)) return PATH_OPTIONS.has(prev!) ? { kind: 'files' } : words([], current);
      return words(current.startsWith('-') ? SUPERVISORD_OPTION_WORDS.map((o) => o.word) : [], current);
    case 'check':
      if (prev === '-c' || prev === '--configuration') return { kind: 'files' };
      return words(CHECK_OPTIONS, current);
    case 'completion':
      return words(after === 0 ? SHELLS : [], current);
    default:
      return words(completions(ctlLine(before, current)!, vocabulary, infos).map((c) => c.trimEnd()), current);
  }
}
