/**
 * The one place that decides what a key does, given the mode and the focused pane: tables from
 * key names to actions. Every Ctrl binding has a plain-key equivalent (tmux and ssh setups take
 * many Ctrl keys).
 */
import type { Key } from './keys.ts';
import { SIGNALS, type Action, type ViewState } from './state.ts';

export type KeyContext = Pick<ViewState, 'mode' | 'focus' | 'log' | 'panel'>;

export type Table = Readonly<Record<string, Action>>;

/** The normal-mode tables a config may rebind (tui/settings/): the table's, the log pane's, and keys for both. */
export type TableName = 'table' | 'log' | 'global';
export type Keymap = Readonly<Record<TableName, Table>>;

/** `x` for a printable character, `^x` for Ctrl-x, else the key's name (up, pagedown, f9…). */
export function keyId(key: Key): string {
  if (key.name === 'char') return key.ch;
  if (key.name === 'ctrl') return `^${key.ch}`;
  if (key.name === 'text') return '';
  return key.name;
}

const GLOBAL: Table = {
  f1: { type: 'help' },
  '?': { type: 'help' },
  f9: { type: 'openSignalMenu' },
  K: { type: 'openSignalMenu' },
  f10: { type: 'quit' },
  '^c': { type: 'quit' },
  q: { type: 'quit' },
  '^l': { type: 'redraw' },
  L: { type: 'redraw' },
  s: { type: 'act', op: 'start' },
  x: { type: 'act', op: 'stop' },
  r: { type: 'act', op: 'restart' },
  c: { type: 'act', op: 'clear' },
  A: { type: 'actAll', op: 'start' },
  X: { type: 'actAll', op: 'stop' },
  W: { type: 'rollingRestart' },
  R: { type: 'reread' },
  Z: { type: 'pause' },
  ':': { type: 'openPrompt', prompt: 'command' },
  o: { type: 'logChannel' },
  f: { type: 'logFollow' },
  w: { type: 'logWrap' },
  F: { type: 'logFull' },
  ' ': { type: 'toggleMark' },
  U: { type: 'clearMarks' },
  m: { type: 'messages' },
  f2: { type: 'openColumns' },
  C: { type: 'openColumns' },
  escape: { type: 'escape' },
};

const TABLE: Table = {
  up: { type: 'move', to: 'up' },
  k: { type: 'move', to: 'up' },
  down: { type: 'move', to: 'down' },
  j: { type: 'move', to: 'down' },
  pageup: { type: 'move', to: 'pageUp' },
  pagedown: { type: 'move', to: 'pageDown' },
  '^u': { type: 'move', to: 'halfUp' },
  '^d': { type: 'move', to: 'halfDown' },
  home: { type: 'move', to: 'home' },
  g: { type: 'move', to: 'home' },
  end: { type: 'move', to: 'end' },
  G: { type: 'move', to: 'end' },
  left: { type: 'collapse' },
  h: { type: 'collapse' },
  right: { type: 'expand' },
  l: { type: 'expand' },
  '+': { type: 'expandAll' },
  '-': { type: 'collapseAll' },
  enter: { type: 'openLog' },
  tab: { type: 'focus', pane: 'log' },
  '/': { type: 'openPrompt', prompt: 'filter' },
  '<': { type: 'sort', step: -1 },
  '>': { type: 'sort', step: 1 },
  I: { type: 'sortInvert' },
  T: { type: 'toggleTree' },
  d: { type: 'openDetails' },
  M: { type: 'openMergedLog' },
};

const LOG: Table = {
  up: { type: 'logScroll', to: 'up' },
  k: { type: 'logScroll', to: 'up' },
  down: { type: 'logScroll', to: 'down' },
  j: { type: 'logScroll', to: 'down' },
  pageup: { type: 'logScroll', to: 'pageUp' },
  '^u': { type: 'logScroll', to: 'pageUp' },
  pagedown: { type: 'logScroll', to: 'pageDown' },
  '^d': { type: 'logScroll', to: 'pageDown' },
  home: { type: 'logScroll', to: 'top' },
  g: { type: 'logScroll', to: 'top' },
  end: { type: 'logScroll', to: 'bottom' },
  G: { type: 'logScroll', to: 'bottom' },
  tab: { type: 'logChannel' },
  backtab: { type: 'focus', pane: 'table' },
  left: { type: 'focus', pane: 'table' },
  h: { type: 'focus', pane: 'table' },
  '/': { type: 'openPrompt', prompt: 'search' },
  '?': { type: 'openPrompt', prompt: 'searchBack' },
  n: { type: 'logSearchNext', step: 1 },
  N: { type: 'logSearchNext', step: -1 },
  '&': { type: 'openPrompt', prompt: 'logFilter' },
};

const PROMPT: Table = {
  enter: { type: 'promptSubmit' },
  escape: { type: 'escape' },
  '^c': { type: 'escape' },
  backspace: { type: 'promptBackspace' },
  '^h': { type: 'promptBackspace' },
  delete: { type: 'promptEdit', op: 'delete' },
  left: { type: 'promptEdit', op: 'left' },
  right: { type: 'promptEdit', op: 'right' },
  home: { type: 'promptEdit', op: 'home' },
  '^a': { type: 'promptEdit', op: 'home' },
  end: { type: 'promptEdit', op: 'end' },
  '^e': { type: 'promptEdit', op: 'end' },
  '^u': { type: 'promptEdit', op: 'killStart' },
  '^w': { type: 'promptEdit', op: 'killWord' },
  up: { type: 'promptHistory', step: -1 },
  down: { type: 'promptHistory', step: 1 },
  tab: { type: 'promptComplete' },
};

/** The details view: scrolls; Enter, Esc, q (and d again) go back to the table. */
const DETAILS: Table = {
  up: { type: 'detailsScroll', to: 'up' },
  k: { type: 'detailsScroll', to: 'up' },
  down: { type: 'detailsScroll', to: 'down' },
  j: { type: 'detailsScroll', to: 'down' },
  pageup: { type: 'detailsScroll', to: 'pageUp' },
  '^u': { type: 'detailsScroll', to: 'pageUp' },
  pagedown: { type: 'detailsScroll', to: 'pageDown' },
  '^d': { type: 'detailsScroll', to: 'pageDown' },
  ' ': { type: 'detailsScroll', to: 'pageDown' },
  home: { type: 'detailsScroll', to: 'top' },
  g: { type: 'detailsScroll', to: 'top' },
  end: { type: 'detailsScroll', to: 'bottom' },
  G: { type: 'detailsScroll', to: 'bottom' },
  enter: { type: 'closeDetails' },
  escape: { type: 'closeDetails' },
  q: { type: 'closeDetails' },
  d: { type: 'closeDetails' },
  '^c': { type: 'quit' },
};

/** A list to choose from (the signal menu, the `:ctx` picker): move, choose, close. */
const MENU: Table = {
  up: { type: 'menuMove', step: -1 },
  k: { type: 'menuMove', step: -1 },
  down: { type: 'menuMove', step: 1 },
  j: { type: 'menuMove', step: 1 },
  tab: { type: 'menuMove', step: 1 },
  enter: { type: 'menuChoose' },
  escape: { type: 'closeOverlay' },
  q: { type: 'closeOverlay' },
  '^c': { type: 'quit' },
};

const SIGNAL_MENU: Table = {
  ...MENU,
  left: { type: 'menuMove', step: -1 },
  right: { type: 'menuMove', step: 1 },
  ...Object.fromEntries(SIGNALS.map((_, i) => [String(i + 1), { type: 'menuChoose', index: i }])),
};

/** The `:ctx` picker. */
const CONTEXT_MENU: Table = MENU;

/** The column chooser: cursor, on/off, move the column (htop's F7/F8 too). */
const COLUMNS: Table = {
  up: { type: 'columnsCursor', step: -1 },
  k: { type: 'columnsCursor', step: -1 },
  down: { type: 'columnsCursor', step: 1 },
  j: { type: 'columnsCursor', step: 1 },
  ' ': { type: 'columnsToggle' },
  enter: { type: 'columnsToggle' },
  '[': { type: 'columnsMove', step: -1 },
  '-': { type: 'columnsMove', step: -1 },
  f7: { type: 'columnsMove', step: -1 },
  ']': { type: 'columnsMove', step: 1 },
  '+': { type: 'columnsMove', step: 1 },
  f8: { type: 'columnsMove', step: 1 },
  escape: { type: 'closeOverlay' },
  q: { type: 'closeOverlay' },
  f2: { type: 'closeOverlay' },
  C: { type: 'closeOverlay' },
  f10: { type: 'closeOverlay' },
  '^c': { type: 'quit' },
};

/**
 * The help overlay: what each entry says and the actions it covers. Its keys are read from the
 * tables above (every key of the normal-mode tables bound to one of those actions), so the overlay
 * cannot drift from what the keys do; test/tui/keymap.test.ts checks that every such key is listed.
 */
const HELP_TOPICS: readonly (readonly [what: string, actions: readonly Action[], tables?: readonly TableName[]])[] = [
  ['move, scroll the log', [{ type: 'move', to: 'up' }, { type: 'move', to: 'down' }, { type: 'logScroll', to: 'up' }, { type: 'logScroll', to: 'down' }]],
  ['page up/down', [{ type: 'move', to: 'pageUp' }, { type: 'move', to: 'pageDown' }, { type: 'logScroll', to: 'pageUp' }, { type: 'logScroll', to: 'pageDown' }]],
  ['half page in the table', [{ type: 'move', to: 'halfUp' }, { type: 'move', to: 'halfDown' }]],
  ['first/last', [{ type: 'move', to: 'home' }, { type: 'move', to: 'end' }, { type: 'logScroll', to: 'top' }, { type: 'logScroll', to: 'bottom' }]],
  ['collapse/expand group', [{ type: 'collapse' }, { type: 'expand' }]],
  ['expand/collapse all', [{ type: 'expandAll' }, { type: 'collapseAll' }]],
  ['open log of process', [{ type: 'openLog' }]],
  ['process details (Esc back)', [{ type: 'openDetails' }]],
  ['merged log: marks or group', [{ type: 'openMergedLog' }]],
  ['log focus, then out/err', [{ type: 'focus', pane: 'log' }, { type: 'logChannel' }], ['table', 'log']],
  ['from the log to the table', [{ type: 'focus', pane: 'table' }]],
  ['close prompt/overlay/log', [{ type: 'escape' }]],
  ['filter: regex, ! inverts', [{ type: 'openPrompt', prompt: 'filter' }]],
  ['command (:restart web:*)', [{ type: 'openPrompt', prompt: 'command' }]],
  ['sort column', [{ type: 'sort', step: -1 }, { type: 'sort', step: 1 }]],
  ['invert sort', [{ type: 'sortInvert' }]],
  ['many servers: tree or flat', [{ type: 'toggleTree' }]],
  ['many servers: rolling restart (marks or row)', [{ type: 'rollingRestart' }]],
  ['mark process/group', [{ type: 'toggleMark' }]],
  ['unmark all', [{ type: 'clearMarks' }]],
  ['start stop restart', [{ type: 'act', op: 'start' }, { type: 'act', op: 'stop' }, { type: 'act', op: 'restart' }]],
  ['clear process log', [{ type: 'act', op: 'clear' }]],
  ['start all / stop all', [{ type: 'actAll', op: 'start' }, { type: 'actAll', op: 'stop' }]],
  ['send a signal', [{ type: 'openSignalMenu' }]],
  ['reread config, y = update', [{ type: 'reread' }]],
  ['log stdout/stderr', [{ type: 'logChannel' }], ['global']],
  ['log follow/wrap/full', [{ type: 'logFollow' }, { type: 'logWrap' }, { type: 'logFull' }]],
  ['log search fwd/back, n same way, N back', [{ type: 'openPrompt', prompt: 'search' }, { type: 'openPrompt', prompt: 'searchBack' }, { type: 'logSearchNext', step: 1 }, { type: 'logSearchNext', step: -1 }], ['log']],
  ['log: only lines matching', [{ type: 'openPrompt', prompt: 'logFilter' }], ['log']],
  ['message history (last 20)', [{ type: 'messages' }]],
  ['choose and order columns', [{ type: 'openColumns' }]],
  ['pause refresh', [{ type: 'pause' }]],
  ['redraw', [{ type: 'redraw' }]],
  ['this help', [{ type: 'help' }]],
  ['quit', [{ type: 'quit' }]],
];

/** The tables the help overlay reads: the keys of normal mode (prompts and the signal menu show theirs in the footer). */
const NORMAL_TABLES: readonly TableName[] = ['table', 'log', 'global'];

export const DEFAULT_KEYMAP: Keymap = { table: TABLE, log: LOG, global: GLOBAL };

const KEY_LABELS: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  tab: 'Tab',
  backtab: 'S-Tab',
  escape: 'Esc',
  ' ': 'Space',
};

/** How the help writes a key id, and where it stands in an entry: named keys, characters, F-keys, Ctrl keys. */
function keyLabel(id: string): { label: string; rank: number } {
  const named = KEY_LABELS[id];
  if (named !== undefined) return { label: named, rank: 0 };
  if (/^f\d+$/.test(id)) return { label: id.toUpperCase(), rank: 2 };
  if (id.startsWith('^')) return { label: `^${id.slice(1).toUpperCase()}`, rank: 3 };
  return { label: id, rank: 1 };
}

export const sameAction = (a: Action, b: Action): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The key ids bound to any of these actions in these tables, in table order. */
function boundKeys(actions: readonly Action[], tables: readonly Table[]): string[] {
  const ids: string[] = [];
  for (const table of tables) {
    for (const [id, bound] of Object.entries(table)) if (!ids.includes(id) && actions.some((a) => sameAction(a, bound))) ids.push(id);
  }
  return ids;
}

function helpKeys(ids: readonly string[]): string {
  const keys = ids.map((id, i) => ({ ...keyLabel(id), i }));
  keys.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return keys.map((k) => k.label).join(' ');
}

/** Actions that change the server: hidden from the help with --readonly (the keys only say "read-only"). */
const CHANGES: ReadonlySet<Action['type']> = new Set(['act', 'actAll', 'openSignalMenu', 'reread', 'rollingRestart']);

export type HelpEntry = readonly [keys: string, what: string, changes: boolean];

/** The help overlay's entries for a keymap (remapped keys shown as bound): [keys, what they do, whether they change the server]. */
export function helpEntries(km: Keymap): readonly HelpEntry[] {
  return HELP_TOPICS.map(([what, actions, tables]) => [helpKeys(boundKeys(actions, (tables ?? NORMAL_TABLES).map((t) => km[t]))), what, actions.every((a) => CHANGES.has(a.type))]);
}

export const HELP: readonly HelpEntry[] = helpEntries(DEFAULT_KEYMAP);

/** How a key bound to `action` is written, for the footer's hints: the first key bound to it in `tables` (null: none). */
export function keyFor(km: Keymap, action: Action, tables: readonly TableName[]): string | null {
  const ids = boundKeys([action], tables.map((t) => km[t]));
  return ids.length === 0 ? null : helpKeys(ids.slice(0, 1));
}

/** Normal-mode keys no help entry covers (`key → action`); the keymap test wants none. */
export function unlistedKeys(km: Keymap = DEFAULT_KEYMAP): string[] {
  const out: string[] = [];
  for (const name of NORMAL_TABLES) {
    for (const [id, action] of Object.entries(km[name])) {
      const listed = HELP_TOPICS.some(([, actions, tables]) => (tables ?? NORMAL_TABLES).includes(name) && actions.some((a) => sameAction(a, action)));
      if (!listed) out.push(`${id} → ${JSON.stringify(action)}`);
    }
  }
  return out;
}

/** Printable text a prompt accepts from a key (typed character or paste), else null. */
function typed(key: Key): string | null {
  if (key.name === 'char') return key.ch;
  if (key.name === 'text') return key.text.replace(/[\r\n\x00-\x1f\x7f]/g, '');
  return null;
}

export function keyToAction(ctx: KeyContext, key: Key, km: Keymap = DEFAULT_KEYMAP): Action | null {
  const id = keyId(key);
  const m = ctx.mode;
  switch (m.kind) {
    case 'prompt': {
      const t = typed(key);
      return PROMPT[id] ?? (t ? { type: 'promptInput', text: t } : null);
    }
    case 'confirm':
    case 'reread':
      return { type: 'answer', yes: id === 'y' || id === 'Y' };
    case 'signal':
      return SIGNAL_MENU[id] ?? null;
    case 'contexts':
      return CONTEXT_MENU[id] ?? null;
    case 'columns':
      return COLUMNS[id] ?? null;
    case 'details':
      return DETAILS[id] ?? null;
    case 'help':
    case 'messages':
      return id === '^c' ? { type: 'quit' } : { type: 'closeOverlay' };
    case 'normal': {
      const local = ctx.focus === 'log' && ctx.log.open ? km.log : km.table;
      const action = local[id] ?? km.global[id] ?? null;
      // Command output never takes the keyboard: a key closes it and still does its own job (Esc only closes).
      if (ctx.panel !== null) return { type: 'dismissPanel', then: id === 'escape' ? null : action };
      return action;
    }
  }
}
