/**
 * What a read-only session still runs: `--readonly` in the dashboard and a `readonly = true`
 * context everywhere (dashboard, command line, shell). Everything else a server would carry out
 * is refused before it is sent.
 */

/** Commands that only read from the server. */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set(['status', 'avail', 'pid', 'version', 'help', 'tail', 'maintail']);

/** Lines that steer the session itself, never the server (leaving it, pointing it elsewhere). */
const SESSION_COMMANDS: ReadonlySet<string> = new Set(['quit', 'exit', 'EOF', 'open']);

/** Whether a read-only session refuses `command` (a known command that could change something). */
export function changesServer(command: string, known: (command: string) => boolean): boolean {
  return known(command) && !READ_ONLY_COMMANDS.has(command) && !SESSION_COMMANDS.has(command);
}
