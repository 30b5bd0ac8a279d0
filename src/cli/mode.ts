/**
 * Which mode the one bin runs, decided from argv without loading any mode's code.
 * supervisorctl's global options may come before the command word, so we skip options
 * (and the values of those that take one) to find the first positional word.
 */

export type Mode = 'dashboard' | 'daemon' | 'check' | 'completion' | 'ctl' | 'help' | 'version';

const TAKES_VALUE = new Set(['-c', '--configuration', '-s', '--serverurl', '-u', '--username', '-p', '--password', '-r', '--history_file', '--interval', '--context', '--servers']);

export function firstPositional(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!a.startsWith('-') || a === '-') return i;
    if (TAKES_VALUE.has(a)) i++;
  }
  return -1;
}

/** Options only the dashboard has: given one, the dashboard was meant even without a terminal (and says it needs one). */
export const DASHBOARD_ONLY: ReadonlySet<string> = new Set(['--demo', '--interval', '--ascii', '--readonly', '--no-mouse']);

export interface ModeChoice {
  mode: Mode;
  /** For daemon/check/completion: argv without the mode word. Otherwise: all of argv. */
  args: string[];
}

/**
 * With no command word: the dashboard, except where supervisorctl would run its interactive shell
 * and a dashboard cannot serve — `-i`, or commands piped on stdin (`supervisor-tui -c x < cmds.txt`).
 */
export function chooseMode(argv: readonly string[], stdinIsTTY = true): ModeChoice {
  const i = firstPositional(argv);
  if (i < 0) {
    if (argv.includes('-h') || argv.includes('--help') || argv.includes('-?')) return { mode: 'help', args: [...argv] };
    if (argv.includes('-v') || argv.includes('--version')) return { mode: 'version', args: [...argv] };
    if (argv.some((a) => DASHBOARD_ONLY.has(a.split('=')[0]!))) return { mode: 'dashboard', args: [...argv] };
    if (argv.includes('-i') || argv.includes('--interactive') || !stdinIsTTY) return { mode: 'ctl', args: [...argv] };
    return { mode: 'dashboard', args: [...argv] };
  }
  const word = argv[i]!;
  if (word === 'daemon') return { mode: 'daemon', args: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  if (word === 'check') return { mode: 'check', args: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  if (word === 'completion') return { mode: 'completion', args: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  return { mode: 'ctl', args: [...argv] };
}
