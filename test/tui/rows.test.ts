/** Row building, columns by width, cell formatting. Pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessStates } from '../../src/protocol/index.ts';
import { layoutColumns } from '../../tui/columns.ts';
import { fit, formatBytes, thousands, formatUptime, sanitizeLine } from '../../tui/format.ts';
import type { HealthState, ProcessHealth } from '../../src/protocol/types.ts';
import type { GroupRow, Priority, ProcessRow, Snapshot } from '../../tui/model.ts';
import { rowUptime } from '../../tui/clock/uptime.ts';
import { buildRows, makeMatcher, reuseRows } from '../../tui/rows.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const R = ProcessStates.RUNNING;
const opts = { collapsed: new Set<string>(), filter: '', sort: { column: null, inverted: false } };

test('columns drop from the right as the width shrinks; NAME and STATE stay', () => {
  const ids = (w: number) => layoutColumns(w, 20).map((c) => c.id);
  assert.deepEqual(ids(200), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio', 'exit', 'description']);
  assert.deepEqual(ids(100), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio', 'exit', 'description']);
  assert.deepEqual(ids(79), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio', 'exit']);
  assert.deepEqual(ids(70), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio']);
  assert.deepEqual(ids(64), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss']);
  assert.deepEqual(ids(59), ['name', 'state', 'pid', 'uptime', 'cpu']);
  assert.deepEqual(ids(40), ['name', 'state', 'pid', 'uptime']);
  for (const w of [59, 79, 100, 200]) {
    const cols = layoutColumns(w, 20);
    assert.ok(cols.reduce((n, c) => n + c.width, 0) + cols.length - 1 <= w, `fits ${w}`);
  }
});

test('HEALTH: only when asked for (a process has a check), dropped first, before DESCRIPTION', () => {
  const ids = (w: number) => layoutColumns(w, 20, true).map((c) => c.id);
  assert.deepEqual(ids(200), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio', 'exit', 'health', 'description']);
  assert.deepEqual(ids(89), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio', 'exit', 'description']);
  assert.deepEqual(ids(70), ['name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio']);
  assert.ok(!layoutColumns(200, 20).some((c) => c.id === 'health'));
});

test('health cells: the verdict, - before one, empty without a check or without health at all', () => {
  const h = (name: string, health: HealthState, healthcheck = 'tcp://h:1'): [string, ProcessHealth] => [
    name,
    { name, group: name, health, healthcheck, failures: 0, detail: '', last_check: 0, depends_on: [], waiting_for: [], requires: [] },
  ];
  const infos = [info('a', 'a', R), info('b', 'b', R), info('c', 'c', R), info('d', 'd', ProcessStates.STOPPED)];
  const snap = { ...snapshot(infos), health: new Map([h('a', 'healthy'), h('b', 'unhealthy'), h('c', 'none', ''), h('d', 'none')]) };
  const cells = (s: Snapshot) => buildRows(s, opts).map((r) => (r as ProcessRow).health);
  assert.deepEqual(cells(snap), ['healthy', 'unhealthy', '', '-']);
  assert.deepEqual(cells(snapshot(infos)), ['', '', '', '']);
});

test('groups: aggregate state, worst member, priority; one-process group as one row', () => {
  const prios = new Map<string, Priority>([
    ['web:a', { group: 5, process: 2 }],
    ['web:b', { group: 5, process: 1 }],
    ['solo', { group: 1, process: 1 }],
  ]);
  const rows = buildRows(snapshot([info('web', 'a', R), info('web', 'b', ProcessStates.BACKOFF), info('solo', 'solo', R)], prios), opts);
  assert.deepEqual(rows.map((r) => r.key), ['solo', 'group:web', 'web:b', 'web:a']);
  const g = rows[1] as GroupRow;
  assert.deepEqual(g.counts, [['RUNNING', 1], ['BACKOFF', 1]]);
  assert.equal(g.worst, 'BACKOFF');
  assert.equal(g.prio, '5');
  assert.equal((rows[0] as ProcessRow).depth, 0);
  assert.equal((rows[2] as ProcessRow).depth, 1);
});

test('process cells: pid, uptime from the start and the clock offset, exit status when stopped, - for remote stats', () => {
  const p = info('w', 'w', R, { pid: 42, start: 1000, now: 1000 + 7322 });
  const [row] = buildRows({ ...snapshot([p]), clockOffset: 2.25 }, opts) as ProcessRow[];
  assert.equal(row!.pid, '42');
  assert.equal(row!.since, 997.75, 'start in local seconds');
  assert.equal(rowUptime(row!, (997.75 + 7322) * 1000), 7322);
  assert.equal(row!.cpu, '-');
  const stopped = info('w', 'w', ProcessStates.EXITED, { exitstatus: 3 });
  const [r2] = buildRows(snapshot([stopped]), opts) as ProcessRow[];
  assert.equal(r2!.exit, '3');
  assert.equal(r2!.since, null);
  const local = { ...snapshot([p]), stats: new Map([[42, { cpu: 12.34, rss: 41 * 1024 * 1024 }]]) };
  const [r3] = buildRows(local, opts) as ProcessRow[];
  assert.equal(r3!.cpu, '12.3');
  assert.equal(r3!.rss, '41M');
});

test('filter matcher: namespec, group or state; ! inverts; bad regex is literal', () => {
  const p = info('web', 'web_00', R);
  assert.equal(makeMatcher('web:web_0')!.test(p), true);
  assert.equal(makeMatcher('^web$')!.test(p), true);
  assert.equal(makeMatcher('running')!.test(p), true);
  assert.equal(makeMatcher('!running')!.test(p), false);
  assert.equal(makeMatcher('(')!.literal, true);
  assert.equal(makeMatcher(''), null);
});

test('reuseRows keeps unchanged row objects and the whole array when nothing changed', () => {
  const s1 = snapshot([info('a', 'a', R, { pid: 1 }), info('b', 'b', R, { pid: 2 })]);
  const r1 = buildRows(s1, opts);
  const same = reuseRows(r1, buildRows(s1, opts));
  assert.equal(same, r1);
  const s2 = snapshot([info('a', 'a', R, { pid: 1 }), info('b', 'b', R, { pid: 3 })]);
  const r2 = reuseRows(r1, buildRows(s2, opts));
  assert.notEqual(r2, r1);
  assert.equal(r2[0], r1[0]);
  assert.notEqual(r2[1], r1[1]);
});

test('formatting', () => {
  assert.equal(formatUptime(59), '0:00:59');
  assert.equal(formatUptime(3 * 86400 + 4 * 3600 + 5 * 60), '3d 04:05');
  assert.equal(formatBytes(512 * 1024), '512K');
  assert.equal(formatBytes(1.5 * 1024 * 1024 * 1024), '1.5G');
  assert.equal(fit('abcdef', 4), 'abc…');
  assert.equal(fit('ab', 4), 'ab  ');
  assert.equal(sanitizeLine('\x1b[31mred\x1b[0m\tx\x07'), 'red     x');
});

test('thousands: commas every three digits, as toLocaleString(\'en-US\') writes counts', () => {
  for (const n of [0, 7, 999, 1000, 2400, 12345, 999999, 1000000, 5000000, -1234, 12.7]) {
    assert.equal(thousands(n), Math.trunc(n).toLocaleString('en-US'), String(n));
  }
});
