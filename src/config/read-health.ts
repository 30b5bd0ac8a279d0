/**
 * Our `[program:x]` keys for start-up order and health (`depends_on`, `healthcheck`,
 * `healthcheck_*`) and `[supervisord] metrics`. Supervisor 4.2.5 ignores them, so one config
 * serves both daemons. As for every key we add, a wrong value is a config error naming key, value,
 * section, file and line (KeyValueError), never silently a default: the operator asked for a
 * check; running without it would go unnoticed. Missing `depends_on` targets and cycles are errors
 * too (src/deps/graph.ts). `healthcheck_*` without `healthcheck` has nothing to act on: a warning.
 */
import type { ReadContext } from './context.ts';
import { ConfigError, KeyValueError } from './errors.ts';
import { pyRepr, pyStrip } from '../py/python.ts';
import type { GroupConfig, HealthcheckAction, HealthcheckConfig, HealthcheckTarget, ProcessConfig } from './types.ts';
import { flag } from './read-policy.ts';
import { listOfStrings } from './values.ts';
import { findCycle, missingEntries } from '../deps/graph.ts';
import { errorText } from '../error-text.ts';

/** Reads one raw key of the section (expanded); null when absent. Throws ConfigError on a bad expansion. */
export type KeyGetter = (key: string) => string | null;

export const HEALTHCHECK_DEFAULTS = { interval: 10, timeout: 3, retries: 3, start_period: 0, action: 'none' } as const;
const HEALTHCHECK_KEYS = ['healthcheck_interval', 'healthcheck_timeout', 'healthcheck_retries', 'healthcheck_start_period', 'healthcheck_action'];

/** Where a section (or one of its keys) is: its file as Supervisor names it, and the line (0 when unknown). */
export function placeOf(ctx: ReadContext, section: string, key?: string): { file: string; line: number } {
  const line = key === undefined ? 0 : ctx.parser.lineOf(section, key);
  return { file: ctx.parser.sectionToFile.get(section) ?? ctx.configfile, line: line !== 0 ? line : ctx.parser.lineOf(section) };
}

/**
 * A section's ConfigError with Supervisor's `in section 'x' (file: 'f')` suffix; a wrong value of one
 * of our keys (KeyValueError) also gets the key's line, as 4.2.5's messages have none to give.
 */
export function inSection(ctx: ReadContext, section: string, err: ConfigError): ConfigError {
  const file = ctx.parser.sectionToFile.get(section) ?? ctx.configfile;
  const line = err instanceof KeyValueError ? ctx.parser.lineOf(section, err.key) : 0;
  return new ConfigError(`${err.message} in section ${pyRepr(section)} (file: ${pyRepr(file)}${line !== 0 ? `, line ${line}` : ''})`);
}

/** `file:line: ` of a key (or of its section), for warnings. */
export function placeText(ctx: ReadContext, section: string, key?: string): string {
  const { file, line } = placeOf(ctx, section, key);
  return line === 0 ? `${file}: ` : `${file}:${line}: `;
}

/** A warning about a key's value: `file:line: [section] key: message`. */
export function keyWarning(ctx: ReadContext, section: string, key: string, message: string): string {
  return `${placeText(ctx, section, key)}[${section}] ${key}: ${message}`;
}

/** Parses a healthcheck target; throws ConfigError with what is wrong. */
export function parseHealthcheckTarget(spec: string): HealthcheckTarget {
  const s = pyStrip(spec);
  if (s.startsWith('cmd:')) {
    const command = pyStrip(s.slice(4));
    if (command === '') throw new ConfigError('cmd: needs a command');
    return { kind: 'cmd', command };
  }
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new ConfigError('not http://…, https://…, tcp://host:port or cmd:command');
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'http', url: url.href };
  if (url.protocol === 'tcp:') {
    const port = Number(url.port);
    if (url.hostname === '' || url.port === '' || !(port >= 1 && port <= 65535)) throw new ConfigError('needs a host and a port (tcp://host:port)');
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return { kind: 'tcp', host, port };
  }
  throw new ConfigError(`unsupported scheme ${pyRepr(url.protocol)}: use http://, https://, tcp:// or cmd:`);
}

/** Seconds: a non-negative decimal number (`10`, `0.5`). */
export function parseSeconds(value: string, allowZero: boolean): number {
  const s = pyStrip(value);
  if (!/^\d+(\.\d+)?$/.test(s)) throw new ConfigError('not a number of seconds');
  const n = Number(s);
  if (!allowZero && n === 0) throw new ConfigError('must be more than 0');
  return n;
}

function parseRetries(value: string): number {
  const s = pyStrip(value);
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new ConfigError('not a whole number of at least 1');
  return Number(s);
}

function parseAction(value: string): HealthcheckAction {
  const s = pyStrip(value).toLowerCase();
  if (s === 'restart' || s === 'none') return s;
  throw new ConfigError('not restart or none');
}

/** `depends_on` entry syntax: `program`, `group:*`, `group:` or `group:process`. */
export function parseDependsOn(value: string): string[] {
  const entries = listOfStrings(value).filter((e) => e !== '');
  for (const e of entries) {
    const colon = e.indexOf(':');
    const bad = /[\s/]/.test(e) || (colon !== -1 && (colon === 0 || e.indexOf(':', colon + 1) !== -1));
    if (bad) throw new ConfigError(`${pyRepr(e)} is not a program name, group:* or group:process`);
  }
  return [...new Set(entries)];
}

/**
 * `depends_on` and `healthcheck*` of one program section. A wrong value throws KeyValueError;
 * `healthcheck_*` set without `healthcheck` is pushed to `warnings` (one line, file and line).
 */
export function readHealthKeys(
  ctx: ReadContext,
  section: string,
  get: KeyGetter,
  warnings: string[],
): { depends_on: readonly string[]; healthcheck: HealthcheckConfig | null } {
  const read = <T>(key: string, parse: (v: string) => T, dflt: T): T => {
    const raw = get(key);
    return raw === null ? dflt : keyValue(key, raw, parse);
  };
  const dependsOn = read('depends_on', parseDependsOn, [] as string[]);
  const spec = read('healthcheck', (v) => (pyStrip(v) === '' ? null : { spec: pyStrip(v), target: parseHealthcheckTarget(v) }), null);
  if (spec === null) {
    for (const key of HEALTHCHECK_KEYS) {
      if (ctx.parser.ownOptions(section).includes(key)) warnings.push(keyWarning(ctx, section, key, 'set without healthcheck; ignored'));
    }
    return { depends_on: dependsOn, healthcheck: null };
  }
  const d = HEALTHCHECK_DEFAULTS;
  const healthcheck: HealthcheckConfig = {
    ...spec,
    interval: read('healthcheck_interval', (v) => parseSeconds(v, false), d.interval),
    timeout: read('healthcheck_timeout', (v) => parseSeconds(v, false), d.timeout),
    retries: read('healthcheck_retries', parseRetries, d.retries),
    start_period: read('healthcheck_start_period', (v) => parseSeconds(v, true), d.start_period),
    action: read('healthcheck_action', parseAction, d.action),
  };
  return { depends_on: dependsOn, healthcheck };
}

/** `parse(raw)`, its ConfigError turned into a KeyValueError naming `key` and `raw`. */
function keyValue<T>(key: string, raw: string, parse: (v: string) => T): T {
  try {
    return parse(raw);
  } catch (err) {
    if (!(err instanceof ConfigError) || err instanceof KeyValueError) throw err;
    throw new KeyValueError(key, raw, errorText(err));
  }
}

/** `[supervisord] metrics` (default false); a wrong value throws KeyValueError. */
export function readMetricsKey(get: KeyGetter): boolean {
  const raw = get('metrics');
  return raw === null ? false : flag('metrics', raw);
}

/** `depends_on` across the whole config: every entry names something, and no cycle. Throws ConfigError. */
export function checkDependencies(ctx: ReadContext, groups: readonly GroupConfig[]): void {
  const nodes = groups.flatMap((g) => g.processes.map((p) => ({ group: g.name, name: p.name, program: p.program_name, depends_on: p.depends_on, config: p })));
  const where = (p: ProcessConfig): string => {
    const line = ctx.parser.lineOf(p.section, 'depends_on');
    return `in section ${pyRepr(p.section)} (file: ${pyRepr(p.file)}${line !== 0 ? `, line ${line}` : ''})`;
  };
  for (const n of nodes) {
    const missing = missingEntries(n, nodes);
    if (missing.length > 0) throw new ConfigError(`depends_on names no program, group or process ${pyRepr(missing[0]!)} ${where(n.config)}`);
  }
  const cycle = findCycle(nodes);
  if (cycle !== null) {
    const first = nodes.find((n) => n.program === cycle[0])!;
    throw new ConfigError(`depends_on cycle: ${cycle.join(' -> ')} ${where(first.config)}`);
  }
}
