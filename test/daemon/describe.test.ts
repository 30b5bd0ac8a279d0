import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProcess, formatStopTime } from '../../src/protocol/describe.ts';
import { formatUptime } from '../../src/protocol/uptime.ts';

test('uptime is formatted like Python timedelta', () => {
  assert.equal(formatUptime(5), '0:00:05');
  assert.equal(formatUptime(5 * 3600 + 7), '5:00:07');
  assert.equal(formatUptime(86400 + 5), '1 day, 0:00:05');
  assert.equal(formatUptime(2 * 86400 + 3661), '2 days, 1:01:01');
  assert.equal(formatUptime(-3), '0:00:00');
});

test('stop time is local %b %d %I:%M %p', () => {
  const t = new Date(2026, 10, 23, 20, 11, 30).getTime() / 1000;
  assert.equal(formatStopTime(t), 'Nov 23 08:11 PM');
  assert.equal(formatStopTime(new Date(2026, 0, 5, 0, 4).getTime() / 1000), 'Jan 05 12:04 AM');
  assert.equal(formatStopTime(new Date(2026, 0, 5, 12, 0).getTime() / 1000), 'Jan 05 12:00 PM');
});

test('description per state', () => {
  const base = { name: 'web', pid: 0, laststart: 0, laststop: 0, spawnerr: '', now: 1000 };
  assert.equal(describeProcess({ ...base, state: 'RUNNING', pid: 8927, laststart: 990 }), 'pid 8927, uptime 0:00:10');
  assert.equal(describeProcess({ ...base, state: 'RUNNING', pid: 1, laststart: 2000 }), 'pid 1, uptime 0:00:00');
  assert.equal(describeProcess({ ...base, state: 'FATAL', spawnerr: "can't find command '/x'" }), "can't find command '/x'");
  assert.equal(describeProcess({ ...base, state: 'BACKOFF' }), 'unknown error (try "tail web")');
  assert.equal(describeProcess({ ...base, state: 'STOPPED' }), 'Not started');
  assert.equal(describeProcess({ ...base, state: 'EXITED', laststart: 900, laststop: 950 }), formatStopTime(950));
  for (const state of ['STARTING', 'STOPPING', 'UNKNOWN'] as const) assert.equal(describeProcess({ ...base, state }), '');
});
