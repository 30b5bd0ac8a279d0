/** The merged log's pure parts as tables: source colours, prefixes, interleaving into the pane, the line filter, and the keys that open it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessStates } from '../../src/protocol/index.ts';
import { plainText } from '../../tui/format.ts';
import { keyToAction } from '../../tui/keymap.ts';
import { logRows } from '../../tui/lines.ts';
import { assignColors, lineFilter, prefixLines, SOURCE_COLORS, sourcePrefixes } from '../../tui/merged-log/model.ts';
import { keptLines, mergedTarget, scrollFiltered } from '../../tui/merged-log/view.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import type { Action, ViewState } from '../../tui/state.ts';
import { makeTheme } from '../../tui/theme.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const R = ProcessStates.RUNNING;

test('assignColors: stable per source, distinct within a pane up to the palette, never red', () => {
  const a = assignColors(['web:web_00', 'web:web_01', 'worker']);
  const b = assignColors(['web:web_00', 'web:web_01', 'worker']);
  assert.deepEqual([...a], [...b], 'the same sources get the same colours run after run');
  const many = Array.from({ length: SOURCE_COLORS.length }, (_, i) => `p${i}`);
  assert.equal(new Set(assignColors(many).values()).size, SOURCE_COLORS.length, 'no two sources share a colour while the palette lasts');
  const more = assignColors([...many, 'extra']);
  assert.ok(SOURCE_COLORS.includes(more.get('extra')!), 'beyond the palette, colours repeat');
  assert.ok(![31, 91].some((c) => SOURCE_COLORS.includes(c)), 'red stays for errors');
  // A source keeps its hashed colour when it is the first one (the same colour as when followed alone).
  assert.equal(assignColors(['worker', 'x']).get('worker'), assignColors(['worker']).get('worker'));
});

test('sourcePrefixes: names padded to the widest, server:name in a fleet, SGR colour only with colour on', () => {
  const table: [targets: string[], color: boolean, want: string[]][] = [
    [['web:web_00', 'cron'], false, ['web:web_00 | ', 'cron       | ']],
    [['web:web_00@web1', 'cron@db1'], false, ['web1:web:web_00 | ', 'db1:cron        | ']],
  ];
  for (const [targets, color, want] of table) assert.deepEqual(sourcePrefixes(targets, color).map((s) => s.prefix), want);
  const colored = sourcePrefixes(['a', 'bb'], true);
  const colors = assignColors(['a', 'bb']);
  assert.equal(colored[0]!.prefix, `\x1b[${colors.get('a')}ma \x1b[0m | `);
  assert.equal(plainText(colored[1]!.prefix), 'bb | ');
});

function paneWith(batches: readonly (readonly [prefix: string, lines: string[]])[]): ViewState {
  let s = initialState({ cols: 100, rows: 30, readonly: false, interval: 1 });
  s = reduce(s, { type: 'snapshot', snapshot: snapshot([info('a', 'a', R), info('b', 'b', R)]) });
  s = reduce(s, { type: 'openMergedLog' });
  for (const [prefix, lines] of batches) s = reduce(s, { type: 'logAppend', lines: prefixLines(prefix, lines), partial: '' });
  return s;
}

test('interleave: batches from two sources land in arrival order, each line once, behind its prefix', () => {
  const s = paneWith([
    ['a | ', ['a1', 'a2']],
    ['b | ', ['b1']],
    ['a | ', ['a3']],
    ['b | ', ['b2', 'b3']],
  ]);
  assert.deepEqual(s.logLines.lines, ['a | a1', 'a | a2', 'b | b1', 'a | a3', 'b | b2', 'b | b3']);
});

test('the line filter: only matching lines drawn, ! inverts, prefix matchable, an invalid regex keeps the last valid filter', () => {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(i % 4 === 0 ? `GET /health ${i}` : `work ${i}`);
  let s = paneWith([
    ['a | ', lines.slice(0, 20)],
    ['b | ', lines.slice(20)],
  ]);
  const type = (st: ViewState, text: string) => [...text].reduce((x, ch) => reduce(x, keyToAction(x, { name: 'char', ch })!), st);
  assert.equal(s.focus, 'log', 'M focuses the pane');
  s = type(s, '&health');
  const drawn = () => logRows(s, 99, 8, makeTheme({ color: false, ascii: false })).map((r) => r.map((x) => x.text).join('').trim()).filter((l) => l !== '');
  assert.deepEqual(drawn(), ['a | GET /health 0', 'a | GET /health 4', 'a | GET /health 8', 'a | GET /health 12', 'a | GET /health 16', 'b | GET /health 20', 'b | GET /health 24', 'b | GET /health 28'].slice(-8).concat(['b | GET /health 32', 'b | GET /health 36']).slice(-8));
  // An invalid regex: said, and the last valid filter stays.
  s = type(s, '(');
  assert.equal(s.log.filter, 'health');
  assert.match(s.message?.text ?? '', /invalid regex/);
  s = reduce(s, { type: 'promptBackspace' });
  s = reduce(s, { type: 'promptSubmit' });
  assert.equal(s.mode.kind, 'normal');
  assert.equal(s.log.filter, 'health');
  // Scrolling steps over hidden lines: one up shows one earlier matching line at the bottom.
  s = reduce(s, keyToAction(s, { name: 'char', ch: 'k' })!);
  assert.equal(s.log.follow, false);
  assert.equal(s.log.anchor, 32);
  assert.deepEqual(keptLines(s), [0, 4, 8, 12, 16, 20, 24, 28, 32, 36]);
  assert.equal(scrollFiltered(s, 'bottom', 8).log.follow, true);
  // The prefix is part of the line: `^b` keeps one source.
  const only = lineFilter('^b \\|')!;
  assert.deepEqual(s.logLines.lines.filter(only).length, 20);
  assert.equal(lineFilter('!health')!('a | work 1'), true);
  assert.equal(lineFilter(''), null);
  // Esc at the prompt clears the filter.
  s = type(s, '&');
  s = reduce(s, { type: 'escape' });
  assert.equal(s.log.filter, '');
  assert.equal(s.log.follow, true);
});

test('M and Enter: marks, a group row or a single process choose what the pane follows', () => {
  let s = initialState({ cols: 100, rows: 30, readonly: false, interval: 1 });
  s = reduce(s, { type: 'snapshot', snapshot: snapshot([info('web', 'w1', R), info('web', 'w2', R), info('cron', 'cron', R)]) });
  const run = (st: ViewState, ...as: Action[]) => as.reduce(reduce, st);
  // Rows: cron, the web group, web:w1, web:w2. On the group row M follows its members.
  assert.equal(run(s, { type: 'move', to: 'down' }, { type: 'openMergedLog' }).log.target, 'web:w1 web:w2');
  // Marks win over the row.
  const marked = run(s, { type: 'move', to: 'end' }, { type: 'toggleMark' }, { type: 'move', to: 'home' }, { type: 'toggleMark' });
  assert.equal(run(marked, { type: 'openMergedLog' }).log.target, 'web:w2 cron');
  // Enter with two marks, on one server too.
  assert.equal(run(marked, { type: 'openLog' }).log.target, 'web:w2 cron');
  // Moving the cursor keeps a merged pane's sources.
  assert.equal(run(marked, { type: 'openLog' }, { type: 'move', to: 'down' }).log.target, 'web:w2 cron');
  assert.equal(mergedTarget(new Set(), undefined), null);
  assert.equal(run(s, { type: 'move', to: 'end' }, { type: 'openMergedLog' }).log.target, 'web:w2');
});
