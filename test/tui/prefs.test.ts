/** The remembered view and the column chooser: pure tables, and the file read and written in a temp dir. */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProcessStates } from '../../src/protocol/index.ts';
import { DEFAULT_COLUMNS, layoutColumns, type ColumnChoice } from '../../tui/columns.ts';
import { keyToAction } from '../../tui/keymap.ts';
import { footerLines } from '../../tui/lines.ts';
import { makeTheme } from '../../tui/theme.ts';
import { parseKey } from '../../tui/keys.ts';
import { moveColumn, normalizeChoice, toggleColumn } from '../../tui/prefs/column-choice.ts';
import { openSavedView, prefsPath, readPrefs, savePrefs } from '../../tui/prefs/file.ts';
import { decodePrefs, DEFAULT_PREFS, encodePrefs, MAX_SERVERS, mergePrefs, prefsFor, prefsOf, type ViewPrefs } from '../../tui/prefs/view-prefs.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import type { Action, ViewState } from '../../tui/state.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const ids = (c: ColumnChoice) => c.filter((x) => x.on).map((x) => x.id).join(' ');

test('column choice: toggle, move, normalize', () => {
  const d = DEFAULT_COLUMNS;
  assert.equal(ids(d), 'name state pid uptime cpu rss prio exit health description');
  const cases: [string, ColumnChoice, string][] = [
    ['toggle pid off', toggleColumn(d, 2), 'name state uptime cpu rss prio exit health description'],
    ['toggle twice', toggleColumn(toggleColumn(d, 2), 2), ids(d)],
    ['NAME cannot be turned off', toggleColumn(d, 0), ids(d)],
    ['past the end: nothing', toggleColumn(d, 99), ids(d)],
    ['move cpu up', moveColumn(d, 4, -1).choice, 'name state pid cpu uptime rss prio exit health description'],
    ['move state down', moveColumn(d, 1, 1).choice, 'name pid state uptime cpu rss prio exit health description'],
    ['nothing goes above NAME', moveColumn(d, 1, -1).choice, ids(d)],
    ['NAME does not move', moveColumn(d, 0, 1).choice, ids(d)],
    ['the last stays last', moveColumn(d, 9, 1).choice, ids(d)],
  ];
  for (const [what, got, want] of cases) assert.equal(ids(got), want, what);
  assert.equal(moveColumn(d, 4, -1).index, 3, 'the cursor follows the column');
  // A saved choice from another version: unknown ids dropped, repeats dropped, NAME first, new columns appended on.
  const n = normalizeChoice([{ id: 'cpu', on: true }, { id: 'bogus', on: true }, { id: 'state', on: false }, { id: 'cpu', on: false }, { id: 'name', on: false }]);
  assert.deepEqual(n.slice(0, 3), [{ id: 'name', on: true }, { id: 'cpu', on: true }, { id: 'state', on: false }]);
  assert.equal(n.length, DEFAULT_COLUMNS.length);
});

test('chosen columns are laid out in their order; narrow terminals still drop by the drop order', () => {
  const choice = normalizeChoice([{ id: 'cpu', on: true }, { id: 'state', on: true }, { id: 'pid', on: false }, { id: 'uptime', on: true }]);
  const wide = layoutColumns(200, 20, false, choice).map((c) => c.id);
  assert.deepEqual(wide, ['name', 'cpu', 'state', 'uptime', 'rss', 'prio', 'exit', 'description']);
  // 40 cells: description, exit, prio, rss, then cpu go; state and uptime stay.
  const narrow = layoutColumns(40, 20, false, choice).map((c) => c.id);
  assert.deepEqual(narrow, ['name', 'state', 'uptime']);
  const mid = layoutColumns(60, 20, false, choice).map((c) => c.id);
  assert.deepEqual(mid, ['name', 'cpu', 'state', 'uptime', 'rss']);
});

const R = ProcessStates.RUNNING;
function started(prefs?: ViewPrefs): ViewState {
  const s = initialState({ cols: 120, rows: 30, readonly: false, interval: 1, ...(prefs ? { prefs } : {}) });
  return reduce(s, { type: 'snapshot', snapshot: snapshot([info('web', 'a', R), info('web', 'b', R), info('cron', 'cron', R)]) });
}
const keys = (s: ViewState, ...raws: string[]) =>
  raws.reduce((st, raw) => {
    const a: Action | null = keyToAction(st, parseKey(raw));
    return a ? reduce(st, a) : st;
  }, s);

test('F2 and C open the chooser; keys toggle and move columns, applied at once', () => {
  const s = started();
  assert.equal(keys(s, '\x1bOQ').mode.kind, 'columns', 'F2');
  const open = keys(s, 'C');
  assert.deepEqual(open.mode, { kind: 'columns', index: 0 });
  // Down to PID, off; down to UPTIME, move it up twice (it stops under NAME).
  const edited = keys(open, 'j', 'j', ' ', 'j', '[', '[', '[');
  assert.equal(ids(edited.columns), 'name uptime state cpu rss prio exit health description');
  assert.deepEqual(edited.mode, { kind: 'columns', index: 1 });
  assert.equal(ids(keys(edited, ']').columns), 'name state uptime cpu rss prio exit health description');
  const hints = footerLines(edited, 120, makeTheme({ color: false, ascii: false }))[1].map((x) => x.text).join('');
  assert.match(hints, /Space on\/off .*Esc done/, 'the footer shows the chooser\'s keys');
  const closed = keys(edited, '\x1b');
  assert.equal(closed.mode.kind, 'normal');
  assert.equal(closed.columns, edited.columns);
});

test('prefs: a view state round-trips through the file format; initial state takes them', () => {
  let s = started();
  s = reduce(s, { type: 'sort', step: 1 });
  s = reduce(s, { type: 'sortInvert' });
  s = reduce(s, { type: 'logWrap' });
  s = reduce(s, { type: 'logChannel' });
  s = reduce(s, { type: 'collapseAll' });
  s = { ...s, columns: toggleColumn(s.columns, 3) };
  const p = prefsOf(s);
  assert.deepEqual(p.sort, { column: 'name', inverted: true });
  assert.deepEqual(p.collapsed, ['web']);
  const file = mergePrefs(null, 'unix:///s.sock', p, 1);
  const back = decodePrefs(encodePrefs(file));
  assert.ok(back.ok);
  if (!back.ok) return;
  assert.deepEqual(prefsFor(back.file, 'unix:///s.sock'), p);
  // Another server: the shared settings, but its own (no) folded groups.
  assert.deepEqual(prefsFor(back.file, 'http://other:9001'), { ...p, collapsed: [] });
  const again = started(p);
  assert.deepEqual(prefsOf(again), p);
  assert.ok(again.tableRows.some((r) => r.kind === 'group' && !r.expanded), 'web starts folded');
});

test('prefs: bad files are refused with a reason', () => {
  const good = encodePrefs(mergePrefs(null, 'x', DEFAULT_PREFS, 1));
  const cases: [string, RegExp][] = [
    ['{', /^not JSON/],
    ['[]', /^not a JSON object$/],
    ['{"version":2}', /^unknown version 2$/],
    [good.replace('"stdout"', '"stdin"'), /^bad "channel"$/],
    [good.replace('"inverted": false', '"inverted": "no"'), /^bad "sort"$/],
    [good.replace('"id": "pid"', '"id": "nope"'), /^bad "columns"$/],
    [good.replace('"wrap": false', '"wrap": 1'), /^bad "wrap"$/],
    [good.replace('"at": 1', '"at": "x"'), /^bad "servers" entry "x"$/],
  ];
  for (const [text, want] of cases) {
    const d = decodePrefs(text);
    assert.equal(d.ok, false, text);
    if (!d.ok) assert.match(d.error, want, text);
  }
  assert.equal(decodePrefs(good).ok, true);
});

test('prefs: at most MAX_SERVERS servers are kept, the least recently saved dropped', () => {
  let file = null;
  for (let i = 0; i <= MAX_SERVERS; i++) file = mergePrefs(file, `s${i}`, DEFAULT_PREFS, i);
  assert.equal(Object.keys(file!.servers).length, MAX_SERVERS);
  assert.ok(!('s0' in file!.servers));
  assert.ok(`s${MAX_SERVERS}` in file!.servers);
});

test('prefs file: missing dir created, written atomically, corrupt file ignored with one line', (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-prefs-');
  t.after(cleanup);
  const env = { XDG_STATE_HOME: join(dir, 'state'), HOME: dir };
  const path = prefsPath(env);
  assert.equal(path, join(dir, 'state', 'supervisor-tui', 'view.json'));
  assert.equal(prefsPath({ HOME: dir }), join(dir, '.local', 'state', 'supervisor-tui', 'view.json'));
  const warnings: string[] = [];
  const warn = (l: string) => warnings.push(l);
  // Missing dir and file: defaults, no warning.
  assert.deepEqual(openSavedView('srv', warn, env).initial, DEFAULT_PREFS);
  assert.equal(warnings.length, 0);
  const p: ViewPrefs = { ...DEFAULT_PREFS, sort: { column: 'cpu', inverted: false }, wrap: true, collapsed: ['web'] };
  openSavedView('srv', warn, env).save(p);
  assert.deepEqual(readdirSync(join(dir, 'state', 'supervisor-tui')), ['view.json'], 'no temp file left');
  assert.deepEqual(openSavedView('srv', warn, env).initial, p);
  // A second server keeps the first one's groups in the file.
  savePrefs(path, 'other', { ...p, collapsed: ['db'] }, 5);
  assert.deepEqual(readPrefs(path, warn)!.servers['srv']!.collapsed, ['web']);
  // Corrupt: one line naming the file, defaults, no throw.
  writeFileSync(path, '{"version":1, "sort": ');
  assert.deepEqual(openSavedView('srv', warn, env).initial, DEFAULT_PREFS);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, new RegExp(`^supervisor-tui: ignoring the saved view ${path.replace(/[.]/g, '\\.')}: not JSON`));
  assert.ok(!warnings[0]!.includes('\n'));
  // Saving over a corrupt file replaces it with a good one.
  savePrefs(path, 'srv', p);
  assert.equal(decodePrefs(readFileSync(path, 'utf8')).ok, true);
  // A directory that cannot be written: save throws (the app says so in the footer), nothing half-written.
  if (process.getuid?.() !== 0) {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    assert.throws(() => savePrefs(join(ro, 'supervisor-tui', 'view.json'), 'srv', p));
    assert.equal(existsSync(join(ro, 'supervisor-tui')), false);
  }
});
