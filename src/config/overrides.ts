/**
 * supervisord's command line (compat §9.1): Python getopt rules, each value checked by the
 * same type as the config key it overrides, and Supervisor's error texts. Values given here
 * win over the file's (command line > config file > default).
 */
import { ConfigError } from './errors.ts';
import { pyRepr } from '../py/python.ts';
import { existingDirectory, existingDirpath } from './system-values.ts';
import { byteSize, integer, loggingLevel, octalType } from './values.ts';
import type { World } from './world.ts';

/** Options with a value keep the text as typed; flags are true when given. */
export interface SupervisordOverrides {
  readonly nodaemon?: boolean;
  readonly silent?: boolean;
  readonly nocleanup?: boolean;
  readonly strip_ansi?: boolean;
  readonly user?: string;
  readonly umask?: string;
  readonly directory?: string;
  readonly logfile?: string;
  readonly logfile_maxbytes?: string;
  readonly logfile_backups?: string;
  readonly loglevel?: string;
  readonly pidfile?: string;
  readonly identifier?: string;
  readonly childlogdir?: string;
  readonly minfds?: string;
  readonly minprocs?: string;
}

type ValueKey = Exclude<keyof SupervisordOverrides, 'nodaemon' | 'silent' | 'nocleanup' | 'strip_ansi'>;
type FlagKey = 'nodaemon' | 'silent' | 'nocleanup' | 'strip_ansi';
type OptionKey = ValueKey | FlagKey | 'configfile' | 'profile_options' | 'help' | 'version';

interface OptionDef {
  key: OptionKey;
  short: string | null;
  long: string;
  takesValue: boolean;
  check?: (value: string, world: World) => unknown;
}

const OPTIONS: readonly OptionDef[] = [
  { key: 'help', short: 'h', long: 'help', takesValue: false },
  { key: 'help', short: '?', long: '', takesValue: false },
  { key: 'configfile', short: 'c', long: 'configuration', takesValue: true },
  { key: 'version', short: 'v', long: 'version', takesValue: false },
  { key: 'nodaemon', short: 'n', long: 'nodaemon', takesValue: false },
  { key: 'user', short: 'u', long: 'user', takesValue: true },
  { key: 'umask', short: 'm', long: 'umask', takesValue: true, check: (v) => octalType(v) },
  { key: 'directory', short: 'd', long: 'directory', takesValue: true, check: existingDirectory },
  { key: 'logfile', short: 'l', long: 'logfile', takesValue: true, check: existingDirpath },
  { key: 'logfile_maxbytes', short: 'y', long: 'logfile_maxbytes', takesValue: true, check: (v) => byteSize(v) },
  { key: 'logfile_backups', short: 'z', long: 'logfile_backups', takesValue: true, check: (v) => integer(v) },
  { key: 'loglevel', short: 'e', long: 'loglevel', takesValue: true, check: (v) => loggingLevel(v) },
  { key: 'pidfile', short: 'j', long: 'pidfile', takesValue: true, check: existingDirpath },
  { key: 'identifier', short: 'i', long: 'identifier', takesValue: true },
  { key: 'childlogdir', short: 'q', long: 'childlogdir', takesValue: true, check: existingDirectory },
  { key: 'minfds', short: 'a', long: 'minfds', takesValue: true, check: (v) => integer(v) },
  { key: 'minprocs', short: null, long: 'minprocs', takesValue: true, check: (v) => integer(v) },
  { key: 'nocleanup', short: 'k', long: 'nocleanup', takesValue: false },
  { key: 'strip_ansi', short: 't', long: 'strip_ansi', takesValue: false },
  { key: 'profile_options', short: null, long: 'profile_options', takesValue: true },
  { key: 'silent', short: 's', long: 'silent', takesValue: false },
];

function checkValue(def: OptionDef, opt: string, value: string, world: World): void {
  if (!def.check) return;
  try {
    def.check(value, world);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(`invalid value for ${opt} ${pyRepr(value)}: ${err.message}`);
  }
}

/** Checks override values as supervisord checks its options (named by their short option). */
export function validateOverrides(overrides: SupervisordOverrides, world: World): void {
  for (const def of OPTIONS) {
    const value = (overrides as Record<string, unknown>)[def.key];
    if (typeof value === 'string') checkValue(def, def.short ? `-${def.short}` : `--${def.long}`, value, world);
  }
}

export interface SupervisordArgs {
  readonly action: 'run' | 'help' | 'version';
  readonly configfile: string | null;
  readonly overrides: SupervisordOverrides;
}

/** Python getopt: long options by unique prefix, clustered short flags, stops at the first non-option. */
function getopt(argv: readonly string[]): { opts: Array<[string, string]>; rest: string[] } {
  const opts: Array<[string, string]> = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (arg === '--') return { opts, rest: argv.slice(i + 1) };
    if (!arg.startsWith('-') || arg === '-') break;
    i++;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const exact = OPTIONS.find((o) => o.long !== '' && o.long === name);
      const candidates = exact ? [exact] : OPTIONS.filter((o) => o.long !== '' && o.long.startsWith(name));
      if (candidates.length === 0) throw new ConfigError(`option --${name} not recognized`);
      if (candidates.length > 1) throw new ConfigError(`option --${name} not a unique prefix`);
      const def = candidates[0]!;
      if (def.takesValue) {
        let value: string;
        if (eq !== -1) value = arg.slice(eq + 1);
        else {
          if (i >= argv.length) throw new ConfigError(`option --${def.long} requires argument`);
          value = argv[i++]!;
        }
        opts.push([`--${def.long}`, value]);
      } else {
        if (eq !== -1) throw new ConfigError(`option --${def.long} must not have an argument`);
        opts.push([`--${def.long}`, '']);
      }
      continue;
    }
    let rest = arg.slice(1);
    while (rest !== '') {
      const ch = rest[0]!;
      rest = rest.slice(1);
      const def = OPTIONS.find((o) => o.short === ch);
      if (!def) throw new ConfigError(`option -${ch} not recognized`);
      if (def.takesValue) {
        if (rest === '') {
          if (i >= argv.length) throw new ConfigError(`option -${ch} requires argument`);
          rest = argv[i++]!;
        }
        opts.push([`-${ch}`, rest]);
        rest = '';
      } else opts.push([`-${ch}`, '']);
    }
  }
  return { opts, rest: argv.slice(i) };
}

function pyListRepr(items: readonly string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`;
}

/** supervisord's argv (without the program name) → config path and overrides; Supervisor's error texts. */
export function parseSupervisordArgs(argv: readonly string[], world: World): SupervisordArgs {
  const { opts, rest } = getopt(argv);
  if (rest.length > 0) throw new ConfigError(`positional arguments are not supported: ${pyListRepr(rest)}`);
  const seen = new Set<OptionKey>();
  const values: Record<string, string | boolean> = {};
  let configfile: string | null = null;
  for (const [opt, value] of opts) {
    const def = OPTIONS.find((o) => (opt.startsWith('--') ? `--${o.long}` === opt : `-${o.short}` === opt))!;
    if (def.key === 'help' || def.key === 'version') return { action: def.key, configfile, overrides: values };
    checkValue(def, opt, value, world);
    if (def.key === 'profile_options') continue;
    if (seen.has(def.key)) throw new ConfigError(`conflicting command line option ${pyRepr(opt)}`);
    seen.add(def.key);
    if (def.key === 'configfile') configfile = value;
    else values[def.key] = def.takesValue ? value : true;
  }
  return { action: 'run', configfile, overrides: values };
}
