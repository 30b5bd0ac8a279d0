/**
 * Supervisor's value types (supervisor/datatypes.py, compat §1.3) that depend only on the text.
 * Each throws ConfigError with Supervisor's message; the section readers add the
 * "in section ..." suffix where Supervisor does.
 */
import { ConfigError } from './errors.ts';
import { pyIntOrNull, pyOctalOrNull, pyRepr, pyStrip } from '../py/python.ts';
import type { AutoRestart, LogLevelName } from './types.ts';

export function integer(value: string | number): number {
  if (typeof value === 'number') return value;
  const n = pyIntOrNull(value);
  if (n === null) throw new ConfigError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
  return n;
}

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

export function boolean(value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  const s = value.toLowerCase();
  if (TRUTHY.includes(s)) return true;
  if (FALSY.includes(s)) return false;
  throw new ConfigError(`not a valid boolean value: ${pyRepr(value)}`);
}

/** `autorestart`: unexpected | true-words (always) | false-words (never). */
export function autoRestart(value: string): AutoRestart {
  const s = value.toLowerCase();
  if (TRUTHY.includes(s)) return true;
  if (FALSY.includes(s)) return false;
  if (s === 'unexpected') return 'unexpected';
  throw new ConfigError(`invalid 'autorestart' value ${pyRepr(s)}`);
}

const BYTE_SUFFIXES: ReadonlyArray<[string, number]> = [
  ['kb', 1024],
  ['mb', 1024 * 1024],
  ['gb', 1024 * 1024 * 1024],
];

/** Byte size: an int, or an int with a KB/MB/GB suffix (any case, 1024-based). */
export function byteSize(value: string): number {
  const v = value.toLowerCase();
  for (const [suffix, multiplier] of BYTE_SUFFIXES) {
    if (v.slice(-suffix.length) === suffix) return integer(v.slice(0, -suffix.length)) * multiplier;
  }
  return integer(v);
}

/** Octal (umask, chmod, socket_mode): `022`, `22`, `0o22`. */
export function octalType(value: string): number {
  const n = pyOctalOrNull(value);
  if (n === null) throw new ConfigError(`${value} can not be converted to an octal type`);
  return n;
}

/** Comma-separated list, items trimmed; empty → []. */
export function listOfStrings(value: string | null): string[] {
  if (!value) return [];
  return value.split(',').map((x) => pyStrip(x));
}

/** Exit codes: comma-separated ints within 0..255; empty → []. */
export function listOfExitcodes(value: string): number[] {
  const fail = (): never => {
    throw new ConfigError(`not a valid list of exit codes: ${pyRepr(value)}`);
  };
  if (!value) return [];
  return value.split(',').map((item) => {
    const n = pyIntOrNull(item);
    if (n === null || n < 0 || n > 255) fail();
    return n as number;
  });
}

const LOG_LEVELS: readonly LogLevelName[] = ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'];

export function loggingLevel(value: string): LogLevelName {
  const s = value.toLowerCase();
  const level = LOG_LEVELS.find((l) => l === s);
  if (!level) throw new ConfigError(`bad logging level name ${pyRepr(value)}`);
  return level;
}

/** Program, group and process names may not contain space, ':' or '/'. Returns the trimmed name. */
export function processOrGroupName(name: string): string {
  const s = pyStrip(name);
  for (const ch of [' ', ':', '/']) {
    if (s.includes(ch)) throw new ConfigError(`Invalid name: ${pyRepr(name)} because of character: ${pyRepr(ch)}`);
  }
  return s;
}

function portNumber(value: string): number {
  const n = integer(value);
  if (n < 1) throw new ConfigError(`${n} is below lower bound (1)`);
  if (n > 0xffff) throw new ConfigError(`${n} is above upper bound (65535)`);
  return n;
}

/** `[inet_http_server] port`: `port`, `host:port`, `*:port`, `:port`. Host '' means all interfaces. */
export function inetAddress(value: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  if (colon === -1) {
    try {
      return { host: '', port: portNumber(value) };
    } catch {
      throw new ConfigError(`not a valid port number: ${pyRepr(value)} `);
    }
  }
  const portText = value.slice(colon + 1);
  if (!portText) throw new ConfigError(`no port number specified in ${pyRepr(portText)}`);
  const port = portNumber(portText);
  const host = value.slice(0, colon).toLowerCase();
  return { host: host === '*' ? '' : host, port };
}

/** Python's urlparse() test used by supervisorctl `-s`: a scheme and a netloc or a path. */
export function url(value: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(value);
  const rest = m ? m[2]! : '';
  if (m && rest.replace(/[?#].*$/s, '') !== '') return value;
  throw new ConfigError(`value ${pyRepr(value)} is not a URL`);
}

const SHLEX_WORDCHARS = new Set('abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.+-():');
const SHLEX_WHITESPACE = new Set(' \t\r\n');
const SHLEX_QUOTES = new Set('\'"');

/** Python's non-POSIX `shlex.shlex(s)` with Supervisor's extra word characters, token by token. */
export function shlexTokens(s: string): string[] {
  const chars = [...s];
  let pos = 0;
  const pushback: string[] = [];
  const readLine = (): void => {
    while (pos < chars.length && chars[pos] !== '\n') pos++;
    if (pos < chars.length) pos++;
  };
  const readToken = (): string => {
    let state: string | null = ' ';
    let token = '';
    for (;;) {
      const c = pos < chars.length ? chars[pos++]! : '';
      if (state === ' ') {
        if (!c) return token;
        if (SHLEX_WHITESPACE.has(c)) {
          if (token) return token;
        } else if (c === '#') readLine();
        else if (SHLEX_WORDCHARS.has(c)) {
          token = c;
          state = 'a';
        } else if (SHLEX_QUOTES.has(c)) {
          token = c;
          state = c;
        } else return c;
      } else if (state === 'a') {
        if (!c) return token;
        if (SHLEX_WHITESPACE.has(c)) {
          state = ' ';
          if (token) return token;
        } else if (c === '#') readLine();
        else if (SHLEX_WORDCHARS.has(c) || SHLEX_QUOTES.has(c)) token += c;
        else {
          // Python pushes the character back as a token of its own.
          pushback.push(c);
          return token;
        }
      } else {
        if (!c) throw new ConfigError('No closing quotation');
        token += c;
        if (c === state) return token;
      }
    }
  };
  const tokens: string[] = [];
  for (;;) {
    const tok = pushback.length > 0 ? pushback.shift()! : readToken();
    if (tok === '') return tokens;
    tokens.push(tok);
  }
}

/** `environment=`: KEY=val pairs; quotes around a value are removed; any token separates pairs. */
export function dictOfKeyValuePairs(value: string): Record<string, string> {
  const tokens = shlexTokens(value);
  // A Map, then fromEntries: keys such as `__proto__` stay ordinary keys.
  const out = new Map<string, string>();
  for (let i = 0; i < tokens.length; i += 4) {
    if (i + 2 >= tokens.length || tokens[i + 1] !== '=') {
      throw new ConfigError(`Unexpected end of key/value pairs in value '${value}'`);
    }
    out.set(tokens[i]!, tokens[i + 2]!.replace(/^['"]+/, '').replace(/['"]+$/, ''));
  }
  return Object.fromEntries(out);
}
