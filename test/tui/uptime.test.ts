/** Uptimes derived at render from (info, table clock): tables against what the server itself would answer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeProcess } from '../../src/protocol/describe.ts';
import { ProcessStates } from '../../src/protocol/index.ts';
import { descriptionAt, rowDescription, rowUptime, runningSince, uptimeAt } from '../../tui/clock/uptime.ts';
import type { ProcessRow } from '../../tui/model.ts';
import { buildRows } from '../../tui/rows.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const { RUNNING, STOPPED, STARTING } = ProcessStates;

test('runningSince: RUNNING with a start only, shifted by the clock offset', () => {
  const cases: [string, ReturnType<typeof info>, number, number | null][] = [
    ['running', info('a', 'a', RUNNING, { start: 1000 }), 0, 1000],
    ['server 2.5 s ahead', info('a', 'a', RUNNING, { start: 1000 }), 2.5, 997.5],
    ['server behind', info('a', 'a', RUNNING, { start: 1000 }), -3, 1003],
    ['no start reported', info('a', 'a', RUNNING, { start: 0 }), 0, null],
    ['starting', info('a', 'a', STARTING, { start: 1000 }), 0, null],
    ['stopped', info('a', 'a', STOPPED, { start: 1000 }), 0, null],
  ];
  for (const [name, p, offset, want] of cases) assert.equal(runningSince(p, offset), want, name);
});

test('uptimeAt: whole seconds, never negative', () => {
  const cases: [number, number, number][] = [
    [1000, 1_000_000, 0],
    [1000, 1_000_999, 0],
    [1000, 1_001_000, 1],
    [997.5, 1_000_000, 2],
    [1000, 999_000, 0], // the clock's last tick is older than the data: 0, not -1
    [0, 90_061_000, 90_061],
  ];
  for (const [since, now, want] of cases) assert.equal(uptimeAt(since, now), want, `${since} @ ${now}`);
});

test('descriptionAt equals what the server answers at that moment, whatever the offset and the info\'s own now', () => {
  for (const offset of [0, 0.4, 0.999, 2.5, -7.25, 3600]) {
    for (const local of [1_700_000_000_000, 1_700_000_000_400, 1_700_000_000_999, 1_700_090_061_500]) {
      // The info was last reported long ago (its now and description are old): neither matters.
      const p = info('web', 'web', RUNNING, { pid: 42, start: 1_699_990_000, now: 1_699_990_005, description: 'pid 42, uptime 0:00:05' });
      const serverNow = local / 1000 + offset;
      const want = describeProcess({ name: 'web', state: 'RUNNING', pid: 42, laststart: p.start, laststop: 0, spawnerr: '', now: serverNow });
      assert.equal(descriptionAt(p, offset, local), want, `offset ${offset} at ${local}`);
    }
  }
  const stopped = info('cron', 'cron', STOPPED, { description: 'Dec 03 10:21 AM' });
  assert.equal(descriptionAt(stopped, 5, 1_700_000_000_000), 'Dec 03 10:21 AM', 'other states: the server\'s text');
});

test('a row\'s UPTIME and DESCRIPTION cells at the clock', () => {
  const snap = { ...snapshot([info('w', 'w', RUNNING, { pid: 42, start: 1000 }), info('s', 's', STOPPED, { description: 'Not started' })]), clockOffset: 0.5 };
  const rows = buildRows(snap, { collapsed: new Set(), filter: '', sort: { column: null, inverted: false } }) as ProcessRow[];
  const [run, stop] = [rows.find((r) => r.key === 'w'), rows.find((r) => r.key === 's')];
  const cases: [number, number, string][] = [
    // since = start 1000 - offset 0.5 = 999.5 s local
    [1_000_500, 1, 'pid 42, uptime 0:00:01'],
    [1_000_499, 0, 'pid 42, uptime 0:00:00'],
    [999_000, 0, 'pid 42, uptime 0:00:00'],
    [999_500 + 7_322_000, 7322, 'pid 42, uptime 2:02:02'],
    [999_500 + 86_405_999, 86_405, 'pid 42, uptime 1 day, 0:00:05'],
  ];
  for (const [now, up, desc] of cases) {
    assert.equal(rowUptime(run!, now), up, `uptime at ${now}`);
    assert.equal(rowDescription(run!, rowUptime(run!, now)), desc);
  }
  assert.equal(rowUptime(stop!, 5_000_000), null);
  assert.equal(rowDescription(stop!, null), 'Not started');
});

test('sort by uptime: newest start first, not running before; the order does not depend on when the rows are built', () => {
  const infos = [info('a', 'a', RUNNING, { start: 500 }), info('b', 'b', STOPPED), info('c', 'c', RUNNING, { start: 900, now: 905 }), info('d', 'd', RUNNING, { start: 100, now: 9999 })];
  const order = (inverted: boolean) => buildRows(snapshot(infos), { collapsed: new Set(), filter: '', sort: { column: 'uptime', inverted } }).map((r) => r.key);
  assert.deepEqual(order(false), ['b', 'c', 'a', 'd'], 'infos last reported at different times still sort by their start');
  assert.deepEqual(order(true), ['d', 'a', 'c', 'b']);
});
