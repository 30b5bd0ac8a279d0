/** The dashboard over a fleet, pure parts: rows, filter, header summary, targets, rolling plan, reducer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessStates } from '../../src/protocol/index.ts';
import { logTargets, sourceLabel, type FleetMember, type FleetView } from '../../tui/fleet/model.ts';
import { connectionText, fleetSummary, splitFilter } from '../../tui/fleet/rows.ts';
import { buildFleetRows, updateFleetTable } from '../../tui/fleet/table.ts';
import { parseRollingArgs, planRolling, splitTarget } from '../../tui/fleet/targets.ts';
import type { GroupRow, ProcessRow } from '../../tui/model.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import { buildRows, reuseRows } from '../../tui/rows.ts';
import { contextPickerLines } from '../../tui/fleet/picker.ts';
import { keyToAction } from '../../tui/keymap.ts';
import { makeTheme } from '../../tui/theme.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const R = ProcessStates.RUNNING;
const S = ProcessStates.STOPPED;
const opts = { collapsed: new Set<string>(), filter: '', sort: { column: null, inverted: false } };

function member(name: string, infos: ReturnType<typeof info>[], conn: FleetMember['conn'] = { status: 'up' }): FleetMember {
  return { name, snapshot: snapshot(infos), server: null, conn, rttMs: 4.2 };
}

const NOW = 1_000_000;
const view = (tree = true): FleetView => ({
  context: 'prod',
  color: 'red',
  tree,
  now: NOW,
  members: [
    member('web1', [info('web', 'web_00', R), info('web', 'web_01', R), info('cron', 'cron', S)]),
    member('web2', [info('web', 'web_00', ProcessStates.FATAL)], { status: 'down', error: 'refused', lastGood: NOW - 14_000, retryAt: NOW + 1000, hint: null }),
  ],
});

test('tree: servers as top-level rows, their groups and processes under them, named NAME@SERVER', () => {
  const rows = buildFleetRows(view(), opts);
  assert.deepEqual(rows.map((r) => r.key), ['group:@web1', 'cron@web1', 'group:web@web1', 'web:web_00@web1', 'web:web_01@web1', 'group:@web2', 'group:web@web2', 'web:web_00@web2']);
  const s1 = rows[0] as GroupRow;
  assert.deepEqual([s1.label, s1.note, s1.counts, s1.server, s1.members], ['web1', 'up 4 ms', [['RUNNING', 2], ['STOPPED', 1]], true, ['web:web_00@web1', 'web:web_01@web1', 'cron@web1']]);
  const p = rows[3] as ProcessRow;
  assert.deepEqual([p.label, p.depth, p.group, p.namespec, p.stale], ['web_00', 2, 'web@web1', 'web:web_00@web1', undefined]);
  assert.equal((rows[1] as ProcessRow).depth, 1);
  assert.equal((rows[2] as GroupRow).depth, 1);
  const s2 = rows[5] as GroupRow;
  assert.equal(s2.note, 'unreachable (data 14s old): refused');
  assert.equal(s2.stale, true);
  assert.equal((rows[6] as GroupRow).stale, true);
  assert.equal((rows[7] as ProcessRow).stale, true);
});

test('collapsing a server or one of its groups; flat mode puts the server in front of every name', () => {
  const collapsed = buildFleetRows(view(), { ...opts, collapsed: new Set(['@web1', 'web@web2']) });
  assert.deepEqual(collapsed.map((r) => r.key), ['group:@web1', 'group:@web2', 'group:web@web2']);
  const flat = buildFleetRows(view(false), opts);
  assert.deepEqual(flat.map((r) => r.label), ['web1  cron', 'web1  web (2)', 'web1  web_00', 'web1  web_01', 'web2  web (1)', 'web2  web_00']);
});

test('filter: @globs choose servers, the rest filters names and states', () => {
  assert.deepEqual(splitFilter('web_0 @web* FATAL'), { servers: ['web*'], rest: 'web_0 FATAL' });
  const keys = (filter: string) => buildFleetRows(view(), { ...opts, filter }).map((r) => r.key);
  assert.deepEqual(keys('@web2'), ['group:@web2', 'group:web@web2', 'web:web_00@web2']);
  assert.deepEqual(keys('@web[12] cron'), ['group:@web1', 'cron@web1', 'group:@web2']);
  assert.deepEqual(keys('@nosuch'), []);
});

test('header summary and connection texts', () => {
  assert.deepEqual(fleetSummary(view()), { servers: '2 servers: 1 up, 1 unreachable', procs: 4, counts: [['RUNNING', 2], ['FATAL', 1], ['STOPPED', 1]] });
  assert.equal(connectionText({ ...member('x', []), conn: { status: 'connecting', since: NOW } }, NOW), 'connecting…');
  assert.equal(connectionText({ ...member('x', []), conn: { status: 'down', error: 'e', lastGood: null, retryAt: 0, hint: null } }, NOW), 'unreachable (no data): e');
});

test('targets split per server', () => {
  const servers = ['web1', 'web2', 'db1'];
  assert.deepEqual([...splitTarget({ kind: 'processes', names: ['web:web_00@web1', 'cron@db1', 'web:web_01@web1'] }, servers)], [
    ['web1', { kind: 'processes', names: ['web:web_00', 'web:web_01'] }],
    ['db1', { kind: 'processes', names: ['cron'] }],
  ]);
  assert.deepEqual([...splitTarget({ kind: 'group', name: 'web@web2' }, servers)], [['web2', { kind: 'group', name: 'web' }]]);
  assert.deepEqual([...splitTarget({ kind: 'group', name: '@db1' }, servers)], [['db1', { kind: 'all' }]]);
  assert.deepEqual([...splitTarget({ kind: 'all' }, servers)].map(([s]) => s), servers);
});

test('rolling restart: per server in fleet order, N at a time; names that match nothing', () => {
  const v = view();
  const members = [...v.members, member('db1', [info('db', 'db', R)])];
  assert.deepEqual(planRolling(members, ['web:*'], 1), { batches: [[{ server: 'web1', names: ['web:web_00', 'web:web_01'] }], [{ server: 'web2', names: ['web:web_00'] }]], errors: [] });
  assert.deepEqual(planRolling(members, ['web:web_00', 'db'], 2).batches.map((b) => b.map((s) => s.server)), [['web1', 'web2'], ['db1']]);
  assert.deepEqual(planRolling(members, ['web:*@web2', 'nope'], 1), { batches: [[{ server: 'web2', names: ['web:web_00'] }]], errors: ['nope: ERROR (no such process)'] });
  assert.deepEqual(parseRollingArgs(['web:*', '-n', '3']), { names: ['web:*'], batch: 3 });
  assert.deepEqual(parseRollingArgs(['--batch', '2', 'web:*@web*']), { names: ['web:*@web*'], batch: 2 });
  assert.deepEqual(parseRollingArgs(['--batch=4', 'a', 'b']), { names: ['a', 'b'], batch: 4 });
  assert.deepEqual(parseRollingArgs(['-n', '0', 'x']), { error: 'rolling-restart: --batch takes a number of servers at a time (1 or more)' });
  assert.deepEqual(parseRollingArgs(['--batch']), { error: 'rolling-restart: --batch takes a number of servers at a time (1 or more)' });
  assert.deepEqual(parseRollingArgs(['-x', 'a']), { error: 'rolling-restart: unknown option -x (--batch N)' });
  assert.ok('error' in parseRollingArgs([]));
});

test('reducer: confirmations count servers; T toggles tree/flat; a readonly context refuses', () => {
  let s = initialState({ cols: 120, rows: 40, readonly: false, interval: 1, fleet: view() });
  s = reduce(s, { type: 'fleet', fleet: view() });
  assert.equal(s.tableRows[0]!.key, 'group:@web1');
  s = reduce(s, { type: 'move', to: 'down' });
  s = reduce(s, { type: 'toggleMark' }); // cron@web1
  s = reduce(s, { type: 'move', to: 'end' });
  s = reduce(s, { type: 'toggleMark' }); // web:web_00@web2
  s = reduce(s, { type: 'act', op: 'restart' });
  assert.deepEqual(s.mode, { kind: 'confirm', question: 'restart 2 marked processes on 2 servers?', effect: { kind: 'op', op: 'restart', target: { kind: 'processes', names: ['cron@web1', 'web:web_00@web2'] } } });
  s = reduce(reduce(s, { type: 'escape' }), { type: 'clearMarks' });
  s = reduce(s, { type: 'move', to: 'home' });
  s = reduce(s, { type: 'act', op: 'stop' });
  assert.equal(s.mode.kind === 'confirm' && s.mode.question, 'stop all 3 processes on server web1?');
  s = reduce(reduce(s, { type: 'escape' }), { type: 'toggleTree' });
  assert.equal(s.tableRows[0]!.label, 'web1  cron');
  // New data keeps the view's tree/flat choice.
  s = reduce(s, { type: 'fleet', fleet: view(true) });
  assert.equal(s.tableRows[0]!.label, 'web1  cron');
  const ro = initialState({ cols: 120, rows: 40, readonly: true, interval: 1, fleet: view() });
  assert.deepEqual(reduce(reduce(ro, { type: 'fleet', fleet: view() }), { type: 'act', op: 'stop' }).message?.error, true);
});

test('left from a process under a server moves to its server row', () => {
  let s = reduce(initialState({ cols: 120, rows: 40, readonly: false, interval: 1, fleet: view() }), { type: 'fleet', fleet: view() });
  s = reduce(s, { type: 'move', to: 'down' }); // cron@web1, depth 1
  s = reduce(s, { type: 'collapse' });
  assert.equal(s.selected, 'group:@web1');
});

test('reuseRows notices a field that only the new row has (a server gone stale)', () => {
  const prev = buildRows(snapshot([info('web', 'a', R)]), opts);
  const next = prev.map((r) => ({ ...r, stale: true }));
  const out = reuseRows(prev, next);
  assert.equal((out[0] as GroupRow).stale, true);
});

test('Enter with marks on several servers follows them all; moving the cursor keeps them', () => {
  let s = reduce(initialState({ cols: 120, rows: 40, readonly: false, interval: 1, fleet: view() }), { type: 'fleet', fleet: view() });
  s = reduce(s, { type: 'move', to: 'down' });
  s = reduce(s, { type: 'toggleMark' }); // cron@web1
  s = reduce(s, { type: 'move', to: 'end' });
  s = reduce(s, { type: 'toggleMark' }); // web:web_00@web2
  s = reduce(s, { type: 'openLog' });
  assert.equal(s.log.target, 'cron@web1 web:web_00@web2');
  s = reduce(s, { type: 'move', to: 'home' });
  s = reduce(s, { type: 'move', to: 'down' });
  assert.equal(s.log.target, 'cron@web1 web:web_00@web2');
  assert.deepEqual(logTargets(s.log.target!).map(sourceLabel), ['web1:cron', 'web2:web:web_00']);
});

test('the rolling-restart key: marks or the row, confirmed with processes and servers; refused read-only and over one server', () => {
  let s = reduce(initialState({ cols: 120, rows: 40, readonly: false, interval: 1, fleet: view() }), { type: 'fleet', fleet: view() });
  // On a server row: every process of that server.
  s = reduce(s, { type: 'rollingRestart' });
  assert.deepEqual(s.mode, { kind: 'confirm', question: 'rolling restart 3 processes on 1 server, one server at a time?', effect: { kind: 'rolling', names: ['web:web_00@web1', 'web:web_01@web1', 'cron@web1'], batch: 1 } });
  s = reduce(s, { type: 'escape' });
  s = reduce(reduce(s, { type: 'move', to: 'down' }), { type: 'toggleMark' });
  s = reduce(reduce(s, { type: 'move', to: 'end' }), { type: 'toggleMark' });
  s = reduce(s, { type: 'rollingRestart' });
  assert.equal(s.mode.kind === 'confirm' && s.mode.question, 'rolling restart 2 processes on 2 servers, one server at a time?');
  s = reduce(s, { type: 'answer', yes: true });
  assert.deepEqual(s.effects, [{ kind: 'rolling', names: ['cron@web1', 'web:web_00@web2'], batch: 1 }]);
  const ro = reduce(initialState({ cols: 120, rows: 40, readonly: true, interval: 1, fleet: view() }), { type: 'fleet', fleet: view() });
  assert.equal(reduce(ro, { type: 'rollingRestart' }).message?.text, 'read-only: actions are disabled');
  const one = reduce(initialState({ cols: 120, rows: 40, readonly: false, interval: 1, fleet: null }), { type: 'snapshot', snapshot: snapshot([info('web', 'web_00', R)]) });
  assert.match(reduce(one, { type: 'rollingRestart' }).message?.text ?? '', /^rolling restart goes over several servers/);
});

test('the :ctx picker: opens on the current context, j/k wrap, Enter switches, the current one only says so, Esc closes', () => {
  const choices = [
    { name: 'prod', color: 'red' as const, servers: 3, readonly: true },
    { name: 'staging', color: null, servers: 2, readonly: false },
    { name: 'one', color: null, servers: 1, readonly: false },
  ];
  let s = initialState({ cols: 120, rows: 40, readonly: false, interval: 1, fleet: null });
  s = reduce(s, { type: 'openContexts', choices, current: 'staging' });
  assert.deepEqual(s.mode, { kind: 'contexts', choices, current: 'staging', index: 1 });
  const key = (ch: string) => keyToAction(s, ch === 'enter' ? { name: 'enter' } : ch === 'escape' ? { name: 'escape' } : { name: 'char', ch });
  assert.deepEqual(key('j'), { type: 'menuMove', step: 1 });
  assert.deepEqual(key('k'), { type: 'menuMove', step: -1 });
  assert.deepEqual(key('enter'), { type: 'menuChoose' });
  assert.deepEqual(key('escape'), { type: 'closeOverlay' });
  assert.equal(key('x'), null, 'other keys do nothing in the picker');
  assert.equal((reduce(s, { type: 'menuChoose' }).message?.text), 'ctx: already on staging');
  s = reduce(reduce(s, { type: 'menuMove', step: 1 }), { type: 'menuMove', step: 1 }); // wraps to prod
  assert.equal(s.mode.kind === 'contexts' && s.mode.index, 0);
  const chosen = reduce(s, { type: 'menuChoose' });
  assert.deepEqual([chosen.mode, chosen.effects], [{ kind: 'normal' }, [{ kind: 'switchContext', name: 'prod' }]]);
  assert.deepEqual(reduce(s, { type: 'closeOverlay' }).mode, { kind: 'normal' });
  assert.equal(reduce(initialState({ cols: 120, rows: 40, readonly: false, interval: 1, fleet: null }), { type: 'openContexts', choices: [], current: null }).message?.text, 'ctx: the servers file has no [context:NAME] sections');
});

test('the picker lines: the current context marked, the highlighted one inverse, colours and readonly spelled out', () => {
  const choices = [
    { name: 'prod', color: 'red' as const, servers: 3, readonly: true },
    { name: 'one', color: null, servers: 1, readonly: false },
  ];
  const lines = contextPickerLines({ kind: 'contexts', choices, current: 'one', index: 0 }, 60, 4, makeTheme({ color: true, ascii: false }));
  const text = lines.map((l) => l.map((seg) => seg.text).join('').trimEnd());
  assert.deepEqual(text, [' Contexts  (↑↓ jk move · Enter switches · Esc closes)', '   prod  red   3 servers  readonly', ' * one          1 server  (current)', '']);
  assert.ok(lines[1]!.every((seg) => seg.inverse === true || seg.text.trim() === ''), 'the highlighted line is inverse');
  assert.equal(lines[1]!.find((seg) => seg.text === 'prod')?.color, 'red');
});

test('a server that reported nothing new keeps its row objects; one without an answer still counts its age', () => {
  const v = view();
  const ta = updateFleetTable(null, v, opts);
  const a = ta.rows;
  const changed = { ...v.members[0]!, snapshot: snapshot([info('web', 'web_00', S), info('web', 'web_01', R), info('cron', 'cron', S)]) };
  const b = updateFleetTable(ta, { ...v, members: [changed, v.members[1]!] }, opts).rows;
  const web2 = (rows: readonly GroupRow[] | readonly unknown[]) => (rows as { key: string }[]).filter((r) => r.key.endsWith('@web2'));
  assert.deepEqual(web2(b), web2(a));
  web2(b).forEach((r, i) => assert.equal(r, web2(a)[i], 'same object'));
  assert.notEqual(b[0], a[0], "web1's rows are new");
  const later = buildFleetRows({ ...v, now: NOW + 5000 }, opts);
  assert.match((later.find((r) => r.key === 'group:@web2') as GroupRow).note ?? '', /data 19s old/);
  assert.equal(fleetSummary({ ...v, members: [changed, v.members[1]!] }).counts.map(([s, n]) => `${n} ${s}`).join(', '), '1 RUNNING, 1 FATAL, 2 STOPPED');
});
