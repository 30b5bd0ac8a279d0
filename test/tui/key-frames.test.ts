/** KeyFrames: when a key may draw its frame at once (a table), and the draw itself (real timers). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyFrames, keyFrameDelay } from '../../tui/term/key-frames.ts';
import { waitFor } from '../helpers/wait.ts';

test('keyFrameDelay: a key draws at once, or one frame interval after the last key frame', () => {
  const rows: [now: number, last: number, frameMs: number, delay: number][] = [
    [1000, -Infinity, 33, 0],
    [1000, 967, 33, 0],
    [1000, 968, 33, 1],
    [1000, 1000, 33, 33],
    [1000, 1000, 0, 0],
  ];
  for (const [now, last, frameMs, delay] of rows) assert.equal(keyFrameDelay(now, last, frameMs), delay, `${now} ${last} ${frameMs}`);
});

test('KeyFrames: keys in one turn draw once, after that turn; a key within the interval draws at its end', async () => {
  let now = 0;
  const frames = new KeyFrames(30, () => now);
  const drawn: number[] = [];
  frames.flush = () => drawn.push(now);
  frames.keyHandled();
  frames.keyHandled();
  assert.deepEqual(drawn, [], 'not before React has committed');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(drawn, [0]);
  now = 20;
  const t0 = performance.now();
  frames.keyHandled();
  frames.keyHandled();
  await waitFor(() => drawn.length === 2, { timeoutMs: 2000, message: 'the held key frame' });
  assert.ok(performance.now() - t0 >= 9, 'drawn when the interval ends (10 ms after the key), not at once');
  assert.equal(drawn.length, 2, 'once for both keys');
});
