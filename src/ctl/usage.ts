/** Help for the supervisorctl mode (`supervisor-tui -h status`): supervisorctl's own text, plus ours. */
export const PROGNAME = 'supervisor-tui';

export const CTL_USAGE = `${PROGNAME} -- control applications run by supervisord from the cmd line
(a drop-in for supervisorctl).

Usage: ${PROGNAME} [options] [action [arguments]]

Options:
-c/--configuration FILENAME -- configuration file path (searches if not given)
-h/--help -- print usage message and exit
-i/--interactive -- with an action: confirm shutdown/reload, ask for credentials on a 401
-s/--serverurl URL -- URL on which supervisord server is listening
     (default "http://localhost:9001"; also ssh://[user@]host[:port]/path/to/sock).
-u/--username USERNAME -- username to use for authentication with server
-p/--password PASSWORD -- password to use for authentication with server
-r/--history_file FILE -- keep a readline history in FILE
--no-color -- no colour in status and tail -f (also NO_COLOR=1)
--context NAME -- run the action on every server of a context of the servers file
--servers FILE -- the servers file (default $XDG_CONFIG_HOME/supervisor-tui/servers.conf)
     (-s given several times, or -s NAME=URL: an ad-hoc fleet; NAME@SERVER picks servers)

action [arguments] -- see below

Actions are commands like "tail" or "stop".  "shell" starts an interactive shell
interpreting actions typed interactively.  Use the action "help" to find out
about available actions.  Beyond supervisorctl: "status --json", and
"tail -f NAME|GROUP:* NAME... [stdout|stderr]" follows several processes at once.
`;

/** supervisorctl's usage error, two lines for stderr (status 2). */
export function usageLines(message: string): string {
  return `Error: ${message}\nFor help, use ${PROGNAME} -h\n`;
}
