/** The details view's pure parts as tables: secret masking, the state history, the process tree, the dependency tree, the reducer and the lines. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dependencyTree, type DepNode } from '../../src/deps/graph.ts';
import { ProcessStates } from '../../src/protocol/index.ts';
import { MASK, maskEnvironment, maskValue } from '../../src/protocol/secrets.ts';
import type { ConfigInfo, ProcessDetails } from '../../src/protocol/types.ts';
import { HISTORY_MAX, recordTransitions, type StateHistory } from '../../tui/details/history.ts';
import { detailsContent } from '../../tui/details/lines.ts';
import { buildTree, treeRss } from '../../tui/details/tree.ts';
import { keyToAction } from '../../tui/keymap.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import type { ViewState } from '../../tui/state.ts';
import { makeTheme } from '../../tui/theme.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const { RUNNING, STOPPED, EXITED, BACKOFF, FATAL, STARTING } = ProcessStates;

test('maskValue: secret-looking names are masked, URL passwords are masked, the rest is shown', () => {
  const table: [name: string, value: string, shown: string][] = [
    ['DB_PASSWORD', 'hunter2', MASK],
    ['PGPASS', 'x', MASK],
    ['API_TOKEN', 'abc', MASK],
    ['aws_secret_access_key', 'abc', MASK],
    ['STRIPE_KEY', 'sk_live', MASK],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/etc/creds.json', MASK],
    ['AUTH_HEADER', 'Bearer x', MASK],
    ['SESSION_SECRET', 'y', MASK],
    ['DATABASE_URL', 'postgres://app:s3cret@db:5432/app', `postgres://app:${MASK}@db:5432/app`],
    ['REDIS_URL', 'redis://db:6379/0', 'redis://db:6379/0'],
    ['APP_ENV', 'production', 'production'],
    ['PATH', '/usr/bin:/bin', '/usr/bin:/bin'],
    ['HOME', '/home/app', '/home/app'],
    ['EMPTY_PASSWORD', '', ''],
  ];
  for (const [name, value, shown] of table) assert.equal(maskValue(name, value), shown, name);
  assert.deepEqual(maskEnvironment({ Z_TOKEN: 't', A: '1' }), { A: '1', Z_TOKEN: MASK });
  assert.deepEqual(Object.keys(maskEnvironment({ b: '1', a: '2' })), ['a', 'b'], 'sorted by name');
});

const key = (p: { group: string; name: string }) => (p.group === p.name ? p.name : `${p.group}:${p.name}`);

function fold(steps: readonly (readonly [at: number, infos: ReturnType<typeof info>[]])[]): StateHistory {
  let h: StateHistory = new Map();
  for (const [at, infos] of steps) h = recordTransitions(h, [{ infos, key, clockOffset: 0 }], at);
  return h;
}

test('recordTransitions: first sight, each change once, exit statuses, forgetting removed processes, bounded', () => {
  const cases: { name: string; steps: [number, ReturnType<typeof info>[]][]; want: Record<string, string[]> }[] = [
    {
      name: 'first sight is dated by the server when it can be (start of a running process, skew applied)',
      steps: [[5_000_000, [info('web', 'web', RUNNING, { pid: 7, start: 4000, now: 5000 })]]],
      want: { web: ['4000000 -> RUNNING'] },
    },
    {
      name: 'the same state again adds nothing',
      steps: [
        [1000, [info('a', 'a', RUNNING, { pid: 1, start: 0, now: 1 })]],
        [2000, [info('a', 'a', RUNNING, { pid: 1, start: 0, now: 2 })]],
      ],
      want: { a: ['1000 -> RUNNING'] },
    },
    {
      name: 'a crash loop: exit statuses on the exited states, none on RUNNING/STARTING',
      steps: [
        [1000, [info('a', 'a', RUNNING, { pid: 1, start: 0, now: 1 })]],
        [2000, [info('a', 'a', EXITED, { exitstatus: 3, stop: 2, now: 2 })]],
        [3000, [info('a', 'a', STARTING, { pid: 2, start: 3, now: 3 })]],
        [4000, [info('a', 'a', BACKOFF, { exitstatus: 1, stop: 4, now: 4, spawnerr: 'Exited too quickly (process log may have details)' })]],
        [5000, [info('a', 'a', FATAL, { exitstatus: 1, stop: 5, now: 5, spawnerr: 'Exited too quickly (process log may have details)' })]],
      ],
      want: {
        a: ['1000 -> RUNNING', '2000 RUNNING -> EXITED exit 3', '3000 EXITED -> STARTING', '4000 STARTING -> BACKOFF exit 1 Exited too quickly (process log may have details)', '5000 BACKOFF -> FATAL exit 1 Exited too quickly (process log may have details)'],
      },
    },
    {
      name: 'a process never started has no exit status, nor does a stop (its status is the signal)',
      steps: [
        [1000, [info('cron', 'cron', STOPPED, { stop: 0, start: 0, now: 1 })]],
        [2000, [info('cron', 'cron', RUNNING, { pid: 5, start: 2, now: 2 })]],
        [3000, [info('cron', 'cron', STOPPED, { stop: 3, now: 3, exitstatus: -1 })]],
      ],
      want: { cron: ['1000 -> STOPPED', '2000 STOPPED -> RUNNING', '3000 RUNNING -> STOPPED'] },
    },
    {
      name: 'a removed process is forgotten, the others kept',
      steps: [
        [1000, [info('a', 'a', RUNNING, { pid: 1, start: 0, now: 1 }), info('b', 'b', RUNNING, { pid: 2, start: 0, now: 1 })]],
        [2000, [info('b', 'b', RUNNING, { pid: 2, start: 0, now: 2 })]],
      ],
      want: { b: ['1000 -> RUNNING'] },
    },
  ];
  const show = (h: StateHistory) =>
    Object.fromEntries([...h].map(([k, ts]) => [k, ts.map((t) => `${t.at} ${t.from === null ? '' : `${t.from} `}-> ${t.to}${t.exitstatus !== null ? ` exit ${t.exitstatus}` : ''}${t.detail ? ` ${t.detail}` : ''}`)]));
  for (const c of cases) assert.deepEqual(show(fold(c.steps)), c.want, c.name);

  // Bounded: a flapping process keeps the last HISTORY_MAX transitions.
  const steps: [number, ReturnType<typeof info>[]][] = [];
  for (let i = 0; i < 50; i++) steps.push([i * 1000, [info('f', 'f', i % 2 === 0 ? RUNNING : EXITED, { pid: i % 2 === 0 ? 10 + i : 0, start: i, stop: i, now: i, exitstatus: i })]]);
  const h = fold(steps).get('f')!;
  assert.equal(h.length, HISTORY_MAX);
  assert.equal(h.at(-1)!.at, 49_000);
  assert.equal(h.at(-1)!.exitstatus, 49);

  // Nothing changed: the same map (no allocation, React sees no change).
  const once = fold([[1000, [info('a', 'a', RUNNING, { pid: 1 })]]]);
  assert.equal(recordTransitions(once, [{ infos: [info('a', 'a', RUNNING, { pid: 1 })], key, clockOffset: 0 }], 2000), once);

  // First sight dated by the server's clock offset (Snapshot.clockOffset), not by the info's `now`: the
  // data no longer moves each second, so an info's `now` is when it last changed, not the server's clock.
  const skewed = recordTransitions(new Map(), [{ infos: [info('web', 'web', RUNNING, { pid: 7, start: 4000, now: 4100 })], key, clockOffset: 10 }], 9_999_000);
  assert.equal(skewed.get('web')![0]!.at, 3_990_000);
});

test('buildTree: depth-first by ppid from the root, CPU% from two readings, strangers left out', () => {
  const p = (pid: number, ppid: number, comm: string, cpu_time: number, rss: number) => ({ pid, ppid, comm, cpu_time, rss });
  const before = { at: 0, procs: [p(100, 1, 'gunicorn', 10, 50e6), p(101, 100, 'gunicorn', 4, 40e6), p(102, 100, 'gunicorn', 2, 40e6)] };
  const now = { at: 2000, procs: [p(102, 100, 'gunicorn', 3, 41e6), p(100, 1, 'gunicorn', 10.2, 50e6), p(101, 100, 'gunicorn', 5, 42e6), p(103, 101, 'sh', 0, 1e6), p(999, 1, 'other', 0, 1)] };
  const rows = buildTree(100, now, before);
  assert.deepEqual(
    rows.map((r) => [r.pid, r.depth, r.comm, r.cpu === null ? null : Math.round(r.cpu * 10) / 10, r.rss]),
    [
      [100, 0, 'gunicorn', 10, 50e6],
      [101, 1, 'gunicorn', 50, 42e6],
      [103, 2, 'sh', null, 1e6],
      [102, 1, 'gunicorn', 50, 41e6],
    ],
  );
  assert.equal(treeRss(rows), 134e6);
  assert.deepEqual(buildTree(100, now, null).map((r) => r.cpu), [null, null, null, null], 'one reading: no rate yet');
  assert.deepEqual(buildTree(5, now, before), [], 'root gone');
});

test('dependencyTree: transitive, depth-first in depends_on order, entries kept, a shared dependency listed under each parent', () => {
  const n = (group: string, name: string, depends_on: string[] = [], program = name): DepNode => ({ group, name, program, depends_on });
  const all = [n('web', 'web', ['api', 'cache']), n('api', 'api', ['db', 'backend:*']), n('db', 'db'), n('cache', 'cache', ['db']), n('backend', 'q1', [], 'q'), n('backend', 'q2', [], 'q'), n('lone', 'lone')];
  const tree = (name: string) => dependencyTree(all.find((x) => x.name === name)!, all).map((d) => `${'  '.repeat(d.depth - 1)}${d.node.group}:${d.node.name} (${d.entry})`);
  assert.deepEqual(tree('web'), ['api:api (api)', '  db:db (db)', '  backend:q1 (backend:*)', '  backend:q2 (backend:*)', 'cache:cache (cache)', '  db:db (db)']);
  assert.deepEqual(tree('lone'), []);
  // A cycle (refused by the config reader) cannot loop here.
  const cyc = [n('a', 'a', ['b']), n('b', 'b', ['a'])];
  assert.deepEqual(dependencyTree(cyc[0]!, cyc).map((d) => d.node.name), ['b']);
});

const config: ConfigInfo = {
  name: 'web', group: 'web', group_prio: 999, process_prio: 10, inuse: true, autostart: true, command: 'gunicorn app:wsgi', directory: '/srv', uid: 'none', exitcodes: [0], killasgroup: false,
  redirect_stderr: false, startretries: 3, startsecs: 1, stopsignal: 15, stopwaitsecs: 10, serverurl: 'none', stdout_logfile: '/var/log/web.log', stderr_logfile: 'none', stdout_logfile_backups: 10,
  stderr_logfile_backups: 10, stdout_logfile_maxbytes: 52428800, stderr_logfile_maxbytes: 52428800, stdout_capture_maxbytes: 0, stderr_capture_maxbytes: 0, stdout_events_enabled: false,
  stderr_events_enabled: false, stdout_syslog: false, stderr_syslog: false,
};

const details: ProcessDetails = {
  name: 'web', group: 'web', health: 'healthy', healthcheck: 'http://127.0.0.1:8080/health', failures: 0, detail: 'HTTP 200', last_check: 0, depends_on: ['db'], waiting_for: [],
  settings: {
    user: 'www', environment: { APP_ENV: 'prod', DB_PASSWORD: MASK }, env_file: ['-/etc/app.env'], autorestart: 'unexpected', stopsignal: 'TERM', stopasgroup: false, killasgroup: false,
    memory_limit: 512 * 1024 * 1024, memory_limit_interval: 5, backoff_factor: 0, backoff_max: 0, essential: false, healthcheck_interval: 10, healthcheck_timeout: 3, healthcheck_retries: 3,
    healthcheck_start_period: 0, healthcheck_action: 'restart', dependency_tree: [{ group: 'db', name: 'db', depth: 1, entry: 'db' }],
  },
};

function detailsState(withOurs: boolean): ViewState {
  let s = initialState({ cols: 120, rows: 60, readonly: false, interval: 1 });
  s = reduce(s, { type: 'snapshot', snapshot: snapshot([info('db', 'db', FATAL, { exitstatus: 2 }), info('web', 'web', RUNNING, { pid: 4121 })]) });
  s = reduce(s, { type: 'move', to: 'end' });
  s = reduce(s, keyToAction(s, { name: 'char', ch: 'd' })!);
  assert.deepEqual(s.mode, { kind: 'details', target: 'web', scroll: 0 });
  const tree = [{ pid: 4121, depth: 0, comm: 'gunicorn', cpu: 1.5, rss: 40 * 1048576 }, { pid: 4130, depth: 1, comm: 'gunicorn', cpu: 0.5, rss: 30 * 1048576 }];
  return reduce(s, { type: 'detailsData', data: { target: 'web', loaded: true, config, details: withOurs ? details : null, tree, treeSource: withOurs ? 'server' : 'local', error: null } });
}

const text = (s: ViewState) => detailsContent(s, 'web', 119, makeTheme({ color: false, ascii: false })).map((l) => l.map((x) => x.text).join('').trimEnd());

test('details lines against our daemon: config, masked environment, memory limit beside RSS, health, dependency states, tree, history', () => {
  const lines = text(detailsState(true));
  const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `${re} in:\n${lines.join('\n')}`);
  has(/^ web  RUNNING  pid 4121/);
  has(/command +gunicorn app:wsgi/);
  has(/user +www/);
  has(/autorestart unexpected/);
  has(/stopsignal +TERM +stopwaitsecs 10/);
  has(/stdout log +\/var\/log\/web\.log/);
  has(/DB_PASSWORD=••••/);
  has(/APP_ENV=prod/);
  has(/env_file +-\/etc\/app\.env/);
  has(/RSS +40M .* tree 70M/);
  has(/memory_limit +512M +\[.*\] 14% used by the tree/);
  has(/check +http:\/\/127\.0\.0\.1:8080\/health/);
  has(/action restart/);
  has(/^ {5}db +FATAL/);
  has(/^ {3}4121 +1\.5 +40M +gunicorn/);
  has(/^ {5}4130 +0\.5 +30M +gunicorn/);
  has(/RUNNING +\(first seen\)/);
  assert.ok(!lines.some((l) => l.includes('hunter2')));
});

test('details lines against a real supervisord: what it does not report says so, nothing else breaks', () => {
  const lines = text(detailsState(false));
  const absent = lines.filter((l) => /not reported by this server/.test(l));
  assert.ok(absent.length >= 4, `environment, memory_limit, health and depends_on say absent:\n${lines.join('\n')}`);
  assert.ok(lines.some((l) => /stopsignal +TERM/.test(l)), 'the signal name from its number');
  assert.ok(lines.some((l) => /user +\(supervisord's\)/.test(l)));
  assert.ok(lines.some((l) => /Process tree +\/proc on this host/.test(l)));
});

test('details keys: j/k/G scroll within bounds, Esc, Enter, q and d go back; d on a group row says to choose a process', () => {
  let s = detailsState(true);
  s = { ...s, rows: 20 };
  const press = (st: ViewState, ch: string) => reduce(st, keyToAction(st, ch === 'esc' ? { name: 'escape' } : ch === 'enter' ? { name: 'enter' } : { name: 'char', ch })!);
  s = press(s, 'j');
  assert.equal(s.mode.kind === 'details' && s.mode.scroll, 1);
  s = press(press(s, 'k'), 'k');
  assert.equal(s.mode.kind === 'details' && s.mode.scroll, 0);
  s = press(s, 'G');
  const bottom = s.mode.kind === 'details' ? s.mode.scroll : -1;
  assert.ok(bottom > 10);
  assert.deepEqual(press(s, 'j').mode, s.mode, 'no scrolling past the end');
  for (const k of ['esc', 'enter', 'q', 'd']) {
    const back = press(s, k);
    assert.equal(back.mode.kind, 'normal', k);
    assert.equal(back.details, null);
    assert.equal(back.effects.length, 0, `${k} does not quit`);
  }
  let g = initialState({ cols: 120, rows: 40, readonly: false, interval: 1 });
  g = reduce(g, { type: 'snapshot', snapshot: snapshot([info('web', 'a', RUNNING), info('web', 'b', RUNNING)]) });
  g = reduce(g, { type: 'openDetails' });
  assert.equal(g.mode.kind, 'normal');
  assert.match(g.message?.text ?? '', /choose a process/);
});

test('over a fleet: d names namespec@server, its server\'s data fills the view, the history is kept per server', async () => {
  const { detailsPid } = await import('../../tui/details/reduce.ts');
  const members = (web2: number) => [
    { name: 'web1', snapshot: snapshot([info('web', 'web', RUNNING, { pid: 11 })]), server: null, conn: { status: 'up' as const }, rttMs: 1 },
    { name: 'web2', snapshot: snapshot([info('web', 'web', web2, { pid: web2 === RUNNING ? 22 : 0, exitstatus: 9 })]), server: null, conn: { status: 'up' as const }, rttMs: 1 },
  ];
  const view = (web2: number, now: number) => ({ context: null, color: null, tree: true, now, members: members(web2) });
  let s = initialState({ cols: 120, rows: 60, readonly: false, interval: 1, fleet: view(RUNNING, 1000) });
  s = reduce(s, { type: 'fleet', fleet: view(RUNNING, 1000) });
  s = reduce(s, { type: 'fleet', fleet: view(EXITED, 2000) });
  s = reduce(s, { type: 'move', to: 'end' });
  s = reduce(s, { type: 'openDetails' });
  assert.deepEqual(s.mode, { kind: 'details', target: 'web@web2', scroll: 0 });
  assert.equal(detailsPid(s, 'web@web2'), 0);
  assert.equal(detailsPid(s, 'web@web1'), 11);
  assert.deepEqual(s.transitions.get('web@web2')!.map((t) => `${t.from}>${t.to}:${t.exitstatus}`), ['null>RUNNING:null', 'RUNNING>EXITED:9']);
  assert.equal(s.transitions.get('web@web1')!.length, 1);
  const lines = detailsContent(s, 'web@web2', 119, makeTheme({ color: false, ascii: false })).map((l) => l.map((x) => x.text).join('').trimEnd());
  assert.match(lines[0]!, /^ web@web2 +EXITED/);
  assert.ok(lines.some((l) => /RUNNING → EXITED +exit 9/.test(l)), lines.join('\n'));
});
