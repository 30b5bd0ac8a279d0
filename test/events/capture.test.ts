import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureSplitter, partialTokenAtEnd, type CapturePiece } from '../../daemon/events/capture.ts';

const show = (pieces: CapturePiece[]): [string, string][] => pieces.map((p) => [p.kind, p.data.toString('latin1')]);

test('Supervisor observed sequence, plus the trailing output 4.2.5 lost', () => {
  const s = new CaptureSplitter(1 << 20);
  const out = s.feed(Buffer.from('before<!--XSUPERVISOR:BEGIN-->captured data\nline2<!--XSUPERVISOR:END-->after\n'));
  assert.deepEqual(show(out), [
    ['output', 'before'],
    ['captured', 'captured data\nline2'],
    ['communication', 'captured data\nline2'],
    ['output', 'after\n'],
  ]);
  assert.deepEqual(s.end(), []);
});

test('tokens split across reads are held back only while they could still be a token', () => {
  const s = new CaptureSplitter(100);
  const text = 'ab<!--XSUPERVISOR:BEGIN-->xy<!--XSUPERVISOR:END-->z';
  const all: CapturePiece[] = [];
  for (const c of text) all.push(...s.feed(Buffer.from(c)));
  all.push(...s.end());
  const merged: [string, string][] = [];
  for (const [k, d] of show(all)) {
    const last = merged.at(-1);
    if (last && last[0] === k && k !== 'communication') last[1] += d;
    else merged.push([k, d]);
  }
  assert.deepEqual(merged, [['output', 'ab'], ['captured', 'xy'], ['communication', 'xy'], ['output', 'z']]);
  assert.deepEqual(show(s.feed(Buffer.from('<!--XSUP'))), []);
  assert.deepEqual(show(s.feed(Buffer.from('X'))), [['output', '<!--XSUPX']]);
  assert.deepEqual(show(s.feed(Buffer.from('<!-'))), []);
  assert.deepEqual(show(s.end()), [['output', '<!-']]);
});

test('short trailing output is not held back', () => {
  const s = new CaptureSplitter(100);
  assert.deepEqual(show(s.feed(Buffer.from('ok\n'))), [['output', 'ok\n']]);
});

test('capture keeps the last capture_maxbytes bytes', () => {
  const s = new CaptureSplitter(5);
  s.feed(Buffer.from('<!--XSUPERVISOR:BEGIN-->abc'));
  s.feed(Buffer.from('defgh'));
  const out = s.feed(Buffer.from('ij<!--XSUPERVISOR:END-->'));
  assert.deepEqual(show(out), [['captured', 'ij'], ['communication', 'fghij']]);
});

test('unterminated capture at EOF: no communication event', () => {
  const s = new CaptureSplitter(100);
  assert.deepEqual(show(s.feed(Buffer.from('<!--XSUPERVISOR:BEGIN-->abc<!--XSUP'))), [['captured', 'abc']]);
  assert.deepEqual(show(s.end()), [['captured', '<!--XSUP']]);
  assert.equal(s.inCapture, false);
});

test('partialTokenAtEnd', () => {
  const t = Buffer.from('<!--X');
  assert.equal(partialTokenAtEnd(Buffer.from('aa<!-'), t), 3);
  assert.equal(partialTokenAtEnd(Buffer.from('aa'), t), 0);
  assert.equal(partialTokenAtEnd(Buffer.from('<'), t), 1);
});
