/** Wide characters: measured by grapheme cluster and terminal cells everywhere text is laid out. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fit, fitRight } from '../../tui/format.ts';
import { fitSegs, segWidth } from '../../tui/segments.ts';
import { cutToWidth, graphemes, textWidth, wrapToWidth } from '../../tui/text-width.ts';
import { VirtualScreen } from '../../tui/term/virtual-screen.ts';

test('widths by terminal cells: CJK 2, emoji with ZWJ/skin tone/VS16 one cluster of 2, combining marks 0', () => {
  const cases: [string, number, number][] = [
    ['abc', 3, 3],
    ['日本語', 6, 3],
    ['😀', 2, 1],
    ['👍🏽', 2, 1],
    ['👨‍👩‍👧', 2, 1],
    ['❤️', 2, 1],
    ['e\u0301', 1, 1],
    ['café', 4, 4],
  ];
  for (const [text, cells, clusters] of cases) {
    assert.equal(textWidth(text), cells, text);
    assert.equal(graphemes(text).length, clusters, text);
  }
});

test('fitting: no false ellipsis, a cut never splits a cluster or overflows', () => {
  assert.equal(fit('日本語', 6), '日本語', 'exactly fits: no …');
  assert.equal(fit('日本語テキスト', 6), '日本 …', 'the wide char that would straddle the edge becomes a blank');
  assert.equal(textWidth(fit('日本語テキスト', 6)), 6);
  assert.equal(fit('👨‍👩‍👧 family', 4), '👨‍👩‍👧 …');
  assert.equal(textWidth(fitRight('日本語', 4)), 4);
  const segs = fitSegs([{ text: 'x ' }, { text: '漢字漢字漢字' }], 9);
  assert.equal(segWidth(segs), 9);
  assert.deepEqual(cutToWidth('a日b', 2), { text: 'a', width: 1 });
});

test('wrap keeps every character: 100 CJK characters in rows of 39 cells', () => {
  const line = '漢'.repeat(100);
  const rows = wrapToWidth(line, 39);
  assert.equal(rows.join(''), line, 'nothing lost');
  for (const r of rows) assert.ok(textWidth(r) <= 39);
  assert.equal(rows.length, Math.ceil(200 / 38));
  assert.deepEqual(wrapToWidth('ab👨‍👩‍👧cd', 3), ['ab', '👨‍👩‍👧c', 'd']);
});

test('virtual screen: clusters take the cells Ink gave them; drawing over half a wide character erases it', () => {
  const v = new VirtualScreen(20, 3);
  v.write('👨‍👩‍👧x日本');
  assert.equal(v.text(0), '👨‍👩‍👧x日本');
  assert.deepEqual(v.lines[0]!.chars.slice(0, 6), ['👨‍👩‍👧', '', 'x', '日', '', '本']);
  // A narrow character over the right half of 日: 日 is gone, not half-left.
  v.write('\x1b[1;5Ha');
  assert.deepEqual(v.lines[0]!.chars.slice(3, 6), [' ', 'a', '本']);
  // Over the left half of 本.
  v.write('\x1b[1;6Hb');
  assert.deepEqual(v.lines[0]!.chars.slice(5, 7), ['b', ' ']);
});

test('diff writer: a row with an emoji cluster terminals measure differently is redrawn whole and erased to its end', async () => {
  const { DiffWriter } = await import('../../tui/term/diff-writer.ts');
  const d = new DiffWriter();
  const v = new VirtualScreen(30, 2);
  v.write('ok 👍🏽 long line of text here');
  d.diff(v.lines, 30, 2);
  v.write('\x1b[1;1Hok 👍🏽 short\x1b[K');
  const out = d.diff(v.lines, 30, 2);
  assert.match(out, /^\x1b\[1;1Hok 👍🏽 short\x1b\[K$/, JSON.stringify(out));
});

test('long names are cut in the middle, keeping the instance suffix; the NAME column keeps its width when groups fold', async () => {
  const { fitMiddle } = await import('../../tui/format.ts');
  const { buildRows, widestLabel } = await import('../../tui/rows.ts');
  const { snapshot, info } = await import('./helpers/fixtures.ts');
  const { ProcessStates } = await import('../../src/protocol/index.ts');
  const a = fitMiddle('very_long_program_name_for_testing:very_long_program_name_for_testing_00', 30);
  const b = fitMiddle('very_long_program_name_for_testing:very_long_program_name_for_testing_01', 30);
  assert.equal(textWidth(a), 30);
  assert.notEqual(a, b, 'two instances stay distinguishable');
  assert.equal(a, 'very_long_prog…_for_testing_00');
  assert.equal(fitMiddle('short', 8), 'short   ');
  const snap = snapshot([info('g', 'a_very_long_member_name', ProcessStates.RUNNING), info('g', 'b', ProcessStates.RUNNING), info('x', 'x', ProcessStates.RUNNING)]);
  const open = widestLabel(buildRows(snap, { collapsed: new Set(), filter: '', sort: { column: null, inverted: false } }));
  const folded = widestLabel(buildRows(snap, { collapsed: new Set(['g']), filter: '', sort: { column: null, inverted: false } }));
  assert.equal(folded, open);
});

test('log colours: SGR kept from the log, drawn as colours, stripped for search and without colour', async () => {
  const { sanitizeLogLine, plainText } = await import('../../tui/format.ts');
  const { styledLogRows, overlay } = await import('../../tui/log-style.ts');
  const { makeTheme } = await import('../../tui/theme.ts');
  const line = sanitizeLogLine('\x1b[31mred\x1b[0m plain \x1b[1;32mgreen\x1b[m\x1b]0;title\x07\x1b[2K');
  assert.equal(line, '\x1b[31mred\x1b[0m plain \x1b[1;32mgreen\x1b[m', 'colours kept, other escapes gone');
  assert.equal(plainText(line), 'red plain green');
  const [row] = styledLogRows(line, 40, false, makeTheme({ color: true, ascii: false }));
  assert.deepEqual(row, [{ text: 'red', fg: 'red' }, { text: ' plain ' }, { text: 'green', fg: 'green', bold: true }]);
  const [mono] = styledLogRows(line, 40, false, makeTheme({ color: false, ascii: false }));
  assert.deepEqual(mono, [{ text: 'red' }, { text: ' plain ' }, { text: 'green' }], '--no-color strips them');
  const wrapped = styledLogRows(line, 6, true, makeTheme({ color: true, ascii: false }));
  assert.equal(wrapped.map((r) => r.map((s) => s.text).join('')).join(''), 'red plain green');
  assert.deepEqual(overlay(row!, /d p/g, { inverse: true }), [{ text: 're', fg: 'red' }, { text: 'd', fg: 'red', inverse: true }, { text: ' p', inverse: true }, { text: 'lain ' }, { text: 'green', fg: 'green', bold: true }]);
});
