/** KeyFrames: when a key may draw its frame at once (a table), and the draw itself (real timers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyFrames, keyMayDraw } from '../../tui/term/key-frames.ts';

test('keyMayDraw: at most one key frame per frame interval', () => {
  const rows: [now: number, last: number, frameMs: number, may: boolean][] = [
    [1000, -Infinity, 33, true],
    [1000, 967, 33, true],
    [1000, 968, 33, false],
    [1000, 1000, 33, false],
    [1000, 1000, 0, true],
  ];
  for (const [now, last, frameMs, may] of rows) assert.equal(keyMayDraw(now, last, frameMs), may, `${now} ${last} ${frameMs}`);
});

test('KeyFrames: keys in one turn draw once, after that turn; keys within the interval wait for Ink', async () => {
  let now = 0;
  const frames = new KeyFrames(33, () => now);
  let drawn = 0;
  frames.flush = () => drawn++;
  frames.keyHandled();
  frames.keyHandled();
  assert.equal(drawn, 0, 'not before React has committed');
  await new Promise((r) => setImmediate(r));
  assert.equal(drawn, 1);
  now = 20;
  frames.keyHandled();
  await new Promise((r) => setImmediate(r));
  assert.equal(drawn, 1, 'a held key draws at the frame rate, through Ink');
  now = 40;
  frames.keyHandled();
  await new Promise((r) => setImmediate(r));
  assert.equal(drawn, 2);
});
