import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msUntilNextBoundary, startTicks, TickTracker } from '../../daemon/events/ticks.ts';

test('ticks: first at the first boundary after start, payload is the boundary', () => {
  const t = new TickTracker();
  assert.deepEqual(t.check(3599.5), []);
  assert.deepEqual(t.check(3599.9), []);
  assert.deepEqual(t.check(3600.01), [
    { name: 'TICK_5', when: 3600 },
    { name: 'TICK_60', when: 3600 },
    { name: 'TICK_3600', when: 3600 },
  ]);
  assert.deepEqual(t.check(3604), []);
  assert.deepEqual(t.check(3605), [{ name: 'TICK_5', when: 3605 }]);
  assert.equal(msUntilNextBoundary(12_000), 3000);
  assert.equal(msUntilNextBoundary(15_000), 5000);
});

test('startTicks fires on each 5 s wall-clock boundary', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_795_464_537_000 });
  const got: string[] = [];
  const stop = startTicks((e) => got.push(`${e.name} ${e.when}`));
  t.mock.timers.tick(2_990);
  assert.deepEqual(got, []);
  t.mock.timers.tick(20); // past 1795464540: a 5 s and a 60 s boundary
  assert.deepEqual(got, ['TICK_5 1795464540', 'TICK_60 1795464540']);
  t.mock.timers.tick(5_000);
  assert.deepEqual(got.slice(2), ['TICK_5 1795464545']);
  stop();
  t.mock.timers.tick(10_000);
  assert.equal(got.length, 3);
});
