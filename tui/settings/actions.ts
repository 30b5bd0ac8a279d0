/**
 * The names a config.ini `[keys]` line gives the dashboard's actions, and how a key is written
 * there. Pure. One name may stand for an action of the table and its counterpart in the log pane
 * (`down` moves the cursor, or scrolls the log when it has the focus): rebinding it rebinds both.
 */
import type { Action } from '../state.ts';

export const ACTION_NAMES: Readonly<Record<string, readonly Action[]>> = {
  up: [{ type: 'move', to: 'up' }, { type: 'logScroll', to: 'up' }],
  down: [{ type: 'move', to: 'down' }, { type: 'logScroll', to: 'down' }],
  'page-up': [{ type: 'move', to: 'pageUp' }, { type: 'logScroll', to: 'pageUp' }],
  'page-down': [{ type: 'move', to: 'pageDown' }, { type: 'logScroll', to: 'pageDown' }],
  'half-page-up': [{ type: 'move', to: 'halfUp' }],
  'half-page-down': [{ type: 'move', to: 'halfDown' }],
  first: [{ type: 'move', to: 'home' }, { type: 'logScroll', to: 'top' }],
  last: [{ type: 'move', to: 'end' }, { type: 'logScroll', to: 'bottom' }],
  collapse: [{ type: 'collapse' }],
  expand: [{ type: 'expand' }],
  'expand-all': [{ type: 'expandAll' }],
  'collapse-all': [{ type: 'collapseAll' }],
  'open-log': [{ type: 'openLog' }],
  details: [{ type: 'openDetails' }],
  'merged-log': [{ type: 'openMergedLog' }],
  'log-focus': [{ type: 'focus', pane: 'log' }],
  'table-focus': [{ type: 'focus', pane: 'table' }],
  close: [{ type: 'escape' }],
  filter: [{ type: 'openPrompt', prompt: 'filter' }],
  command: [{ type: 'openPrompt', prompt: 'command' }],
  'sort-prev': [{ type: 'sort', step: -1 }],
  'sort-next': [{ type: 'sort', step: 1 }],
  'sort-invert': [{ type: 'sortInvert' }],
  tree: [{ type: 'toggleTree' }],
  'rolling-restart': [{ type: 'rollingRestart' }],
  mark: [{ type: 'toggleMark' }],
  'unmark-all': [{ type: 'clearMarks' }],
  start: [{ type: 'act', op: 'start' }],
  stop: [{ type: 'act', op: 'stop' }],
  restart: [{ type: 'act', op: 'restart' }],
  clear: [{ type: 'act', op: 'clear' }],
  'start-all': [{ type: 'actAll', op: 'start' }],
  'stop-all': [{ type: 'actAll', op: 'stop' }],
  signal: [{ type: 'openSignalMenu' }],
  reread: [{ type: 'reread' }],
  'log-channel': [{ type: 'logChannel' }],
  'log-follow': [{ type: 'logFollow' }],
  'log-wrap': [{ type: 'logWrap' }],
  'log-full': [{ type: 'logFull' }],
  search: [{ type: 'openPrompt', prompt: 'search' }],
  'search-back': [{ type: 'openPrompt', prompt: 'searchBack' }],
  'search-next': [{ type: 'logSearchNext', step: 1 }],
  'search-prev': [{ type: 'logSearchNext', step: -1 }],
  'log-filter': [{ type: 'openPrompt', prompt: 'logFilter' }],
  messages: [{ type: 'messages' }],
  columns: [{ type: 'openColumns' }],
  pause: [{ type: 'pause' }],
  redraw: [{ type: 'redraw' }],
  help: [{ type: 'help' }],
  quit: [{ type: 'quit' }],
};

const NAMED: Readonly<Record<string, string>> = {
  up: 'up',
  down: 'down',
  left: 'left',
  right: 'right',
  pageup: 'pageup',
  pgup: 'pageup',
  pagedown: 'pagedown',
  pgdn: 'pagedown',
  home: 'home',
  end: 'end',
  insert: 'insert',
  delete: 'delete',
  tab: 'tab',
  backtab: 'backtab',
  'shift-tab': 'backtab',
  enter: 'enter',
  return: 'enter',
  escape: 'escape',
  esc: 'escape',
  backspace: 'backspace',
  space: ' ',
};

/**
 * A key as written in config.ini → the keymap's key id (`x`, `^x`, `f5`, `pagedown`…), or null.
 * A single printable character stands for itself (case matters: `K` is Shift-k); names
 * (`space`, `enter`, `pgdn`, `f1`…`f12`) and Ctrl keys (`^x`, `C-x`, `ctrl-x`) ignore case.
 */
export function parseKeySpec(spec: string): string | null {
  if ([...spec].length === 1) {
    const c = spec.codePointAt(0)!;
    return c > 0x20 && c !== 0x7f ? spec : null;
  }
  const lower = spec.toLowerCase();
  const named = NAMED[lower];
  if (named !== undefined) return named;
  const f = /^f([1-9]|1[0-2])$/.exec(lower);
  if (f) return `f${f[1]}`;
  // Ctrl-H, I, J and M reach us as Backspace, Tab and Enter: not keys of their own.
  const ctrl = /^(?:\^|c-|ctrl[-+])([a-gkln-pq-z])$/.exec(lower);
  if (ctrl) return `^${ctrl[1]}`;
  return null;
}
