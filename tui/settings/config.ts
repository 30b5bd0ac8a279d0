/**
 * `$XDG_CONFIG_HOME/supervisor-tui/config.ini`: the dashboard's keys and colours. Pure: the
 * file's text → a keymap and colours, or one error naming the file and line.
 *
 *   [keys]            action = key [key…]   (replaces the action's default keys)
 *   [colors]          element = name | #rgb | #rrggbb | 0-255
 *
 * Read with Supervisor's INI parser (src/config/ini.ts) without inline comments, so that `#ff8800`
 * and `;` are values; whole-line comments (`#`, `;`) stay.
 */
import { ConfigError } from '../../src/config/errors.ts';
import { IniParser } from '../../src/config/ini.ts';
import type { ProcessStateName } from '../../src/protocol/index.ts';
import { DEFAULT_KEYMAP, sameAction, type Keymap, type Table, type TableName } from '../keymap.ts';
import type { Action } from '../state.ts';
import type { Color } from '../theme.ts';
import { ACTION_NAMES, parseKeySpec } from './actions.ts';

/** What the dashboard draws with, after the file. */
export interface UiSettings {
  keymap: Keymap;
  /** The theme's named colours, repainted: accent (cyan), ok (green), warning (yellow), error (red), notice (magenta). */
  roles: Partial<Record<Color, string>>;
  /** A state word's own colour. */
  states: Partial<Record<ProcessStateName, string>>;
}

export const DEFAULT_SETTINGS: UiSettings = { keymap: DEFAULT_KEYMAP, roles: {}, states: {} };

export const ROLE_ELEMENTS: Readonly<Record<string, Color>> = { accent: 'cyan', ok: 'green', warning: 'yellow', error: 'red', notice: 'magenta' };
const STATE_ELEMENTS: readonly ProcessStateName[] = ['RUNNING', 'STARTING', 'STOPPING', 'BACKOFF', 'EXITED', 'FATAL', 'UNKNOWN', 'STOPPED'];

const COLOR_NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey'];

/** A colour as written → the Ink colour string, or null. */
export function parseColor(text: string): string | null {
  const v = text.trim();
  const lower = v.toLowerCase();
  if (COLOR_NAMES.includes(lower)) return lower;
  const bright = /^(?:bright[-_ ]?([a-z]+)|([a-z]+)[-_ ]?bright)$/.exec(lower);
  const base = bright?.[1] ?? bright?.[2];
  if (base !== undefined && COLOR_NAMES.slice(0, 8).includes(base)) return `${base}Bright`;
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(v)) return v.length === 4 ? `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}` : v;
  if (/^\d{1,3}$/.test(v) && Number(v) <= 255) return `ansi256(${Number(v)})`;
  return null;
}

export type ConfigResult = { ok: true; settings: UiSettings } | { ok: false; error: string };

interface Binding {
  name: string;
  actions: readonly Action[];
  keys: string[];
  line: number;
}

const TABLES: readonly TableName[] = ['table', 'log', 'global'];

function ownAction(table: Table, actions: readonly Action[]): Action | undefined {
  const bound = Object.values(table);
  return actions.find((a) => bound.some((b) => sameAction(a, b)));
}

/**
 * The keymap with the bindings applied, in file order. Each replaces its action's keys in every
 * table the action is in; a key bound for both panes (global) is taken from the panes' own tables
 * too, or they would shadow it. A binding left without effect by a later one is an error.
 */
function applyBindings(base: Keymap, binds: readonly Binding[]): { keymap: Keymap } | { line: number; message: string } {
  const km: Record<TableName, Record<string, Action>> = { table: { ...base.table }, log: { ...base.log }, global: { ...base.global } };
  for (const b of binds) {
    const inSet = (a: Action | undefined) => a !== undefined && b.actions.some((x) => sameAction(x, a));
    for (const t of TABLES) {
      const own = ownAction(base[t], b.actions);
      if (!own) continue;
      // The new keys take the old ones' place, so that the help lists them where the old ones stood.
      const next: Record<string, Action> = {};
      let placed = false;
      for (const [id, a] of Object.entries(km[t])) {
        if (!inSet(a)) {
          if (!b.keys.includes(id)) next[id] = a;
          continue;
        }
        if (!placed) for (const k of b.keys) next[k] = own;
        placed = true;
      }
      if (!placed) for (const k of b.keys) next[k] = own;
      km[t] = next;
    }
    if (ownAction(base.global, b.actions)) for (const t of ['table', 'log'] as const) for (const k of b.keys) if (km[t][k] && !inSet(km[t][k])) delete km[t][k];
  }
  for (const b of binds) {
    const inSet = (a: Action | undefined) => a !== undefined && b.actions.some((x) => sameAction(x, a));
    for (const k of b.keys) {
      for (const t of TABLES) {
        if (!ownAction(base[t], b.actions)) continue;
        const panes = t === 'global' ? (['table', 'log'] as const) : [t];
        for (const p of panes) {
          const got = km[p][k] ?? km.global[k];
          if (inSet(got)) continue;
          const other = binds.find((o) => o !== b && o.actions.some((x) => got !== undefined && sameAction(x, got)));
          return { line: b.line, message: `key ${JSON.stringify(k === ' ' ? 'space' : k)} for ${b.name} is taken by ${other ? `${other.name} (line ${other.line})` : 'another action'}` };
        }
      }
    }
  }
  return { keymap: km };
}

/** Where an INI parse error points (the parser's own message spans lines). */
function iniErrorLine(message: string): number {
  const m = /\[line\s+(\d+)\]|line: (\d+)/.exec(message);
  return Number(m?.[1] ?? m?.[2] ?? 0);
}

export function parseUiConfig(text: string, path: string): ConfigResult {
  const fail = (line: number, message: string): ConfigResult => ({ ok: false, error: `${path}:${line}: ${message}` });
  const ini = new IniParser({ inlineComments: false });
  try {
    ini.read(text, path);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const line = iniErrorLine(err.message);
    return fail(line, err.message.startsWith('File contains no section headers') ? 'a line before any [section]' : 'not a `name = value` line');
  }
  const binds: Binding[] = [];
  const roles: UiSettings['roles'] = {};
  const states: UiSettings['states'] = {};
  for (const section of ini.sections()) {
    if (section !== 'keys' && section !== 'colors') return fail(ini.lineOf(section), `unknown section [${section}] (there are [keys] and [colors])`);
    for (const name of ini.ownOptions(section)) {
      const line = ini.lineOf(section, name);
      const value = ini.get(section, name) ?? '';
      if (section === 'keys') {
        const actions = ACTION_NAMES[name];
        if (!actions) return fail(line, `unknown action ${JSON.stringify(name)} in [keys] (the README lists them)`);
        const specs = value.split(/\s+/).filter((x) => x !== '');
        if (specs.length === 0) return fail(line, `no key for ${name}`);
        const keys: string[] = [];
        for (const spec of specs) {
          const k = parseKeySpec(spec);
          if (k === null) return fail(line, `bad key ${JSON.stringify(spec)} for ${name} (a character, a name such as space, enter, pgdn or f5, or ctrl-x)`);
          keys.push(k);
        }
        binds.push({ name, actions, keys, line });
      } else {
        const color = parseColor(value);
        if (color === null) return fail(line, `bad colour ${JSON.stringify(value)} for ${name} (a name such as red or brightblue, #rrggbb, or 0-255)`);
        const role = ROLE_ELEMENTS[name];
        const state = STATE_ELEMENTS.find((s) => s.toLowerCase() === name);
        if (role) roles[role] = color;
        else if (state) states[state] = color;
        else return fail(line, `unknown element ${JSON.stringify(name)} in [colors] (${[...Object.keys(ROLE_ELEMENTS), ...STATE_ELEMENTS.map((s) => s.toLowerCase())].join(', ')})`);
      }
    }
  }
  const applied = applyBindings(DEFAULT_KEYMAP, binds);
  if ('line' in applied) return fail(applied.line, applied.message);
  return { ok: true, settings: { keymap: applied.keymap, roles, states } };
}
