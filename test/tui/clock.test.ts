/** The table clock's timer: ticks once a second only while subscribed; a sync (data drawn) carries the tick. Mocked timers. */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { TickingClock } from '../../tui/clock/clock.ts';

test('TickingClock: no timer without subscribers, a tick a second with them, a sync moves the next tick a period on', (t) => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  t.after(() => mock.timers.reset());
  const clock = new TickingClock(1000);
  let calls = 0;
  // Not subscribed: a sync does nothing, and nothing ticks.
  clock.sync();
  mock.timers.tick(5000);
  assert.equal(calls, 0);
  const off = clock.subscribe(() => calls++);
  assert.equal(clock.now(), 1_005_000, 'fresh on the first subscription');
  mock.timers.tick(999);
  assert.equal(calls, 0);
  mock.timers.tick(1);
  assert.deepEqual([calls, clock.now()], [1, 1_006_000]);
  mock.timers.tick(1000);
  assert.deepEqual([calls, clock.now()], [2, 1_007_000]);
  // Data drawn at +400 ms: the clock moves with it, the next tick waits a period and the slack.
  mock.timers.tick(400);
  clock.sync();
  assert.deepEqual([calls, clock.now()], [3, 1_007_400]);
  mock.timers.tick(1000);
  assert.equal(calls, 3, 'the next sample (a period later) would carry it');
  mock.timers.tick(150);
  assert.deepEqual([calls, clock.now()], [4, 1_008_550], 'no sample came: the tick comes on its own');
  off();
  mock.timers.tick(10_000);
  assert.equal(calls, 4, 'unsubscribed: no more ticks');
});
