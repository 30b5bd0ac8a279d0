/** The pure parts of depends_on and health checks, as tables: graph, verdicts, key parsing, descriptions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeProcess } from '../../src/protocol/describe.ts';
import { renderExposition } from '../../daemon/metrics/exposition.ts';
import { applyCheck, NO_HEALTH, STARTING_HEALTH, type HealthFields } from '../../daemon/health/verdict.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { parseDependsOn, parseHealthcheckTarget, parseSeconds } from '../../src/config/read-health.ts';
import { directDependents, entryMatches, findCycle, missingEntries, transitiveDependencies, type DepNode } from '../../src/deps/graph.ts';

const node = (group: string, name: string, depends_on: string[] = [], program = name): DepNode => ({ group, name, program, depends_on });

test('entries name a program (any grouping), a whole group, or one process', () => {
  const db = node('backend', 'db_00', [], 'db');
  const rows: [string, boolean][] = [
    ['db', true],
    ['db_00', false],
    ['backend:*', true],
    ['backend:', true],
    ['backend:db_00', true],
    ['backend:db', false],
    ['front:*', false],
  ];
  for (const [entry, want] of rows) assert.equal(entryMatches(entry, db), want, entry);
});

test('cycles are found between programs, self-references included; none in a chain or a diamond', () => {
  assert.deepEqual(findCycle([node('a', 'a', ['b']), node('b', 'b', ['c']), node('c', 'c', ['a'])]), ['a', 'b', 'c', 'a']);
  assert.deepEqual(findCycle([node('a', 'a', ['a'])]), ['a', 'a']);
  assert.deepEqual(findCycle([node('g', 'x', ['g:*']), node('g', 'y')]), ['x', 'x']);
  assert.equal(findCycle([node('web', 'web', ['api']), node('api', 'api', ['db']), node('db', 'db')]), null);
  assert.equal(findCycle([node('a', 'a', ['b', 'c']), node('b', 'b', ['d']), node('c', 'c', ['d']), node('d', 'd')]), null);
});

test('missing targets, start order (dependencies first, each once) and direct dependents', () => {
  const all = [node('web', 'web', ['api', 'cache']), node('api', 'api', ['db']), node('cache', 'cache', ['db']), node('db', 'db')];
  assert.deepEqual(missingEntries(node('x', 'x', ['db', 'nope', 'g:*']), all), ['nope', 'g:*']);
  assert.deepEqual(
    transitiveDependencies(all[0]!, all).map((n) => n.name),
    ['db', 'api', 'cache'],
  );
  assert.deepEqual(
    directDependents(all[3]!, all).map((n) => n.name),
    ['api', 'cache'],
  );
});

test('verdicts: a success is healthy at once, `retries` failures unhealthy, failures in the start period do not count', () => {
  const ok = (now: number) => ({ ok: true, detail: 'connected', now, inStartPeriod: false });
  const fail = (now: number, inStartPeriod = false) => ({ ok: false, detail: 'ECONNREFUSED', now, inStartPeriod });
  let f: HealthFields = STARTING_HEALTH;
  f = applyCheck(f, fail(1, true), 3);
  assert.deepEqual([f.state, f.failures], ['starting', 0]);
  f = applyCheck(f, fail(2), 3);
  f = applyCheck(f, fail(3), 3);
  assert.deepEqual([f.state, f.failures], ['starting', 2]);
  f = applyCheck(f, fail(4), 3);
  assert.deepEqual([f.state, f.failures, f.detail, f.lastCheck], ['unhealthy', 3, 'ECONNREFUSED', 4]);
  f = applyCheck(f, ok(5), 3);
  assert.deepEqual([f.state, f.failures], ['healthy', 0]);
  // Once healthy, a failure counts even inside the start period.
  f = applyCheck(f, fail(6, true), 1);
  assert.equal(f.state, 'unhealthy');
  assert.equal(NO_HEALTH.state, 'none');
});

test('healthcheck targets and values: accepted forms and the reasons for the rest', () => {
  assert.deepEqual(parseHealthcheckTarget('http://127.0.0.1:8080/health'), { kind: 'http', url: 'http://127.0.0.1:8080/health' });
  assert.deepEqual(parseHealthcheckTarget('https://example.org'), { kind: 'http', url: 'https://example.org/' });
  assert.deepEqual(parseHealthcheckTarget('tcp://127.0.0.1:5432'), { kind: 'tcp', host: '127.0.0.1', port: 5432 });
  assert.deepEqual(parseHealthcheckTarget('tcp://[::1]:5432'), { kind: 'tcp', host: '::1', port: 5432 });
  assert.deepEqual(parseHealthcheckTarget('cmd: /usr/bin/pg_isready -q'), { kind: 'cmd', command: '/usr/bin/pg_isready -q' });
  const rows: [string, RegExp][] = [
    ['tcp://127.0.0.1', /needs a host and a port/],
    ['ftp://x', /unsupported scheme 'ftp:'/],
    ['localhost:80', /unsupported scheme/],
    ['cmd:', /cmd: needs a command/],
    ['just words', /not http/],
  ];
  for (const [spec, re] of rows) assert.throws(() => parseHealthcheckTarget(spec), (e: unknown) => e instanceof ConfigError && re.test(e.message), spec);
  assert.equal(parseSeconds('0.5', false), 0.5);
  assert.throws(() => parseSeconds('0', false), /more than 0/);
  assert.equal(parseSeconds('0', true), 0);
  assert.throws(() => parseSeconds('10s', true), /not a number of seconds/);
  assert.deepEqual(parseDependsOn('db, backend:*, db,'), ['db', 'backend:*']);
  assert.throws(() => parseDependsOn('a b'), /not a program name/);
  assert.throws(() => parseDependsOn(':x'), /not a program name/);
});

test('a STARTING process that waits says what for; the classic descriptions are unchanged', () => {
  const base = { name: 'web', pid: 0, laststart: 100, laststop: 0, spawnerr: '', now: 200 };
  assert.equal(describeProcess({ ...base, state: 'STARTING', waitingFor: ['db', 'cache'] }), 'waiting for db, cache');
  assert.equal(describeProcess({ ...base, state: 'STARTING', waitingFor: [] }), '');
  assert.equal(describeProcess({ ...base, state: 'STARTING' }), '');
});

test('Prometheus exposition: HELP/TYPE per family, escaped label values, special floats', () => {
  const text = renderExposition([
    { name: 'm_total', help: 'a\\b\nc', type: 'counter', samples: [{ labels: { name: 'x"y\\z\nw', group: 'g' }, value: 1.5 }] },
    { name: 'g', help: 'h', type: 'gauge', samples: [{ labels: {}, value: NaN }, { labels: { a: '' }, value: -Infinity }] },
  ]);
  assert.equal(
    text,
    '# HELP m_total a\\\\b\\nc\n# TYPE m_total counter\nm_total{name="x\\"y\\\\z\\nw",group="g"} 1.5\n# HELP g h\n# TYPE g gauge\ng NaN\ng{a=""} -Inf\n',
  );
});
