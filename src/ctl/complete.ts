/**
 * Tab completion as supervisorctl's: commands in the first position (and after `help`), group
 * names after add/remove/update, process names (`name`, `group:name`, `group:*`) after the
 * process commands. `:`, `*` and `-` belong to words, so `web:*` completes as one word.
 */
interface Named {
  name: string;
  group: string;
}

const GROUP_COMMANDS = new Set(['add', 'remove', 'update']);
const PROCESS_COMMANDS = new Set(['clear', 'fg', 'pid', 'restart', 'signal', 'start', 'status', 'stop', 'tail']);

/** The word being completed: what follows the last readline delimiter (minus `:`, `*`, `-`). */
export function currentWord(line: string): string {
  return /[^ \t\n"\\'`@$><=;|&{(]*$/.exec(line)![0];
}

/** Whether completing `line` needs the process list (so the caller fetches it only then). */
export function needsProcesses(line: string): boolean {
  const w = line.split(/\s+/).filter((x) => x !== '');
  if (w.length === 0 || (w.length === 1 && !line.endsWith(' '))) return false;
  return GROUP_COMMANDS.has(w[0]!) || PROCESS_COMMANDS.has(w[0]!);
}

export function completions(line: string, vocabulary: readonly string[], infos: readonly Named[]): string[] {
  const text = currentWord(line);
  const w = line.split(/\s+/).filter((x) => x !== '');
  const action = w[0];
  let candidates: string[] = [];
  if (action === undefined || (w.length === 1 && !line.endsWith(' ')) || action === 'help') {
    candidates = [...vocabulary];
  } else if (GROUP_COMMANDS.has(action)) {
    candidates = [...new Set(infos.map((i) => i.group))];
  } else if (PROCESS_COMMANDS.has(action)) {
    const seen = new Set<string>();
    for (const i of infos) {
      if (text.includes(':') || i.name !== i.group) {
        seen.add(`${i.group}:${i.name}`);
        seen.add(`${i.group}:*`);
      } else {
        seen.add(i.name);
      }
    }
    candidates = [...seen];
  }
  return candidates.filter((c) => c.startsWith(text)).map((c) => c + ' ');
}
