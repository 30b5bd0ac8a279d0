/** The virtual screen (what Ink's output looks like on a terminal) and the cell diff sent to the real one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiffWriter } from '../../tui/term/diff-writer.ts';
import { applySgr, DEFAULT_PEN, penKey } from '../../tui/term/sgr.ts';
import { VirtualScreen } from '../../tui/term/virtual-screen.ts';

test('text, newlines, cursor moves and erases land where a terminal puts them', () => {
  const v = new VirtualScreen(10, 4);
  v.write('hello\nworld\n');
  assert.equal(v.screenText(), 'hello\nworld\n\n');
  v.write('\x1b[2A\x1b[G\x1b[1mHE\x1b[22m\x1b[K');
  assert.equal(v.text(0), 'HE');
  v.write('\x1b[E\x1b[3Cxy');
  assert.equal(v.text(1), 'worxy');
  v.write('\x1b[1;1H\x1b[2J');
  assert.equal(v.screenText(), '\n\n\n');
});

test('an escape sequence split across writes is completed by the next write', () => {
  const v = new VirtualScreen(10, 2);
  v.write('a\x1b[');
  v.write('31mb');
  assert.equal(v.text(0), 'ab');
  assert.equal(v.lines[0]!.styles[1], '31');
});

test('deferred wrap at the last column, scrolling at the bottom, wide characters', () => {
  const v = new VirtualScreen(4, 2);
  v.write('abcd');
  assert.equal(v.y, 0, 'the cursor waits at the last column');
  v.write('e');
  assert.equal(v.text(1), 'e');
  v.write('\nz');
  assert.equal(v.text(0), 'e');
  assert.equal(v.text(1), 'z');
  const w = new VirtualScreen(6, 1);
  w.write('中x');
  assert.equal(w.lines[0]!.chars[1], '');
  assert.equal(w.text(0), '中x');
});

test('SGR state is canonical', () => {
  const p = applySgr(applySgr(DEFAULT_PEN, '1;32'), '22');
  assert.equal(penKey(p), '32');
  assert.equal(penKey(applySgr(p, '0')), '');
  assert.equal(penKey(applySgr(DEFAULT_PEN, '38;5;208;7')), '7;38;5;208');
});

test('the diff writes nothing for an identical screen and only changed cells otherwise', () => {
  const v = new VirtualScreen(40, 3);
  v.write('uptime 1:00:01   pid 42\nsecond line');
  const d = new DiffWriter();
  const first = d.diff(v.lines, 40, 3);
  assert.match(first, /^\x1b\[m\x1b\[H\x1b\[2J/);
  assert.equal(d.diff(v.lines, 40, 3), '');
  v.write('\x1b[1;14H2');
  const delta = d.diff(v.lines, 40, 3);
  assert.equal(delta, '\x1b[1;14H2');
  // Replaying the bytes on a terminal gives the same screen.
  const term = new VirtualScreen(40, 3);
  term.write(first + delta);
  assert.equal(term.screenText(), v.screenText());
});

test('styled changes carry their pen; invalidate repaints everything', () => {
  const v = new VirtualScreen(20, 2);
  v.write('a \x1b[32mRUNNING\x1b[39m');
  const d = new DiffWriter();
  const term = new VirtualScreen(20, 2);
  term.write(d.diff(v.lines, 20, 2));
  v.write('\x1b[1;3H\x1b[31mFATAL  \x1b[39m');
  const delta = d.diff(v.lines, 20, 2);
  assert.ok(delta.includes('\x1b[0;31m'));
  term.write(delta);
  assert.equal(term.screenText(), v.screenText());
  assert.deepEqual(term.lines[0]!.styles.slice(2, 7), ['31', '31', '31', '31', '31']);
  d.invalidate();
  assert.match(d.diff(v.lines, 20, 2), /\x1b\[2J/);
});

test('a diff of only the rows written since the last one sends exactly what a diff of every row sends', () => {
  // Random Ink-like writes (text with styles and wide characters, cursor moves, erases, scrolling at the bottom, clears).
  let seed = 7;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = ['abc', 'x', '名', '\x1b[31m', '\x1b[39m', '\x1b[7m', '\x1b[m', '\n', '\r', '\x1b[K', '\x1b[1K', '\x1b[2A', '\x1b[B', '\x1b[5G', '\x1b[3C', '\x1b[2;4H', '\x1b[J', '\x1b[2J', '\x1b[E', '👍', 'e\u0301', '          ', '\x1b[4'];
  const v = new VirtualScreen(12, 5);
  const dirtyOnly = new DiffWriter();
  const everyRow = new DiffWriter();
  for (let i = 0; i < 2000; i++) {
    let data = '';
    for (let k = rand(6); k >= 0; k--) data += pieces[rand(pieces.length)];
    v.write(data);
    const rows = 4 + rand(2); // sometimes a row below the terminal's last, as FrameOutput has
    assert.equal(dirtyOnly.diff(v.lines, 12, rows, v.takeDirty()), everyRow.diff(v.lines, 12, rows), `write ${i}: ${JSON.stringify(data)}`);
  }
});
