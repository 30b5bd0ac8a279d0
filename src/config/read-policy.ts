/**
 * Keys beyond Supervisor 4.2.5 (README "Beyond Supervisor") for restart policy, environment files,
 * log compression, essential programs and memory limits. 4.2.5 ignores unknown keys, so one file
 * serves both daemons; each default keeps today's behaviour. A wrong value is a config error
 * (KeyValueError: one line naming the key and value; the section reader adds section, file and line).
 */
import { isAbsolute, resolve } from 'node:path';
import { KeyValueError } from './errors.ts';
import { pyStrip } from '../py/python.ts';
import { boolean, byteSize, listOfStrings } from './values.ts';

export type LogCompression = 'gzip' | null;

/** One `env_file=` entry: a leading `-` makes a missing file no error (systemd's EnvironmentFile=-…). */
export interface EnvFileRef {
  readonly path: string;
  readonly optional: boolean;
}

/** The policy keys of one program-like section, as ProcessConfig carries them. */
export interface ProgramPolicy {
  /** Longest time a crash-looping process stays down before its automatic restart, seconds; 0 = no damping. */
  readonly restart_delay_max: number;
  /** BACKOFF delay grows ×factor per attempt (1, f, f², … s); null = Supervisor's +1 s per attempt. */
  readonly backoff_factor: number | null;
  /** Cap on the BACKOFF delay, seconds; null = none. */
  readonly backoff_max: number | null;
  readonly env_file: readonly EnvFileRef[];
  readonly stdout_logfile_compress: LogCompression;
  readonly stderr_logfile_compress: LogCompression;
  /** FATAL (or EXITED without autorestart) stops everything and the daemon exits 3. */
  readonly essential: boolean;
  /** Process-tree RSS limit in bytes; null = none. */
  readonly memory_limit: number | null;
  /** Seconds between memory samples. */
  readonly memory_limit_interval: number;
}

export const DEFAULT_POLICY: ProgramPolicy = {
  restart_delay_max: 1,
  backoff_factor: null,
  backoff_max: null,
  env_file: [],
  stdout_logfile_compress: null,
  stderr_logfile_compress: null,
  essential: false,
  memory_limit: null,
  memory_limit_interval: 5,
};

/** A non-negative decimal number of seconds (or a factor): `5`, `0.5`. */
function decimal(key: string, value: string, min: number, exclusive = false): number {
  const s = pyStrip(value);
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) throw new KeyValueError(key, value, 'not a number');
  const n = Number(s);
  if (exclusive ? n <= min : n < min) throw new KeyValueError(key, value, `must be ${exclusive ? '>' : '>='} ${min}`);
  return n;
}

/** A boolean key of ours: Supervisor's true/false words. */
export function flag(key: string, value: string): boolean {
  try {
    return boolean(pyStrip(value));
  } catch {
    throw new KeyValueError(key, value, 'expected true or false');
  }
}

/** `gzip` | `none` (and the false words); the one compression there is. */
export function logCompression(key: string, value: string): LogCompression {
  const s = pyStrip(value).toLowerCase();
  if (s === 'gzip') return 'gzip';
  if (s === 'none' || s === '') return null;
  try {
    if (!boolean(s)) return null;
  } catch {
    // fall through to the message naming the choices
  }
  throw new KeyValueError(key, value, 'expected gzip or none');
}

/** `env_file = a.env, -b.env`: relative paths are taken from the config file's directory. */
export function envFiles(value: string, here: string): EnvFileRef[] {
  return listOfStrings(value)
    .filter((item) => item !== '')
    .map((item) => {
      const optional = item.startsWith('-');
      const path = optional ? pyStrip(item.slice(1)) : item;
      if (path === '') throw new KeyValueError('env_file', value, 'empty file name');
      return { path: isAbsolute(path) ? path : resolve(here, path), optional };
    });
}

/** A byte size (as logfile_maxbytes reads it) that must be positive; `0` or empty = no limit. */
function memoryLimit(value: string): number | null {
  if (pyStrip(value) === '') return null;
  let n: number;
  try {
    n = byteSize(pyStrip(value));
  } catch {
    throw new KeyValueError('memory_limit', value, 'expected a size such as 512MB');
  }
  if (n < 0) throw new KeyValueError('memory_limit', value, 'must be >= 0');
  return n === 0 ? null : n;
}

/** Read the policy keys of a section through `get` (Supervisor's saneget, with expansion). */
export function readProgramPolicy(get: (key: string) => string | null, here: string): ProgramPolicy {
  const opt = <T>(key: string, parse: (v: string) => T, dflt: T): T => {
    const v = get(key);
    return v === null ? dflt : parse(v);
  };
  const d = DEFAULT_POLICY;
  return {
    restart_delay_max: opt('restart_delay_max', (v) => decimal('restart_delay_max', v, 0), d.restart_delay_max),
    backoff_factor: opt('backoff_factor', (v) => decimal('backoff_factor', v, 1), d.backoff_factor),
    backoff_max: opt('backoff_max', (v) => decimal('backoff_max', v, 0, true), d.backoff_max),
    env_file: opt('env_file', (v) => envFiles(v, here), d.env_file),
    stdout_logfile_compress: opt('stdout_logfile_compress', (v) => logCompression('stdout_logfile_compress', v), d.stdout_logfile_compress),
    stderr_logfile_compress: opt('stderr_logfile_compress', (v) => logCompression('stderr_logfile_compress', v), d.stderr_logfile_compress),
    essential: opt('essential', (v) => flag('essential', v), d.essential),
    memory_limit: opt('memory_limit', memoryLimit, d.memory_limit),
    memory_limit_interval: opt('memory_limit_interval', (v) => decimal('memory_limit_interval', v, 0, true), d.memory_limit_interval),
  };
}
