/**
 * The start order a client runs and the dashboard's confirmation shows (src/deps/start-plan.ts,
 * tui/plan.ts): priority order, never before a dependency, stopped dependencies outside the
 * target pulled in first; a server without depends_on (the real supervisord) gets plain priority batches.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planStart, startOrderText, type StartCandidate } from '../../src/deps/start-plan.ts';
import { makeNamespec, ProcessStates } from '../../src/protocol/index.ts';
import type { ProcessHealth } from '../../src/protocol/types.ts';
import type { Priority, Snapshot } from '../../tui/model.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import { startBatches, startOrderLine } from '../../tui/plan.ts';
import { info, snapshot } from '../tui/helpers/fixtures.ts';

const c = (namespec: string, prio: number, requires: string[] = [], running = false): StartCandidate => ({ namespec, priority: { group: prio, process: prio }, running, requires });

test('planStart: a table of targets, dependencies and priorities', () => {
  const rows: Array<[string, string[], StartCandidate[], string]> = [
    ['no dependencies: priority batches', ['a', 'b', 'c'], [c('a', 1), c('b', 1), c('c', 2)], 'a, b → c'],
    ['a dependency with a later priority goes first', ['web', 'api', 'db'], [c('web', 1, ['api']), c('api', 2, ['db']), c('db', 3)], 'db → api (after db) → web (after api)'],
    ['priority order kept where depends_on allows it', ['a', 'b', 'c'], [c('a', 1), c('b', 2, ['a']), c('c', 3)], 'a → b (after a) → c'],
    ['same priority, one depends on the other: two batches', ['x', 'y', 'z'], [c('x', 5, ['y']), c('y', 5), c('z', 5)], 'y, z → x (after y)'],
    ['a stopped dependency outside the target is pulled in first', ['web'], [c('web', 1, ['db']), c('db', 9)], 'db (for web) → web (after db)'],
    ['a running dependency outside the target is not started', ['web'], [c('web', 1, ['db']), c('db', 9, [], true)], 'web'],
    ['transitive pull-in, shared by two', ['a', 'b'], [c('a', 1, ['m']), c('b', 1, ['m']), c('m', 2, ['n']), c('n', 3)], 'n (for a, b) → m (for a, b; after n) → a (after m), b (after m)'],
    ['a name the server does not know: default priority, no dependencies', ['ghost', 'a'], [c('a', 1)], 'a → ghost'],
    ['nothing to start', [], [c('a', 1)], ''],
  ];
  for (const [what, wanted, all, expected] of rows) assert.equal(startOrderText(planStart(wanted, all)), expected, what);
});

const R = ProcessStates.RUNNING;
const S = ProcessStates.STOPPED;
const health = (group: string, name: string, requires: string[]): [string, ProcessHealth] => [
  makeNamespec(group, name),
  { name, group, health: 'none', healthcheck: '', failures: 0, detail: '', last_check: 0, depends_on: requires.map((r) => r.split(':').at(-1)!), waiting_for: [], requires },
];

// Group app: web (prio 10) depends on api (20), which depends on db (30, its own group, stopped).
const infos = [info('app', 'web', S), info('app', 'api', S), info('db', 'db', S), info('cache', 'cache', R)];
const prios = new Map<string, Priority>([
  ['app:web', { group: 10, process: 10 }],
  ['app:api', { group: 10, process: 20 }],
  ['db', { group: 30, process: 30 }],
  ['cache', { group: 5, process: 5 }],
]);
const ours: Snapshot = { ...snapshot(infos, prios), health: new Map([health('app', 'web', ['app:api', 'cache']), health('app', 'api', ['db']), health('db', 'db', []), health('cache', 'cache', [])]) };
const real: Snapshot = snapshot(infos, prios);

test('the dashboard: depends_on-aware order where the server is ours, plain priority order against the real supervisord', () => {
  const group = { kind: 'group', name: 'app' } as const;
  assert.equal(startOrderLine(group, ours), 'start order: db (for app:web, app:api) → app:api (after db) → app:web (after app:api)');
  assert.equal(startOrderLine(group, real), 'start order: app:web → app:api');
  // A restart starts the whole target again; what runs outside it (cache) is never restarted.
  assert.deepEqual(
    startBatches(group, { ...ours, infos: infos.map((p) => (p.group === 'app' ? { ...p, state: R, statename: 'RUNNING' } : p)) }, true).map((b) => b.map((p) => p.namespec)),
    [['db'], ['app:api'], ['app:web']],
  );
  assert.equal(startOrderLine({ kind: 'processes', names: ['cache'] }, ours), 'start order: cache');
  assert.equal(startOrderLine(group, { ...ours, infos: infos.map((p) => ({ ...p, state: R, statename: 'RUNNING' })) }), 'nothing to start');
});

test('the confirmation of a group start carries the order; a stop or a single process does not', () => {
  let s = initialState({ cols: 160, rows: 40, readonly: false, interval: 1 });
  s = reduce(s, { type: 'snapshot', snapshot: ours });
  const appRow = s.tableRows.findIndex((r) => r.kind === 'group' && r.group === 'app');
  assert.ok(appRow >= 0);
  s = { ...s, selected: s.tableRows[appRow]!.key };
  const started = reduce(s, { type: 'act', op: 'start' });
  assert.equal(started.mode.kind, 'confirm');
  assert.equal(started.mode.kind === 'confirm' && started.mode.detail, 'start order: db (for app:web, app:api) → app:api (after db) → app:web (after app:api)');
  const stopped = reduce(s, { type: 'act', op: 'stop' });
  assert.equal(stopped.mode.kind === 'confirm' && stopped.mode.detail, undefined);
});
