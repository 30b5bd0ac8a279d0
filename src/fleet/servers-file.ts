/**
 * The servers file (`servers.conf`): INI in Supervisor's dialect (the same parser as
 * supervisord.conf), `[server:NAME]` url/username/password/password_command and
 * `[context:NAME]` servers/readonly/color. Pure: text in, servers and contexts out; every bad
 * entry is a FleetError `FILE:LINE: message`.
 */
import { ConfigError } from '../config/errors.ts';
import { IniParser } from '../config/ini.ts';
import { pyRepr } from '../py/python.ts';
import { boolean } from '../config/values.ts';
import { ServerUrlError, parseServerUrl } from '../client/url.ts';
import { CONTEXT_COLORS, FleetError, type ContextColor, type FleetContext, type FleetServer, type Secret, type ServersFile } from './types.ts';

/** Names that stay usable in `NAME@SERVER`, `@web*` and a SERVER column: no `@`, glob characters, `:` or blanks. */
const SERVER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const SERVER_KEYS = new Set(['url', 'username', 'password', 'password_command', 'password_command_timeout']);

/** How long password_command may run (seconds) unless password_command_timeout says otherwise. */
export const PASSWORD_COMMAND_TIMEOUT_S = 30;
const CONTEXT_KEYS = new Set(['servers', 'readonly', 'color']);

export function checkServerName(name: string): string | null {
  return SERVER_NAME.test(name) ? null : `bad server name ${pyRepr(name)} (letters, digits, '_', '.', '-')`;
}

/** The ini parser's multi-line Python error as one line, with the first line it names. */
function iniErrorLine(file: string, err: ConfigError): string {
  const line = /\[line\s+(\d+)\]|line: (\d+)/.exec(err.message);
  const where = line ? `${file}:${line[1] ?? line[2]}` : file;
  const what = err.message.includes('no section headers') ? 'no section header before the first key' : 'not a key = value line';
  return `${where}: ${what}`;
}

export function parseServersFile(text: string, file: string): ServersFile {
  const parser = new IniParser();
  try {
    parser.read(text, file);
  } catch (err) {
    if (err instanceof ConfigError) throw new FleetError(iniErrorLine(file, err));
    throw err;
  }
  const fail = (line: number, message: string): never => {
    throw new FleetError(`${file}:${line}: ${message}`);
  };
  const servers = new Map<string, FleetServer>();
  const contextSections: string[] = [];
  let hasPassword = false;

  for (const section of parser.sections()) {
    const at = parser.lineOf(section);
    const m = /^(server|context):(.*)$/.exec(section);
    if (m === null) return fail(at, `unknown section [${section}] (expected [server:NAME] or [context:NAME])`);
    const kind = m[1]!;
    const name = m[2]!;
    const badName = checkServerName(name);
    if (badName !== null) fail(at, `[${section}]: ${badName}`);
    const allowed = kind === 'server' ? SERVER_KEYS : CONTEXT_KEYS;
    for (const key of parser.options(section)) {
      if (!allowed.has(key)) fail(parser.lineOf(section, key), `[${section}]: unknown key ${pyRepr(key)} (expected ${[...allowed].join(', ')})`);
    }
    if (kind === 'context') {
      contextSections.push(section);
      continue;
    }
    const url = parser.get(section, 'url');
    if (url === undefined || url === '') fail(at, `[${section}]: url is required`);
    try {
      parseServerUrl(url!);
    } catch (err) {
      if (err instanceof ServerUrlError) fail(parser.lineOf(section, 'url'), `[${section}]: ${err.message}`);
      throw err;
    }
    const password = parser.get(section, 'password');
    const command = parser.get(section, 'password_command');
    if (password !== undefined && command !== undefined) {
      fail(parser.lineOf(section, 'password_command'), `[${section}]: password and password_command are both given (keep only the command)`);
    }
    let secret: Secret = { kind: 'none' };
    if (password !== undefined) {
      secret = { kind: 'value', value: password };
      hasPassword = true;
    } else if (command !== undefined) {
      if (command === '') fail(parser.lineOf(section, 'password_command'), `[${section}]: password_command is empty`);
      const t = parser.get(section, 'password_command_timeout');
      const seconds = t === undefined ? PASSWORD_COMMAND_TIMEOUT_S : Number(t);
      if (!(seconds > 0) || !Number.isFinite(seconds)) fail(parser.lineOf(section, 'password_command_timeout'), `[${section}]: password_command_timeout ${pyRepr(t ?? '')} is not a number of seconds above 0`);
      secret = { kind: 'command', command, file, line: parser.lineOf(section, 'password_command'), timeoutMs: seconds * 1000 };
    } else if (parser.get(section, 'password_command_timeout') !== undefined) {
      fail(parser.lineOf(section, 'password_command_timeout'), `[${section}]: password_command_timeout without password_command`);
    }
    servers.set(name, { name, serverurl: url!, username: parser.get(section, 'username') ?? null, password: secret });
  }

  const contexts = new Map<string, FleetContext>();
  for (const section of contextSections) {
    const name = section.slice('context:'.length);
    const list = (parser.get(section, 'servers') ?? '').split(/[\s,]+/).filter((s) => s !== '');
    if (list.length === 0) fail(parser.lineOf(section), `[${section}]: servers is required (server names, space-separated)`);
    for (const s of list) {
      if (!servers.has(s)) fail(parser.lineOf(section, 'servers'), `[${section}]: no [server:${s}] in this file`);
    }
    if (new Set(list).size !== list.length) fail(parser.lineOf(section, 'servers'), `[${section}]: a server is listed twice`);
    let readonly = false;
    const ro = parser.get(section, 'readonly');
    if (ro !== undefined) {
      try {
        readonly = boolean(ro);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        fail(parser.lineOf(section, 'readonly'), `[${section}]: readonly: ${err.message}`);
      }
    }
    const colorText = parser.get(section, 'color');
    let color: ContextColor | null = null;
    if (colorText !== undefined) {
      const c = colorText.toLowerCase();
      if (!(CONTEXT_COLORS as readonly string[]).includes(c)) fail(parser.lineOf(section, 'color'), `[${section}]: color ${pyRepr(colorText)} is not one of ${CONTEXT_COLORS.join(', ')}`);
      color = c as ContextColor;
    }
    contexts.set(name, { name, servers: list, readonly, color });
  }
  return { file, servers, contexts, hasPassword };
}
