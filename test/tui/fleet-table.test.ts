/** The fleet's table and state history kept per server (tui/fleet/table.ts, tui/fleet/history.ts): pure, as tables. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessStates, type ProcessInfo } from '../../src/protocol/index.ts';
import { EMPTY_FLEET_HISTORY, recordFleetTransitions } from '../../tui/fleet/history.ts';
import type { FleetMember, FleetView } from '../../tui/fleet/model.ts';
import { buildFleetRows, updateFleetTable, type FleetTable } from '../../tui/fleet/table.ts';
import type { TableRow } from '../../tui/model.ts';
import type { RowOptions } from '../../tui/rows.ts';
import { widestLabel } from '../../tui/rows.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const R = ProcessStates.RUNNING;
const S = ProcessStates.STOPPED;
const opts: RowOptions = { collapsed: new Set<string>(), filter: '', sort: { column: null, inverted: false } };

function member(name: string, infos: ProcessInfo[]): FleetMember {
  return { name, snapshot: snapshot(infos), server: null, conn: { status: 'up' }, rttMs: 3 };
}

function fleetOf(members: FleetMember[], tree = true): FleetView {
  return { context: null, color: null, tree, now: 1_000_000, members };
}

const procs = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => info(`${prefix}${i}`, `${prefix}${i}`, R, { pid: 100 + i }));

/** The width the table keeps, against the rows measured afresh (copied, so nothing remembered applies). */
function assertWidth(t: FleetTable, what: string): void {
  assert.equal(widestLabel(t.rows), widestLabel([...t.rows].map((r) => ({ ...r }) as TableRow)), what);
  assert.equal(t.nameWidth, widestLabel([...t.rows].map((r) => ({ ...r }) as TableRow)), what);
}

test("one server's news rebuilds that server's part only; the others keep their row arrays and objects", () => {
  const v0 = fleetOf([member('a', procs(3)), member('b', procs(3)), member('c', procs(3))]);
  const t0 = updateFleetTable(null, v0, opts);
  const b2 = { ...v0.members[1]!, snapshot: snapshot([...procs(2), info('p2', 'p2', S)]) };
  const t1 = updateFleetTable(t0, { ...v0, members: [v0.members[0]!, b2, v0.members[2]!] }, opts);
  assert.equal(t1.parts.get('a')!.rows, t0.parts.get('a')!.rows, "a's rows: the same array");
  assert.equal(t1.parts.get('c')!.rows, t0.parts.get('c')!.rows, "c's rows: the same array");
  assert.notEqual(t1.parts.get('b')!.rows, t0.parts.get('b')!.rows);
  // Within b, the rows that did not change are the previous objects.
  const bRows = (t: FleetTable) => new Map(t.parts.get('b')!.rows.map((r) => [r.key, r]));
  assert.equal(bRows(t1).get('p0@b'), bRows(t0).get('p0@b'));
  assert.notEqual(bRows(t1).get('p2@b'), bRows(t0).get('p2@b'));
  assert.equal((bRows(t1).get('p2@b') as { state: string }).state, 'STOPPED');
  // The table is the parts in fleet order, as built afresh.
  assert.deepEqual(t1.rows, buildFleetRows({ ...v0, members: [v0.members[0]!, b2, v0.members[2]!] }, opts));
  // Nothing new (a new view object with the same members): the same rows array.
  assert.equal(updateFleetTable(t1, { ...v0, members: [v0.members[0]!, b2, v0.members[2]!], now: v0.now + 10 }, opts).rows, t1.rows);
});

test("a new round-trip time or connection state rebuilds the server's row only, its processes' rows stay", () => {
  const v0 = fleetOf([member('a', procs(3)), member('b', procs(3))]);
  const t0 = updateFleetTable(null, v0, opts);
  const a = v0.members[0]!;
  const t1 = updateFleetTable(t0, { ...v0, members: [{ ...a, rttMs: 40 }, v0.members[1]!] }, opts);
  const rowsOf = (t: FleetTable) => t.parts.get('a')!.rows;
  assert.notEqual(rowsOf(t1)[0], rowsOf(t0)[0], 'the server row is new');
  assert.match((rowsOf(t1)[0] as { note: string }).note, /up 40 ms/);
  rowsOf(t1).slice(1).forEach((r, i) => assert.equal(r, rowsOf(t0)[i + 1], 'process rows: the same objects'));
  // Down: every row of the server is stale (dimmed), and its row counts the age of the data each second.
  const down = { ...a, conn: { status: 'down' as const, error: 'refused', lastGood: v0.now - 3000, retryAt: null, hint: null } };
  const t2 = updateFleetTable(t1, { ...v0, members: [down, v0.members[1]!] }, opts);
  assert.ok(rowsOf(t2).every((r) => r.stale === true));
  const t3 = updateFleetTable(t2, { ...v0, now: v0.now + 2000, members: [down, v0.members[1]!] }, opts);
  assert.match((rowsOf(t3)[0] as { note: string }).note, /data 5s old/);
  rowsOf(t3).slice(1).forEach((r, i) => assert.equal(r, rowsOf(t2)[i + 1]));
  assert.equal(t3.parts.get('b')!.rows, t0.parts.get('b')!.rows);
});

test('folding a group on one server rebuilds that server only; a new collapsed set that leaves a server alone keeps it', () => {
  const v = fleetOf([member('a', [info('web', 'w0', R), info('web', 'w1', R)]), member('b', [info('web', 'w0', R), info('web', 'w1', R)])]);
  const t0 = updateFleetTable(null, v, opts);
  const t1 = updateFleetTable(t0, v, { ...opts, collapsed: new Set(['web@a']) });
  assert.equal(t1.parts.get('b')!.rows, t0.parts.get('b')!.rows);
  assert.deepEqual(
    t1.rows.map((r) => r.key),
    ['group:@a', 'group:web@a', 'group:@b', 'group:web@b', 'web:w0@b', 'web:w1@b'],
  );
  // The server row folded: only its row is left.
  const t2 = updateFleetTable(t1, v, { ...opts, collapsed: new Set(['web@a', '@b']) });
  assert.equal(t2.parts.get('a')!.rows, t1.parts.get('a')!.rows);
  assert.deepEqual(t2.parts.get('b')!.rows.map((r) => r.key), ['group:@b']);
});

test('the NAME width is kept per server and is the widest of them, as measuring the whole table finds it', () => {
  const long = info('g', 'a_very_long_process_name_here', R);
  const steps: { what: string; members: FleetMember[]; o?: RowOptions; tree?: boolean }[] = [
    { what: 'short names', members: [member('a', procs(2)), member('b', procs(2))] },
    { what: 'a long name appears on b', members: [member('a', procs(2)), member('b', [...procs(2), long])] },
    { what: 'its group folded', members: [member('a', procs(2)), member('b', [...procs(2), long])], o: { ...opts, collapsed: new Set(['g@b']) } },
    { what: 'b server row folded (its members still count)', members: [member('a', procs(2)), member('b', [...procs(2), long])], o: { ...opts, collapsed: new Set(['@b']) } },
    { what: 'the long name gone again', members: [member('a', procs(2)), member('b', procs(2))] },
    { what: 'flat, server names in front', members: [member('a', procs(2)), member('web-long-server', procs(2))], tree: false },
    { what: 'filtered to one server', members: [member('a', [long]), member('b', procs(2))], o: { ...opts, filter: '@b' } },
  ];
  let t: FleetTable | null = null;
  for (const s of steps) {
    t = updateFleetTable(t, fleetOf(s.members, s.tree ?? true), s.o ?? opts);
    assertWidth(t, s.what);
  }
});

test('a server that drops out of the filter or the fleet leaves the table; its part is forgotten', () => {
  const v = fleetOf([member('a', procs(1)), member('b', procs(1))]);
  const t0 = updateFleetTable(null, v, opts);
  const t1 = updateFleetTable(t0, v, { ...opts, filter: '@a' });
  assert.deepEqual([...t1.parts.keys()], ['a']);
  assert.deepEqual(t1.rows.map((r) => r.key), ['group:@a', 'p0@a']);
  const t2 = updateFleetTable(t1, fleetOf([v.members[1]!]), opts);
  assert.deepEqual(t2.rows.map((r) => r.key), ['group:@b', 'p0@b']);
});

test("state history per server: only a server with news is folded, only its changed processes read; gone servers forgotten", () => {
  // The servers' clocks agree with this one (now 1,000 s): first sight is dated by the start, 10 s.
  const a = member('a', [info('web', 'web', R, { pid: 1, start: 10, now: 1000 })]);
  const b = member('b', [info('web', 'web', R, { pid: 2, start: 10, now: 1000 })]);
  const v0 = fleetOf([a, b]);
  const h0 = recordFleetTransitions(EMPTY_FLEET_HISTORY, null, v0);
  assert.deepEqual(h0.get('web@a')!.map((t) => `${t.from}>${t.to}`), ['null>RUNNING']);
  const bExited = { ...b, snapshot: snapshot([info('web', 'web', ProcessStates.EXITED, { exitstatus: 3, stop: 1500, now: 2000 })]) };
  const v1 = { ...v0, now: 2_000_000, members: [a, bExited] };
  const h1 = recordFleetTransitions(h0, v0, v1);
  assert.equal(h1.servers.get('a'), h0.servers.get('a'), "a's history: the same map");
  assert.deepEqual(h1.get('web@b')!.map((t) => `${t.from}>${t.to}:${t.exitstatus}@${t.at}`), ['null>RUNNING:null@10000', 'RUNNING>EXITED:3@2000000']);
  // The same snapshots again: nothing read, the same history.
  assert.equal(recordFleetTransitions(h1, v1, { ...v1, now: 3_000_000 }), h1);
  // A new snapshot whose infos are the previous objects: they are skipped unread (a getter would throw).
  const trap = new Proxy(bExited.snapshot!.infos[0]!, {
    get() {
      throw new Error('an unchanged process was read');
    },
  });
  const same = { ...bExited, snapshot: { ...bExited.snapshot!, infos: [trap] } };
  const v2 = { ...v1, members: [a, same] };
  assert.equal(recordFleetTransitions(h1, { ...v1, members: [a, { ...same }] }, v2), h1);
  // A server that left the fleet (another context) is forgotten.
  const h3 = recordFleetTransitions(h1, v1, fleetOf([a]));
  assert.deepEqual([...h3.servers.keys()], ['a']);
  assert.equal(h3.get('web@b'), undefined);
  assert.equal(h3.get('web'), undefined, 'an unqualified name is no fleet key');
});
