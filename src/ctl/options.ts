/**
 * Global options of `supervisor-tui <command>`, parsed as supervisorctl parses them (Python
 * getopt, not GNU): options end at the first word that does not start with `-`, so
 * `-c x.conf tail -f web stderr` gives the command `tail -f web stderr` and the `-f` and any
 * `-c` after the command word belong to the command. Long options may be abbreviated to a
 * unique prefix; `-cFILE` and `--configuration=FILE` both work. Errors carry supervisorctl's text.
 *
 * The scanner validates; the options are then read straight off its occurrences. (meow used to type
 * them: importing it cost ~30 ms of every command's ~100 ms start, bench/ `status` wall time.)
 */
import { pyRepr } from '../py/python.ts';
import { ServerUrlError, validateServerUrl } from '../client/url.ts';
import { splitNamedUrl } from '../fleet/adhoc.ts';

export interface GlobalOptions {
  configuration: string | undefined;
  /** The one -s URL (a `name=` before it dropped); undefined when none or several were given. */
  serverurl: string | undefined;
  /** Every -s as typed (`URL` or `name=URL`): two or more make an ad-hoc fleet. */
  serverurls: string[];
  /** --context NAME and --servers FILE: a fleet from the servers file. */
  context: string | undefined;
  serversFile: string | undefined;
  username: string | undefined;
  password: string | undefined;
  historyFile: string | undefined;
  interactive: boolean;
  noColor: boolean;
}

export type ParsedArgs =
  | { kind: 'run'; options: GlobalOptions; command: string[] }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

interface OptionSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  /** Ours, beyond supervisorctl: only the full name, so `--co` still abbreviates --configuration. */
  exact?: boolean;
  /** May be given more than once (-s: one per server of an ad-hoc fleet). */
  repeats?: boolean;
}

const SPECS: readonly OptionSpec[] = [
  { long: 'configuration', short: 'c', takesValue: true },
  { long: 'help', short: 'h', takesValue: false },
  { long: 'interactive', short: 'i', takesValue: false },
  { long: 'serverurl', short: 's', takesValue: true, repeats: true },
  { long: 'username', short: 'u', takesValue: true },
  { long: 'password', short: 'p', takesValue: true },
  // supervisorctl 4.2.5 accepts -r but ignores it (compat §8.1, do not copy): ours applies it.
  { long: 'history_file', short: 'r', takesValue: true },
  { long: 'no-color', takesValue: false },
  { long: 'context', takesValue: true, exact: true },
  { long: 'servers', takesValue: true, exact: true },
];

class UsageError extends Error {}

/** One option as typed (`-s` or `--serverurl`) with its canonical spec and value. */
interface Occurrence {
  typed: string;
  spec: OptionSpec;
  value: string | undefined;
}

function findLong(typedName: string): OptionSpec {
  const exact = SPECS.find((s) => s.long === typedName);
  if (exact) return exact;
  const matches = SPECS.filter((s) => !s.exact && s.long.startsWith(typedName));
  if (matches.length === 0) throw new UsageError(`option --${typedName} not recognized`);
  if (matches.length > 1) throw new UsageError(`option --${typedName} not a unique prefix`);
  return matches[0]!;
}

/** Python getopt.getopt over the global options; returns them and the command words. */
export function scanGlobal(argv: readonly string[]): { occurrences: Occurrence[]; rest: string[] } {
  const occurrences: Occurrence[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') break;
    i++;
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const typedName = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      let value = eq < 0 ? undefined : arg.slice(eq + 1);
      const spec = findLong(typedName);
      if (spec.takesValue && value === undefined) {
        if (i >= argv.length) throw new UsageError(`option --${spec.long} requires argument`);
        value = argv[i++]!;
      } else if (!spec.takesValue && value !== undefined) {
        throw new UsageError(`option --${spec.long} must not have an argument`);
      }
      occurrences.push({ typed: `--${spec.long}`, spec, value });
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const ch = arg[j]!;
      const spec = ch === '?' ? SPECS[1]! : SPECS.find((s) => s.short === ch);
      if (!spec) throw new UsageError(`option -${ch} not recognized`);
      if (!spec.takesValue) {
        occurrences.push({ typed: `-${ch}`, spec, value: undefined });
        continue;
      }
      let value = arg.slice(j + 1);
      if (value === '') {
        if (i >= argv.length) throw new UsageError(`option -${ch} requires argument`);
        value = argv[i++]!;
      }
      occurrences.push({ typed: `-${ch}`, spec, value });
      break;
    }
  }
  return { occurrences, rest: argv.slice(i) };
}

/** The options, typed; parseArgs has already refused repeats, so each occurs at most once. */
function typed(occurrences: readonly Occurrence[]): GlobalOptions {
  const value = (long: string) => occurrences.find((o) => o.spec.long === long)?.value;
  const given = (long: string) => occurrences.some((o) => o.spec.long === long);
  const serverurls = occurrences.filter((o) => o.spec.long === 'serverurl').map((o) => o.value!);
  return {
    configuration: value('configuration'),
    serverurl: serverurls.length === 1 ? splitNamedUrl(serverurls[0]!)[1] : undefined,
    serverurls,
    context: value('context'),
    serversFile: value('servers'),
    username: value('username'),
    password: value('password'),
    historyFile: value('history_file'),
    interactive: given('interactive'),
    noColor: given('no-color'),
  };
}

function checkUrl(o: Occurrence): void {
  try {
    validateServerUrl(splitNamedUrl(o.value!)[1]);
  } catch (err) {
    if (!(err instanceof ServerUrlError)) throw err;
    throw new UsageError(`invalid value for ${o.typed} ${pyRepr(o.value!)}: ${err.message}`);
  }
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  try {
    const { occurrences, rest } = scanGlobal(argv);
    const seen = new Set<string>();
    // Processed in order, as supervisorctl does: -h wins over a later bad value, not an earlier one.
    for (const o of occurrences) {
      if (o.spec.long === 'help') return { kind: 'help' };
      if (o.spec.long === 'serverurl') checkUrl(o);
      if (seen.has(o.spec.long) && !o.spec.repeats) throw new UsageError(`conflicting command line option '${o.typed}'`);
      seen.add(o.spec.long);
    }
    return { kind: 'run', options: typed(occurrences), command: rest };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'usage-error', message: err.message };
    throw err;
  }
}
