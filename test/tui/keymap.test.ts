/** Raw input → keys → actions, per mode and focused pane. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKey, splitInput } from '../../tui/keys.ts';
import { HELP, keyToAction, unlistedKeys, type KeyContext } from '../../tui/keymap.ts';
import { initialState } from '../../tui/reducer.ts';
import type { Mode } from '../../tui/state.ts';

const base = initialState({ cols: 120, rows: 40, readonly: false, interval: 1 });
const table: KeyContext = base;
const logCtx: KeyContext = { ...base, focus: 'log', log: { ...base.log, open: true, target: 'web' } };
const inMode = (mode: Mode): KeyContext => ({ ...base, mode });
const act = (ctx: KeyContext, raw: string) => keyToAction(ctx, parseKey(raw));

test('escape sequences, F-keys and control keys are named', () => {
  assert.deepEqual(parseKey('\x1b[A'), { name: 'up' });
  assert.deepEqual(parseKey('\x1bOB'), { name: 'down' });
  assert.deepEqual(parseKey('\x1b[5~'), { name: 'pageup' });
  assert.deepEqual(parseKey('\x1b[6~'), { name: 'pagedown' });
  assert.deepEqual(parseKey('\x1b[H'), { name: 'home' });
  assert.deepEqual(parseKey('\x1b[4~'), { name: 'end' });
  assert.deepEqual(parseKey('\x1bOP'), { name: 'f1' });
  assert.deepEqual(parseKey('\x1b[11~'), { name: 'f1' });
  assert.deepEqual(parseKey('\x1b[20~'), { name: 'f9' });
  assert.deepEqual(parseKey('\x1b[21~'), { name: 'f10' });
  assert.deepEqual(parseKey('\x1b[1;5A'), { name: 'up' });
  assert.deepEqual(parseKey('\x1b[Z'), { name: 'backtab' });
  assert.deepEqual(parseKey('\t'), { name: 'tab' });
  assert.deepEqual(parseKey('\r'), { name: 'enter' });
  assert.deepEqual(parseKey('\x1b'), { name: 'escape' });
  assert.deepEqual(parseKey('\x7f'), { name: 'backspace' });
  assert.deepEqual(parseKey('\x03'), { name: 'ctrl', ch: 'c' });
  assert.deepEqual(parseKey('\x0c'), { name: 'ctrl', ch: 'l' });
  assert.deepEqual(parseKey('x'), { name: 'char', ch: 'x' });
  assert.deepEqual(parseKey('é'), { name: 'char', ch: 'é' });
});

test('a burst of keys splits into keys; a paste into a prompt stays text', () => {
  assert.deepEqual(splitInput('j\r', false), [{ name: 'char', ch: 'j' }, { name: 'enter' }]);
  assert.deepEqual(splitInput('web', true), [{ name: 'text', text: 'web' }]);
  assert.deepEqual(splitInput('ab\r', true), [{ name: 'char', ch: 'a' }, { name: 'char', ch: 'b' }, { name: 'enter' }]);
  assert.deepEqual(splitInput('\x1b[A', false), [{ name: 'up' }]);
});

test('table keys: movement, groups, filter, sort, marks, actions', () => {
  assert.deepEqual(act(table, 'j'), { type: 'move', to: 'down' });
  assert.deepEqual(act(table, '\x1b[A'), { type: 'move', to: 'up' });
  assert.deepEqual(act(table, 'k'), { type: 'move', to: 'up' });
  assert.deepEqual(act(table, '\x1b[6~'), { type: 'move', to: 'pageDown' });
  assert.deepEqual(act(table, '\x04'), { type: 'move', to: 'halfDown' });
  assert.deepEqual(act(table, '\x15'), { type: 'move', to: 'halfUp' });
  assert.deepEqual(act(table, 'g'), { type: 'move', to: 'home' });
  assert.deepEqual(act(table, 'G'), { type: 'move', to: 'end' });
  assert.deepEqual(act(table, 'h'), { type: 'collapse' });
  assert.deepEqual(act(table, '\x1b[C'), { type: 'expand' });
  assert.deepEqual(act(table, '+'), { type: 'expandAll' });
  assert.deepEqual(act(table, '-'), { type: 'collapseAll' });
  assert.deepEqual(act(table, '/'), { type: 'openPrompt', prompt: 'filter' });
  assert.deepEqual(act(table, ':'), { type: 'openPrompt', prompt: 'command' });
  assert.deepEqual(act(table, '>'), { type: 'sort', step: 1 });
  assert.deepEqual(act(table, '<'), { type: 'sort', step: -1 });
  assert.deepEqual(act(table, 'I'), { type: 'sortInvert' });
  assert.deepEqual(act(table, ' '), { type: 'toggleMark' });
  assert.deepEqual(act(table, 'U'), { type: 'clearMarks' });
  assert.deepEqual(act(table, 's'), { type: 'act', op: 'start' });
  assert.deepEqual(act(table, 'x'), { type: 'act', op: 'stop' });
  assert.deepEqual(act(table, 'r'), { type: 'act', op: 'restart' });
  assert.deepEqual(act(table, 'c'), { type: 'act', op: 'clear' });
  assert.deepEqual(act(table, 'A'), { type: 'actAll', op: 'start' });
  assert.deepEqual(act(table, 'X'), { type: 'actAll', op: 'stop' });
  assert.deepEqual(act(table, '\r'), { type: 'openLog' });
  assert.deepEqual(act(table, '\t'), { type: 'focus', pane: 'log' });
});

test('global keys: signal menu (K, F9), reread, help (?, F1), pause, redraw, quit (q, F10, Ctrl-C)', () => {
  assert.deepEqual(act(table, 'K'), { type: 'openSignalMenu' });
  assert.deepEqual(act(table, '\x1b[20~'), { type: 'openSignalMenu' });
  assert.deepEqual(act(table, 'R'), { type: 'reread' });
  assert.deepEqual(act(table, '?'), { type: 'help' });
  assert.deepEqual(act(table, '\x1bOP'), { type: 'help' });
  assert.deepEqual(act(table, 'Z'), { type: 'pause' });
  assert.deepEqual(act(table, '\x0c'), { type: 'redraw' });
  assert.deepEqual(act(table, 'L'), { type: 'redraw' }, 'no Ctrl-only binding');
  assert.deepEqual(act(table, 'q'), { type: 'quit' });
  assert.deepEqual(act(table, '\x1b[21~'), { type: 'quit' });
  assert.deepEqual(act(table, '\x03'), { type: 'quit' });
});

test('log pane keys when it has the focus', () => {
  assert.deepEqual(act(logCtx, 'k'), { type: 'logScroll', to: 'up' });
  assert.deepEqual(act(logCtx, '\x1b[5~'), { type: 'logScroll', to: 'pageUp' });
  assert.deepEqual(act(logCtx, 'G'), { type: 'logScroll', to: 'bottom' });
  assert.deepEqual(act(logCtx, '\t'), { type: 'logChannel' });
  assert.deepEqual(act(logCtx, 'o'), { type: 'logChannel' });
  assert.deepEqual(act(logCtx, 'f'), { type: 'logFollow' });
  assert.deepEqual(act(logCtx, 'w'), { type: 'logWrap' });
  assert.deepEqual(act(logCtx, 'F'), { type: 'logFull' });
  assert.deepEqual(act(logCtx, '/'), { type: 'openPrompt', prompt: 'search' });
  assert.deepEqual(act(logCtx, 'n'), { type: 'logSearchNext', step: 1 });
  assert.deepEqual(act(logCtx, 'h'), { type: 'focus', pane: 'table' });
  assert.deepEqual(act(logCtx, '\x1b'), { type: 'escape' });
  assert.deepEqual(act(logCtx, 'x'), { type: 'act', op: 'stop' }, 'actions still apply to the selected row');
});

test('prompt mode: text, backspace, Enter, Esc; q is just a letter', () => {
  const p = inMode({ kind: 'prompt', prompt: 'filter', text: '' });
  assert.deepEqual(act(p, 'q'), { type: 'promptInput', text: 'q' });
  assert.deepEqual(act(p, '\x7f'), { type: 'promptBackspace' });
  assert.deepEqual(act(p, '\r'), { type: 'promptSubmit' });
  assert.deepEqual(act(p, '\x1b'), { type: 'escape' });
  assert.deepEqual(keyToAction(p, { name: 'text', text: 'web:*' }), { type: 'promptInput', text: 'web:*' });
});

test('confirm and reread preview: y applies, any other key cancels', () => {
  const c = inMode({ kind: 'confirm', question: 'stop all?', effect: { kind: 'quit' } });
  assert.deepEqual(act(c, 'y'), { type: 'answer', yes: true });
  assert.deepEqual(act(c, 'n'), { type: 'answer', yes: false });
  assert.deepEqual(act(c, '\r'), { type: 'answer', yes: false });
  const r = inMode({ kind: 'reread', diff: { added: [], changed: [], removed: [] } });
  assert.deepEqual(act(r, 'y'), { type: 'answer', yes: true });
});

test('signal menu: arrows, digits, Enter, Esc', () => {
  const m = inMode({ kind: 'signal', target: { kind: 'all' }, label: 'all', index: 0 });
  assert.deepEqual(act(m, '\x1b[B'), { type: 'menuMove', step: 1 });
  assert.deepEqual(act(m, 'k'), { type: 'menuMove', step: -1 });
  assert.deepEqual(act(m, '2'), { type: 'menuChoose', index: 1 });
  assert.deepEqual(act(m, '\r'), { type: 'menuChoose' });
  assert.deepEqual(act(m, '\x1b'), { type: 'closeOverlay' });
});

test('help and message history close on any key', () => {
  assert.deepEqual(act(inMode({ kind: 'help' }), 'x'), { type: 'closeOverlay' });
  assert.deepEqual(act(inMode({ kind: 'messages' }), 'x'), { type: 'closeOverlay' });
});

test('command output never takes the keyboard: a key closes it and does its own job; Esc only closes', () => {
  const out: KeyContext = { ...base, panel: { title: ':restart web', lines: ['a', 'b'] } };
  assert.deepEqual(act(out, ':'), { type: 'dismissPanel', then: { type: 'openPrompt', prompt: 'command' } });
  assert.deepEqual(act(out, '\x1b'), { type: 'dismissPanel', then: null });
});

test('the help overlay is read from the keymap: every normal-mode key is listed, with the keys the tables bind', () => {
  assert.deepEqual(unlistedKeys(), []);
  const keysOf = (what: string) => HELP.find(([, w]) => w === what)?.[0];
  assert.equal(keysOf('open log of process'), 'Enter', 'l expands a group; it does not open the log');
  assert.equal(keysOf('send a signal'), 'K F9');
  assert.equal(keysOf('quit'), 'q F10 ^C');
  assert.equal(keysOf('from the log to the table'), 'S-Tab ← h');
});
