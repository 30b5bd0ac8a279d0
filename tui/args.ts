/** The dashboard's command line: supervisorctl's connection options plus its own. Pure. */
import { splitNamedUrl } from '../src/fleet/adhoc.ts';

export interface DashboardArgs {
  configuration: string | undefined;
  /** The one -s URL (a `name=` before it dropped); undefined when none or several. */
  serverurl: string | undefined;
  /** Every -s as typed: two or more make an ad-hoc fleet. */
  serverurls: string[];
  /** --context NAME, --servers FILE: a fleet from the servers file. */
  context: string | undefined;
  serversFile: string | undefined;
  username: string | undefined;
  password: string | undefined;
  intervalMs: number;
  /** Per-call timeout (a refresh that takes longer fails and is retried; stale is shown long before). */
  timeoutMs: number;
  noColor: boolean;
  ascii: boolean;
  readonly: boolean;
  demo: boolean;
  /** --no-mouse: no mouse reporting at all (the terminal keeps its own selection). */
  mouse: boolean;
}

export type ParsedDashboardArgs = { kind: 'run'; args: DashboardArgs } | { kind: 'help' } | { kind: 'error'; message: string };

const VALUE_OPTIONS: Record<string, 'configuration' | 'serverurl' | 'username' | 'password' | 'interval' | 'timeout' | 'context' | 'serversFile'> = {
  '--context': 'context',
  '--servers': 'serversFile',
  '-c': 'configuration',
  '--configuration': 'configuration',
  '-s': 'serverurl',
  '--serverurl': 'serverurl',
  '-u': 'username',
  '--username': 'username',
  '-p': 'password',
  '--password': 'password',
  '--interval': 'interval',
  '--timeout': 'timeout',
};

export function parseDashboardArgs(argv: readonly string[]): ParsedDashboardArgs {
  const args: DashboardArgs = {
    configuration: undefined,
    serverurl: undefined,
    serverurls: [],
    context: undefined,
    serversFile: undefined,
    username: undefined,
    password: undefined,
    intervalMs: 1000,
    timeoutMs: 30_000,
    noColor: false,
    ascii: false,
    readonly: false,
    demo: false,
    mouse: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    let name = raw;
    let key: (typeof VALUE_OPTIONS)[string] | undefined;
    let value: string | undefined;
    if (raw.startsWith('--')) {
      const eq = raw.indexOf('=');
      name = eq > 0 ? raw.slice(0, eq) : raw;
      key = VALUE_OPTIONS[name];
      if (key !== undefined) value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    } else if (/^-[csup]/.test(raw)) {
      name = raw.slice(0, 2);
      key = VALUE_OPTIONS[name];
      value = raw.length > 2 ? raw.slice(2) : argv[++i];
    }
    if (key !== undefined) {
      if (value === undefined) return { kind: 'error', message: `option ${name} requires an argument` };
      if (key === 'interval') {
        const secs = Number(value);
        if (!Number.isFinite(secs) || secs < 0.1 || secs > 10) return { kind: 'error', message: `--interval must be between 0.1 and 10 seconds (got ${value})` };
        args.intervalMs = Math.round(secs * 1000);
      } else if (key === 'serverurl') {
        args.serverurls.push(value);
        args.serverurl = args.serverurls.length === 1 ? splitNamedUrl(value)[1] : undefined;
      } else if (key === 'timeout') {
        const secs = Number(value);
        if (!Number.isFinite(secs) || secs < 1 || secs > 3600) return { kind: 'error', message: `--timeout must be between 1 and 3600 seconds (got ${value})` };
        args.timeoutMs = Math.round(secs * 1000);
      } else args[key] = value;
      continue;
    }
    switch (raw) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '--no-color':
        args.noColor = true;
        break;
      case '--ascii':
        args.ascii = true;
        break;
      case '--readonly':
        args.readonly = true;
        break;
      case '--demo':
        args.demo = true;
        break;
      case '--no-mouse':
        args.mouse = false;
        break;
      default:
        return { kind: 'error', message: `option ${raw} not recognized (see supervisor-tui --help)` };
    }
  }
  return { kind: 'run', args };
}
