/** Mouse reports: parsed apart from the keys, mapped to rows by the layout, reporting turned off on every way out. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProcessStates } from '../../src/protocol/index.ts';
import { layoutColumns } from '../../tui/columns.ts';
import { splitInput } from '../../tui/keys.ts';
import { columnTitles } from '../../tui/lines.ts';
import { widestLabel } from '../../tui/rows.ts';
import { makeTheme } from '../../tui/theme.ts';
import { mouseActions, paneAt, WHEEL_STEP } from '../../tui/mouse/actions.ts';
import { MouseFilter, type InputPart, type MouseEvent } from '../../tui/mouse/sgr.ts';
import { initialState, reduce, selectedRow } from '../../tui/reducer.ts';
import type { Action, ViewState } from '../../tui/state.ts';
import { LEAVE, MOUSE_OFF, MOUSE_ON } from '../../tui/terminal-session.ts';
import { ROOT, runProcess } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const ev = (button: MouseEvent['button'], x: number, y: number, action: MouseEvent['action'] = 'press', mods: Partial<MouseEvent> = {}): MouseEvent => ({
  button,
  action,
  x,
  y,
  shift: false,
  meta: false,
  ctrl: false,
  ...mods,
});
const mouse = (e: MouseEvent): InputPart => ({ kind: 'mouse', event: e });
const keys = (raw: string): InputPart => ({ kind: 'keys', raw });

test('SGR and legacy mouse reports are parsed apart from the keys around them', () => {
  const cases: [reads: string[], parts: InputPart[]][] = [
    [['\x1b[<0;10;5M'], [mouse(ev('left', 10, 5))]],
    [['\x1b[<0;10;5m'], [mouse(ev('left', 10, 5, 'release'))]],
    [['\x1b[<2;1;1M'], [mouse(ev('right', 1, 1))]],
    [['\x1b[<64;10;5M'], [mouse(ev('wheelUp', 10, 5))]],
    [['\x1b[<65;300;80M'], [mouse(ev('wheelDown', 300, 80))]],
    [['\x1b[<32;4;4M'], [mouse(ev('left', 4, 4, 'drag'))]],
    [['\x1b[<20;3;2M'], [mouse(ev('left', 3, 2, 'press', { shift: true, ctrl: true }))]],
    [['\x1b[<8;3;2M'], [mouse(ev('left', 3, 2, 'press', { meta: true }))]],
    // Keys before and after, in order.
    [['j\x1b[<64;10;5Mk'], [keys('j'), mouse(ev('wheelUp', 10, 5)), keys('k')]],
    [['\x1b[<0;1;1M\x1b[<0;1;1m'], [mouse(ev('left', 1, 1)), mouse(ev('left', 1, 1, 'release'))]],
    // Ordinary keys and escape sequences pass untouched.
    [['\x1b[A'], [keys('\x1b[A')]],
    [['\x1b'], [keys('\x1b')]],
    [['q'], [keys('q')]],
    // Cut by a read boundary (Ink flushes a pending escape after a tick): joined, never keys.
    [['\x1b[<64;10', ';5M'], [mouse(ev('wheelUp', 10, 5))]],
    [['\x1b[<', '0;7;9M'], [mouse(ev('left', 7, 9))]],
    // A broken report is dropped; the key after it survives.
    [['\x1b[<64;1', 'j'], [keys('j')]],
    // Legacy X10 reports (a terminal without ?1006): ESC [ M and three bytes of button/x/y + 32.
    [['\x1b[M !!'], [mouse(ev('left', 1, 1))]],
    [['\x1b[M', '`+%'], [mouse(ev('wheelUp', 11, 5))]],
    [['\x1b[M#!!'], [mouse(ev('other', 1, 1, 'release'))]],
  ];
  for (const [reads, want] of cases) {
    const f = new MouseFilter();
    const got = reads.flatMap((r) => f.push(r));
    assert.deepEqual(got, want, JSON.stringify(reads));
  }
});

test('the bytes of a wheel report never become keys', () => {
  const f = new MouseFilter();
  const parts = f.push('\x1b[<64;10;5M');
  const keyParts = parts.filter((p) => p.kind === 'keys');
  assert.deepEqual(keyParts, []);
  // Without the filter, the same bytes read as keys ([, <, 6, 4 …) once an escape is lost.
  assert.ok(splitInput('[<64;10;5M', false).length > 1);
});

const R = ProcessStates.RUNNING;
function state(opts: { rows?: number; cols?: number } = {}): ViewState {
  const infos = [info('web', 'web_a', R), info('web', 'web_b', R), info('web', 'web_c', R), info('cron', 'cron', R)];
  const s = initialState({ cols: opts.cols ?? 120, rows: opts.rows ?? 30, readonly: false, interval: 1 });
  const prios = new Map(['web:web_a', 'web:web_b', 'web:web_c'].map((n) => [n, { group: 10, process: 10 }]));
  return reduce(s, { type: 'snapshot', snapshot: snapshot(infos, prios) });
}
const apply = (s: ViewState, actions: Action[]) => actions.reduce(reduce, s);
const click = (s: ViewState, x: number, y: number) => apply(s, mouseActions(s, ev('left', x, y)));

test('screen rows map to table rows through the layout', () => {
  const s = state();
  // Header on row 0 (one row here), column titles on row 1, the first table row on row 2.
  assert.deepEqual(paneAt(s, 5, 1), { pane: 'table', row: null, x: 5 });
  assert.deepEqual(paneAt(s, 5, 2), { pane: 'table', row: 0, x: 5 });
  assert.deepEqual(paneAt(s, 5, 29), { pane: 'none' });
  const order = s.tableRows.map((r) => r.key);
  assert.deepEqual(order, ['group:web', 'web:web_a', 'web:web_b', 'web:web_c', 'cron']);
  // y is 1-based in reports: y=3 → the 1st table row, y=5 → the 3rd.
  assert.equal(selectedRow(click(s, 10, 5))?.key, 'web:web_b');
  assert.equal(selectedRow(click(s, 10, 7))?.key, 'cron');
  // Below the last row, or on the titles: nothing changes.
  assert.equal(click(s, 10, 12).selected, s.selected);
  assert.equal(click(s, 10, 2).selected, s.selected);
});

test('a click on a group arrow folds and unfolds it; elsewhere on the row it only selects', () => {
  const s = state();
  // The arrow is in the second cell (after the mark column): x = 2 (1-based).
  const folded = click(s, 2, 3);
  assert.equal(selectedRow(folded)?.key, 'group:web');
  assert.deepEqual(folded.tableRows.map((r) => r.key), ['group:web', 'cron']);
  const unfolded = click(folded, 2, 3);
  assert.deepEqual(unfolded.tableRows.map((r) => r.key), ['group:web', 'web:web_a', 'web:web_b', 'web:web_c', 'cron']);
  const selectedOnly = click(s, 20, 3);
  assert.equal(selectedRow(selectedOnly)?.key, 'group:web');
  assert.equal(selectedOnly.tableRows.length, 5);
});

test('the wheel scrolls the pane under it: table rows, or log lines', () => {
  const s = state();
  const down = apply(s, mouseActions(s, ev('wheelDown', 10, 5)));
  assert.equal(selectedRow(down)?.key, s.tableRows[WHEEL_STEP]!.key);
  const up = apply(down, mouseActions(down, ev('wheelUp', 10, 5)));
  assert.equal(selectedRow(up)?.key, s.tableRows[0]!.key);
  // Log pane below the table (120 columns): lines appended, then the wheel over the pane stops following.
  let l = apply(s, [{ type: 'select', key: 'cron' }, { type: 'openLog' }]);
  l = reduce(l, { type: 'logAppend', lines: Array.from({ length: 50 }, (_, i) => `line ${i}`), partial: '' });
  assert.equal(paneAt(l, 5, 27).pane, 'log');
  const scrolled = apply(l, mouseActions(l, ev('wheelUp', 10, 27)));
  assert.equal(scrolled.log.follow, false);
  assert.equal(scrolled.log.anchor, 49 - WHEEL_STEP);
  assert.equal(selectedRow(scrolled)?.key, 'cron', 'the table cursor stays');
  // Side by side from 180 columns: the log is right of the table.
  const wide = reduce(l, { type: 'resize', cols: 200, rows: 30 });
  assert.equal(paneAt(wide, 150, 5).pane, 'log');
  assert.equal(paneAt(wide, 20, 5).pane, 'table');
});

test('mouse events do nothing in overlays and prompts; releases are ignored', () => {
  const s = state();
  assert.deepEqual(mouseActions(reduce(s, { type: 'help' }), ev('left', 10, 4)), []);
  assert.deepEqual(mouseActions(reduce(s, { type: 'openPrompt', prompt: 'filter' }), ev('left', 10, 4)), []);
  assert.deepEqual(mouseActions(s, ev('left', 10, 4, 'release')), []);
});

test('mouse reporting is turned off when the screen is left, even after an uncaught error', async (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-mouse-');
  t.after(cleanup);
  const script = join(dir, 'crash.ts');
  writeFileSync(
    script,
    [
      `import { enterAlternateScreen, onTermination } from ${JSON.stringify(join(ROOT, 'tui/terminal-session.ts'))};`,
      'const session = enterAlternateScreen(process.stdout, { mouse: process.argv[2] === "on" });',
      'onTermination(() => { session.leave(); process.exit(1); });',
      "setTimeout(() => { throw new Error('boom'); }, 10);",
    ].join('\n'),
  );
  const on = await runProcess(process.execPath, ['--import', 'tsx', script, 'on']);
  assert.ok(on.stdout.includes(MOUSE_ON), JSON.stringify(on.stdout));
  assert.ok(on.stdout.endsWith(MOUSE_OFF + LEAVE), JSON.stringify(on.stdout));
  const off = await runProcess(process.execPath, ['--import', 'tsx', script, 'off']);
  assert.ok(!off.stdout.includes('\x1b[?1000h') && !off.stdout.includes('\x1b[?1006h'), JSON.stringify(off.stdout));
  assert.ok(off.stdout.endsWith(LEAVE));
});

test('a click on a column title sorts by it, again the other way; the wheel scrolls the details view', () => {
  const s = state();
  const titles = 2; // 1-based row of the column titles (one header row)
  // Where the titles line draws PID (0-based index → 1-based x).
  const drawn = columnTitles(layoutColumns(119 - 1, widestLabel(s.tableRows), false, s.columns), 119, makeTheme({ color: false, ascii: false }))
    .map((x) => x.text)
    .join('');
  const pidX = drawn.indexOf(' PID ') + 2;
  assert.ok(pidX > 1, drawn);
  const sorted = apply(s, mouseActions(s, ev('left', pidX, titles)));
  assert.deepEqual(sorted.sort, { column: 'pid', inverted: false });
  const again = apply(sorted, mouseActions(sorted, ev('left', pidX, titles)));
  assert.deepEqual(again.sort, { column: 'pid', inverted: true });
  assert.deepEqual(mouseActions(s, ev('left', 2, titles)), [{ type: 'sortBy', column: 'name' }]);
  const details: ViewState = { ...s, mode: { kind: 'details', target: 'cron', scroll: 0 } };
  assert.deepEqual(mouseActions(details, ev('wheelDown', 10, 10)), Array(WHEEL_STEP).fill({ type: 'detailsScroll', to: 'down' }));
  assert.deepEqual(mouseActions(details, ev('left', 10, 10)), []);
});
