/** config.ini: keys and colours, parsed into a keymap and colours, or one error naming file and line. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_KEYMAP, helpEntries, keyToAction, sameAction, type Keymap, type KeyContext } from '../../tui/keymap.ts';
import { parseKey } from '../../tui/keys.ts';
import { initialState } from '../../tui/reducer.ts';
import { ACTION_NAMES, parseKeySpec } from '../../tui/settings/actions.ts';
import { DEFAULT_SETTINGS, parseColor, parseUiConfig, type UiSettings } from '../../tui/settings/config.ts';
import { loadUiSettings, uiConfigPath } from '../../tui/settings/load.ts';
import { makeTheme, stateStyle } from '../../tui/theme.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

const base = initialState({ cols: 120, rows: 40, readonly: false, interval: 1 });
const tableCtx: KeyContext = base;
const logCtx: KeyContext = { ...base, focus: 'log', log: { ...base.log, open: true, target: 'web' } };

function settings(text: string): UiSettings {
  const r = parseUiConfig(text, '/cfg/config.ini');
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.settings;
}
const act = (km: Keymap, ctx: KeyContext, raw: string) => keyToAction(ctx, parseKey(raw), km);

test('key specs: characters, names, F-keys, Ctrl keys', () => {
  const cases: [string, string | null][] = [
    ['x', 'x'],
    ['K', 'K'],
    ['#', '#'],
    [';', ';'],
    ['space', ' '],
    ['Space', ' '],
    ['enter', 'enter'],
    ['pgdn', 'pagedown'],
    ['PageUp', 'pageup'],
    ['shift-tab', 'backtab'],
    ['esc', 'escape'],
    ['F5', 'f5'],
    ['f12', 'f12'],
    ['f13', null],
    ['^x', '^x'],
    ['ctrl-p', '^p'],
    ['C-k', '^k'],
    ['Ctrl+O', '^o'],
    ['ctrl-i', null], // arrives as Tab
    ['ctrl-m', null], // arrives as Enter
    ['ctrl-1', null],
    ['banana', null],
    ['', null],
  ];
  for (const [spec, want] of cases) assert.equal(parseKeySpec(spec), want, spec);
});

test('colours: names, bright names, #hex, 256-index', () => {
  const cases: [string, string | null][] = [
    ['red', 'red'],
    ['Cyan', 'cyan'],
    ['grey', 'grey'],
    ['brightblue', 'blueBright'],
    ['bright-red', 'redBright'],
    ['green_bright', 'greenBright'],
    ['#ff8800', '#ff8800'],
    ['#f80', '#ff8800'],
    ['208', 'ansi256(208)'],
    ['0', 'ansi256(0)'],
    ['256', null],
    ['#ff88', null],
    ['purple', null],
    ['brightgray', null],
  ];
  for (const [text, want] of cases) assert.equal(parseColor(text), want, text);
});

test('every normal-mode action has a config name, and every name is bound by default', () => {
  const named = Object.values(ACTION_NAMES).flat();
  for (const t of ['table', 'log', 'global'] as const) {
    for (const [id, action] of Object.entries(DEFAULT_KEYMAP[t])) assert.ok(named.some((a) => sameAction(a, action)), `${t} ${id} → ${JSON.stringify(action)} has no name`);
  }
  for (const [name, actions] of Object.entries(ACTION_NAMES)) {
    const bound = actions.some((a) => Object.values(DEFAULT_KEYMAP).some((t) => Object.values(t).some((b) => sameAction(a, b))));
    assert.ok(bound, name);
  }
});

test('[keys] replaces an action\'s keys in each pane; the help shows the new keys', () => {
  const s = settings(['# my keys', '[keys]', 'quit = Q f10', 'down = n ctrl-n', 'start = S', 'search = #', ''].join('\n'));
  const km = s.keymap;
  assert.deepEqual(act(km, tableCtx, 'Q'), { type: 'quit' });
  assert.deepEqual(act(km, tableCtx, '\x1b[21~'), { type: 'quit' });
  assert.equal(act(km, tableCtx, 'q'), null, 'the old key is free');
  assert.deepEqual(act(km, tableCtx, 'n'), { type: 'move', to: 'down' });
  assert.deepEqual(act(km, tableCtx, '\x0e'), { type: 'move', to: 'down' });
  assert.deepEqual(act(km, logCtx, 'n'), { type: 'logScroll', to: 'down' }, 'down rebinds the log pane too');
  assert.equal(act(km, tableCtx, 'j'), null);
  assert.deepEqual(act(km, tableCtx, 'S'), { type: 'act', op: 'start' });
  assert.equal(act(km, tableCtx, 's'), null);
  // A `#` value is a key, not a comment.
  assert.deepEqual(act(km, logCtx, '#'), { type: 'openPrompt', prompt: 'search' });
  // Not changed: the rest.
  assert.deepEqual(act(km, tableCtx, 'x'), { type: 'act', op: 'stop' });
  const help = new Map(helpEntries(km).map(([keys, what]) => [what, keys]));
  assert.equal(help.get('quit'), 'Q F10');
  assert.equal(help.get('start stop restart'), 'S x r');
  assert.match(help.get('move, scroll the log')!, /^↑ k n \^N$/);
});

test('a key bound for both panes takes it from a pane that had it', () => {
  // g is "first" in the table and the log; bound to quit (both panes) it must quit in both.
  const km = settings('[keys]\nquit = g\n').keymap;
  assert.deepEqual(act(km, tableCtx, 'g'), { type: 'quit' });
  assert.deepEqual(act(km, logCtx, 'g'), { type: 'quit' });
  assert.deepEqual(act(km, tableCtx, '\x1b[H'), { type: 'move', to: 'home' }, 'Home still goes to the first row');
});

test('[colors]: roles and states', () => {
  const s = settings('[colors]\naccent = #ff8800\nerror = 196\nrunning = brightgreen\nstopped = gray\n');
  assert.deepEqual(s.roles, { cyan: '#ff8800', red: 'ansi256(196)' });
  assert.deepEqual(s.states, { RUNNING: 'greenBright', STOPPED: 'gray' });
  const theme = makeTheme({ color: true, ascii: false, states: s.states });
  assert.deepEqual(stateStyle(theme, 'RUNNING'), { fg: 'greenBright' });
  assert.deepEqual(stateStyle(theme, 'FATAL'), { color: 'red' });
  // Monochrome: no colours at all.
  assert.deepEqual(stateStyle(makeTheme({ color: false, ascii: false, states: s.states }), 'RUNNING'), {});
});

test('bad lines: one line naming file and line', () => {
  const cases: [string, string][] = [
    ['[keys]\nquit = q\nfrob = x\n', '/cfg/config.ini:3: unknown action "frob" in [keys] (the README lists them)'],
    ['[keys]\n\nquit = ctrl-1\n', '/cfg/config.ini:3: bad key "ctrl-1" for quit (a character, a name such as space, enter, pgdn or f5, or ctrl-x)'],
    ['[keys]\nquit =\n', '/cfg/config.ini:2: no key for quit'],
    ['[colors]\nerror = purple\n', '/cfg/config.ini:2: bad colour "purple" for error (a name such as red or brightblue, #rrggbb, or 0-255)'],
    ['[colors]\nbanner = red\n', '/cfg/config.ini:2: unknown element "banner" in [colors] (accent, ok, warning, error, notice, running, starting, stopping, backoff, exited, fatal, unknown, stopped)'],
    ['[keyz]\nquit = q\n', '/cfg/config.ini:1: unknown section [keyz] (there are [keys] and [colors])'],
    ['quit = q\n', '/cfg/config.ini:1: a line before any [section]'],
    ['[keys]\nquit = q\njust words\n', '/cfg/config.ini:3: not a `name = value` line'],
    ['[keys]\nquit = z\nstop = z\n', '/cfg/config.ini:2: key "z" for quit is taken by stop (line 3)'],
  ];
  for (const [text, want] of cases) {
    const r = parseUiConfig(text, '/cfg/config.ini');
    assert.equal(r.ok, false, text);
    if (!r.ok) {
      assert.equal(r.error, want);
      assert.ok(!r.error.includes('\n'));
    }
  }
});

test('config.ini location: XDG_CONFIG_HOME, else ~/.config; missing file means defaults', (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-uicfg-');
  t.after(cleanup);
  assert.equal(uiConfigPath({ XDG_CONFIG_HOME: join(dir, 'c') }), join(dir, 'c', 'supervisor-tui', 'config.ini'));
  assert.equal(uiConfigPath({ HOME: dir }), join(dir, '.config', 'supervisor-tui', 'config.ini'));
  assert.deepEqual(loadUiSettings({ HOME: dir }), { ok: true, settings: DEFAULT_SETTINGS });
  mkdirSync(join(dir, '.config', 'supervisor-tui'), { recursive: true });
  writeFileSync(join(dir, '.config', 'supervisor-tui', 'config.ini'), '[keys]\nquit = Q\n');
  const r = loadUiSettings({ HOME: dir });
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual(keyToAction(tableCtx, parseKey('Q'), r.settings.keymap), { type: 'quit' });
});

test('the footer hints show remapped keys; the defaults keep theirs', async () => {
  const { footerLines } = await import('../../tui/lines.ts');
  const theme = makeTheme({ color: false, ascii: false });
  const text = (km?: Keymap) => footerLines(base, 200, theme, km)[1].map((x) => x.text).join('');
  assert.match(text(), / s start +x stop +r restart/);
  const km = settings('[keys]\nstart = S\nquit = Q\n').keymap;
  assert.match(text(km), / S start +x stop +r restart/);
  assert.match(text(km), / Q quit/);
});
