/**
 * The one place that decides what a key does, given the mode and the focused pane: tables from
 * key names to actions. Every Ctrl binding has a plain-key equivalent (tmux and ssh setups take
 * many Ctrl keys).
 */
import type { Key } from './keys.ts';
import { SIGNALS, type Action, type ViewState } from './state.ts';

export type KeyContext = Pick<ViewState, 'mode' | 'focus' | 'log' | 'panel'>;

type Table = Readonly<Record<string, Action>>;

/** `x` for a printable character, `^x` for Ctrl-x, else the key's name (up, pagedown, f9…). */
function keyId(key: Key): string {
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
  n: { type: 'logSearchNext', step: 1 },
  N: { type: 'logSearchNext', step: -1 },
};

const PROMPT: Table = {
  enter: { type: 'promptSubmit' },
  escape: { type: 'escape' },
  '^c': { type: 'escape' },
  backspace: { type: 'promptBackspace' },
  delete: { type: 'promptBackspace' },
  '^h': { type: 'promptBackspace' },
};

const SIGNAL_MENU: Table = {
  up: { type: 'menuMove', step: -1 },
  k: { type: 'menuMove', step: -1 },
  left: { type: 'menuMove', step: -1 },
  down: { type: 'menuMove', step: 1 },
  j: { type: 'menuMove', step: 1 },
  right: { type: 'menuMove', step: 1 },
  tab: { type: 'menuMove', step: 1 },
  enter: { type: 'menuChoose' },
  escape: { type: 'closeOverlay' },
  q: { type: 'closeOverlay' },
  '^c': { type: 'quit' },
  ...Object.fromEntries(SIGNALS.map((_, i) => [String(i + 1), { type: 'menuChoose', index: i }])),
};

/** Printable text a prompt accepts from a key (typed character or paste), else null. */
function typed(key: Key): string | null {
  if (key.name === 'char') return key.ch;
  if (key.name === 'text') return key.text.replace(/[\r\n\x00-\x1f\x7f]/g, '');
  return null;
}

export function keyToAction(ctx: KeyContext, key: Key): Action | null {
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
    case 'help':
    case 'messages':
      return id === '^c' ? { type: 'quit' } : { type: 'closeOverlay' };
    case 'normal': {
      const local = ctx.focus === 'log' && ctx.log.open ? LOG : TABLE;
      const action = local[id] ?? GLOBAL[id] ?? null;
      // Command output never takes the keyboard: a key closes it and still does its own job (Esc only closes).
      if (ctx.panel !== null) return { type: 'dismissPanel', then: id === 'escape' ? null : action };
      return action;
    }
  }
}
