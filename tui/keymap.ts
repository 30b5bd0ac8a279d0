/**
 * The one place that decides what a key does, given the mode and the focused pane.
 * Every Ctrl binding has a plain-key equivalent (tmux and ssh setups take many Ctrl keys).
 */
import type { Key } from './keys.ts';
import { SIGNALS, type Action, type ViewState } from './state.ts';

export type KeyContext = Pick<ViewState, 'mode' | 'focus' | 'log'>;

/** Printable text a prompt accepts from a key (typed character or paste), else null. */
function typed(key: Key): string | null {
  if (key.name === 'char') return key.ch;
  if (key.name === 'text') return key.text.replace(/[\r\n\x00-\x1f\x7f]/g, '');
  return null;
}

function promptKey(key: Key): Action | null {
  switch (key.name) {
    case 'enter':
      return { type: 'promptSubmit' };
    case 'escape':
      return { type: 'escape' };
    case 'backspace':
    case 'delete':
      return { type: 'promptBackspace' };
    case 'ctrl':
      if (key.ch === 'c') return { type: 'escape' };
      if (key.ch === 'h') return { type: 'promptBackspace' };
      return null;
    default: {
      const t = typed(key);
      return t ? { type: 'promptInput', text: t } : null;
    }
  }
}

function globalKey(key: Key): Action | null {
  switch (key.name) {
    case 'f1':
      return { type: 'help' };
    case 'f9':
      return { type: 'openSignalMenu' };
    case 'f10':
      return { type: 'quit' };
    case 'ctrl':
      if (key.ch === 'c') return { type: 'quit' };
      if (key.ch === 'l') return { type: 'redraw' };
      return null;
    case 'char':
      switch (key.ch) {
        case '?':
          return { type: 'help' };
        case 'q':
          return { type: 'quit' };
        case 's':
          return { type: 'act', op: 'start' };
        case 'x':
          return { type: 'act', op: 'stop' };
        case 'r':
          return { type: 'act', op: 'restart' };
        case 'c':
          return { type: 'act', op: 'clear' };
        case 'A':
          return { type: 'actAll', op: 'start' };
        case 'X':
          return { type: 'actAll', op: 'stop' };
        case 'K':
          return { type: 'openSignalMenu' };
        case 'R':
          return { type: 'reread' };
        case 'Z':
          return { type: 'pause' };
        case ':':
          return { type: 'openPrompt', prompt: 'command' };
        case 'o':
          return { type: 'logChannel' };
        case 'f':
          return { type: 'logFollow' };
        case 'w':
          return { type: 'logWrap' };
        case 'F':
          return { type: 'logFull' };
        case ' ':
          return { type: 'toggleMark' };
        case 'U':
          return { type: 'clearMarks' };
      }
      return null;
    case 'escape':
      return { type: 'escape' };
    default:
      return null;
  }
}

function tableKey(key: Key): Action | null {
  switch (key.name) {
    case 'up':
      return { type: 'move', to: 'up' };
    case 'down':
      return { type: 'move', to: 'down' };
    case 'pageup':
      return { type: 'move', to: 'pageUp' };
    case 'pagedown':
      return { type: 'move', to: 'pageDown' };
    case 'home':
      return { type: 'move', to: 'home' };
    case 'end':
      return { type: 'move', to: 'end' };
    case 'left':
      return { type: 'collapse' };
    case 'right':
      return { type: 'expand' };
    case 'enter':
      return { type: 'openLog' };
    case 'tab':
      return { type: 'focus', pane: 'log' };
    case 'ctrl':
      if (key.ch === 'u') return { type: 'move', to: 'halfUp' };
      if (key.ch === 'd') return { type: 'move', to: 'halfDown' };
      return null;
    case 'char':
      switch (key.ch) {
        case 'k':
          return { type: 'move', to: 'up' };
        case 'j':
          return { type: 'move', to: 'down' };
        case 'g':
          return { type: 'move', to: 'home' };
        case 'G':
          return { type: 'move', to: 'end' };
        case 'h':
          return { type: 'collapse' };
        case 'l':
          return { type: 'expand' };
        case '+':
          return { type: 'expandAll' };
        case '-':
          return { type: 'collapseAll' };
        case '/':
          return { type: 'openPrompt', prompt: 'filter' };
        case '<':
          return { type: 'sort', step: -1 };
        case '>':
          return { type: 'sort', step: 1 };
        case 'I':
          return { type: 'sortInvert' };
      }
      return null;
    default:
      return null;
  }
}

function logKey(key: Key): Action | null {
  switch (key.name) {
    case 'up':
      return { type: 'logScroll', to: 'up' };
    case 'down':
      return { type: 'logScroll', to: 'down' };
    case 'pageup':
      return { type: 'logScroll', to: 'pageUp' };
    case 'pagedown':
      return { type: 'logScroll', to: 'pageDown' };
    case 'home':
      return { type: 'logScroll', to: 'top' };
    case 'end':
      return { type: 'logScroll', to: 'bottom' };
    case 'tab':
      return { type: 'logChannel' };
    case 'backtab':
    case 'left':
      return { type: 'focus', pane: 'table' };
    case 'ctrl':
      if (key.ch === 'u') return { type: 'logScroll', to: 'pageUp' };
      if (key.ch === 'd') return { type: 'logScroll', to: 'pageDown' };
      return null;
    case 'char':
      switch (key.ch) {
        case 'k':
          return { type: 'logScroll', to: 'up' };
        case 'j':
          return { type: 'logScroll', to: 'down' };
        case 'g':
          return { type: 'logScroll', to: 'top' };
        case 'G':
          return { type: 'logScroll', to: 'bottom' };
        case 'h':
          return { type: 'focus', pane: 'table' };
        case '/':
          return { type: 'openPrompt', prompt: 'search' };
        case 'n':
          return { type: 'logSearchNext', step: 1 };
        case 'N':
          return { type: 'logSearchNext', step: -1 };
      }
      return null;
    default:
      return null;
  }
}

export function keyToAction(ctx: KeyContext, key: Key): Action | null {
  const m = ctx.mode;
  switch (m.kind) {
    case 'prompt':
      return promptKey(key);
    case 'confirm':
    case 'reread':
      return { type: 'answer', yes: key.name === 'char' && (key.ch === 'y' || key.ch === 'Y') };
    case 'signal': {
      if (key.name === 'up' || (key.name === 'char' && key.ch === 'k')) return { type: 'menuMove', step: -1 };
      if (key.name === 'down' || (key.name === 'char' && key.ch === 'j')) return { type: 'menuMove', step: 1 };
      if (key.name === 'enter') return { type: 'menuChoose' };
      if (key.name === 'char' && /^[1-9]$/.test(key.ch) && Number(key.ch) <= SIGNALS.length) return { type: 'menuChoose', index: Number(key.ch) - 1 };
      if (key.name === 'ctrl' && key.ch === 'c') return { type: 'quit' };
      return key.name === 'escape' || (key.name === 'char' && key.ch === 'q') ? { type: 'closeOverlay' } : null;
    }
    case 'help':
    case 'output':
      if (key.name === 'ctrl' && key.ch === 'c') return { type: 'quit' };
      return { type: 'closeOverlay' };
    case 'normal': {
      const local = ctx.focus === 'log' && ctx.log.open ? logKey(key) : tableKey(key);
      return local ?? globalKey(key);
    }
  }
}
