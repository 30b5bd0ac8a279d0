/**
 * The interactive shell (`supervisor-tui shell`, supervisorctl with no command): status first,
 * then `<prompt>> ` until quit/exit/EOF/Ctrl-C, with history_file and tab completion.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { AsyncCompleter } from 'node:readline';
import type { ProcessInfo } from '../protocol/types.ts';
import { completions, currentWord, needsProcesses } from './complete.ts';
import type { Ctl, Terminal } from './context.ts';
import { runLine, VOCABULARY } from './controller.ts';

/** readline's history file: one entry per line, oldest first. Unreadable = no history, as in supervisorctl. */
export function loadHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && l !== '_HiStOrY_V2_')
      .reverse();
  } catch {
    return [];
  }
}

function saveHistory(file: string | null, newestFirst: readonly string[]): void {
  if (file === null) return;
  try {
    writeFileSync(file, [...newestFirst].reverse().map((l) => l + '\n').join(''));
  } catch {
    // supervisorctl ignores an unwritable history file too.
  }
}

/**
 * Completion needs the process list; it is fetched once per command line typed (readline may
 * ask many times for one Tab), as supervisorctl caches it.
 */
export class ShellCompleter {
  private cache: Promise<ProcessInfo[]> | null = null;

  constructor(private readonly ctl: () => Ctl) {}

  reset(): void {
    this.cache = null;
  }

  readonly complete: AsyncCompleter = (line, callback) => {
    const finish = (infos: readonly ProcessInfo[]): void => {
      callback(null, [completions(line, VOCABULARY, infos), currentWord(line)]);
    };
    if (!needsProcesses(line)) return finish([]);
    this.cache ??= this.ctl().client().getAllProcessInfo();
    this.cache.then(finish, () => finish([]));
  };
}

/**
 * `refuse` writes its own one-line error and returns true for a line not to run (a readonly
 * context's changes); the result says whether any line was refused (the exit status is then 1).
 */
export async function runShell(ctl: Ctl, terminal: Terminal, completer: ShellCompleter, refuse: (line: string) => boolean = () => false): Promise<boolean> {
  let refused = false;
  await runLine(ctl, 'status');
  for (;;) {
    const line = await terminal.readLine(`${ctl.settings.prompt}> `);
    if (line === null) {
      ctl.out('');
      break;
    }
    completer.reset();
    if (refuse(line)) {
      refused = true;
      continue;
    }
    // Ctrl-C while a command waits (a slow start, say) leaves the shell, as in supervisorctl;
    // tail -f and fg register their own handler and return to the prompt instead.
    const dispose = terminal.onInterrupt(() => {
      ctl.out('');
      saveHistory(ctl.settings.historyFile, terminal.history());
      process.exit(refused ? 1 : 0);
    });
    try {
      if (await runLine(ctl, line)) break;
    } finally {
      dispose();
    }
  }
  saveHistory(ctl.settings.historyFile, terminal.history());
  return refused;
}
