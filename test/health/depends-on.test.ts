/**
 * depends_on with real children: a three-level chain whose bottom turns healthy (TCP) only
 * after 2 s starts in order and not before (times from the main log); the waiting process is
 * STARTING with `waiting for …`; `start` of the top starts the chain first; stops go top-down.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openFeed } from '../feed/feed-reader.ts';
import { freePort } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { findLine, findLines, FIXTURES, startWithConfig, type Running } from './helpers.ts';

describe('depends_on: a three-level chain behind a TCP health check', () => {
  const tmp = makeTmpDir('svt-deps-');
  let d: Running;
  let port = 0;

  before(async () => {
    port = await freePort();
    // Priorities say web first; depends_on must win: db, then api, then web.
    d = await startWithConfig(
      tmp.dir,
      `[program:web]
command = node ${join(FIXTURES, 'idle.mjs')}
priority = 1
depends_on = api

[program:api]
command = node ${join(FIXTURES, 'idle.mjs')}
priority = 2
depends_on = db

[program:db]
command = node ${join(FIXTURES, 'late-listen.mjs')} ${port} 2000
priority = 3
healthcheck = tcp://127.0.0.1:${port}
healthcheck_interval = 0.3
healthcheck_timeout = 1
healthcheck_retries = 50
`,
    );
  });
  after(async () => {
    await d?.close();
    if (!process.env.KEEP) tmp.cleanup();
  });

  it('shows the waiting processes as STARTING with what they wait for', async () => {
    const web = await d.client.getProcessInfo('web');
    // Early enough (db needs 2 s to listen): web waits for api, api for db.
    if (findLine(d.logPath, /spawned: 'api'/) === undefined) {
      assert.equal(web.statename, 'STARTING');
      assert.equal(web.description, 'waiting for api');
      assert.equal(web.pid, 0);
    }
    const health = (await d.client.call('supervisortui.getHealth', ['db'])) as Record<string, unknown>;
    assert.equal(health['healthcheck'], `tcp://127.0.0.1:${port}`);
    assert.ok(['starting', 'healthy'].includes(String(health['health'])), String(health['health']));
  });

  it('spawns db, then api once db is healthy (≥ 2 s after db), then web once api is RUNNING', async () => {
    await waitFor(() => findLine(d.logPath, /success: web entered RUNNING/), { timeoutMs: 30_000, message: 'web RUNNING' });
    const at = (re: RegExp): number => {
      const line = findLine(d.logPath, re);
      assert.ok(line, `no main-log line ${re}`);
      return line.at;
    };
    const dbSpawn = at(/spawned: 'db' with pid/);
    const dbHealthy = at(/health: 'db' is healthy/);
    const apiSpawn = at(/spawned: 'api' with pid/);
    const apiRunning = at(/success: api entered RUNNING/);
    const webSpawn = at(/spawned: 'web' with pid/);
    assert.ok(dbHealthy - dbSpawn >= 2000, `db healthy ${dbHealthy - dbSpawn} ms after its spawn`);
    assert.ok(apiSpawn >= dbHealthy, 'api spawned before db was healthy');
    assert.ok(webSpawn >= apiRunning, 'web spawned before api was RUNNING');
    assert.ok(findLine(d.logPath, /waiting for api before starting 'web'/));
    assert.ok(findLine(d.logPath, /waiting for db before starting 'api'/));
    const all = await d.client.getAllProcessInfo();
    assert.deepEqual(
      all.map((p) => [p.name, p.statename]),
      [
        ['api', 'RUNNING'],
        ['db', 'RUNNING'],
        ['web', 'RUNNING'],
      ],
    );
    const h = (await d.client.call('supervisortui.getAllHealth')) as Record<string, unknown>[];
    assert.deepEqual(
      h.map((x) => [x['name'], x['health'], x['depends_on'], x['waiting_for'], x['requires']]),
      [
        ['api', 'none', ['db'], [], ['db']],
        ['db', 'healthy', [], [], []],
        ['web', 'none', ['api'], [], ['api']],
      ],
    );
  });

  it('stops dependents first (web, api, db), whatever the priorities say', async () => {
    const before = findLines(d.logPath, /^stopped: /).length;
    await d.client.stopAllProcesses(true);
    const stops = findLines(d.logPath, /^stopped: /)
      .slice(before)
      .map((l) => l.text.split(' ')[1]);
    assert.deepEqual(stops, ['web', 'api', 'db']);
  });

  it('`start web` starts db and api first, and says so in the main log', async () => {
    const spawnsBefore = findLines(d.logPath, /spawned: /).length;
    assert.deepEqual(await d.client.call('supervisortui.getDependencies', ['web']), ['db', 'api']);
    assert.equal(await d.client.startProcess('web', true), true);
    const order = findLines(d.logPath, /spawned: /)
      .slice(spawnsBefore)
      .map((l) => /'(\w+)'/.exec(l.text)![1]);
    assert.deepEqual(order, ['db', 'api', 'web']);
    assert.ok(findLine(d.logPath, /starting 'db' first: 'web' depends on it/));
    assert.ok(findLine(d.logPath, /starting 'api' first: 'web' depends on it/));
    assert.equal((await d.client.getProcessInfo('web')).statename, 'RUNNING');
  });

  it('the change feed sends the spawn of a waiting process (pid, description) before it is RUNNING', async () => {
    await d.client.stopAllProcesses(true);
    const feed = await openFeed(join(tmp.dir, 's.sock'));
    try {
      await d.client.startProcess('web', true);
      await feed.until((r) => r.table()?.infos.find((i) => i.name === 'web')?.statename === 'RUNNING', 30_000, 'web RUNNING in the feed');
      const webChanges = feed.messages.flatMap((m) => (m.t === 'changes' ? (m.processes ?? []) : [])).filter((c) => c.name === 'web');
      assert.ok(
        webChanges.some((c) => c.description === 'waiting for api'),
        JSON.stringify(webChanges),
      );
      // The spawn after the wait changes no state: it comes as its own change, pid and all.
      assert.ok(
        webChanges.some((c) => (c.pid ?? 0) > 0 && c.statename === undefined && c.description === ''),
        JSON.stringify(webChanges),
      );
    } finally {
      feed.close();
    }
  });

  it('the change feed carries health verdicts and what each process waits for', async () => {
    await d.client.stopAllProcesses(true);
    const feed = await openFeed(join(tmp.dir, 's.sock'));
    try {
      await feed.until((r) => r.table() !== null);
      const first = feed.table()!.health!;
      assert.deepEqual([...first.keys()].sort(), ['api', 'db', 'web']);
      assert.equal(first.get('db')!.health, 'none'); // stopped
      assert.deepEqual(first.get('web')!.depends_on, ['api']);
      await d.client.startProcess('web', true);
      await feed.until((r) => r.table()?.health?.get('db')?.health === 'healthy', 30_000, 'db healthy in the feed');
      await feed.until((r) => r.table()?.infos.find((i) => i.name === 'web')?.statename === 'RUNNING', 30_000, 'web RUNNING in the feed');
      const sent = feed.messages.flatMap((m) => (m.t === 'changes' ? (m.health ?? []) : []));
      // While db was not yet healthy, api waited for it (and web for api): the feed said so.
      assert.ok(sent.some((h) => h.name === 'api' && h.waiting_for.includes('db')), JSON.stringify(sent));
      assert.deepEqual(feed.table()!.health!.get('web')!.waiting_for, []);
      // Verdicts, not every check: a healthy db's later checks send nothing more.
      const dbEntries = sent.filter((h) => h.name === 'db').length;
      const n = feed.messages.length;
      const checkedAt = async (): Promise<number> => Number(((await d.client.call('supervisortui.getHealth', ['db'])) as Record<string, unknown>)['last_check']);
      const since = await checkedAt();
      // last_check is whole seconds: two more seconds of checks (0.3 s apart) went by.
      await waitFor(async () => (await checkedAt()) >= since + 2, { timeoutMs: 30_000, message: 'more checks of db' });
      assert.equal(feed.messages.slice(n).flatMap((m) => (m.t === 'changes' ? (m.health ?? []) : [])).filter((h) => h.name === 'db').length, 0);
      assert.ok(dbEntries >= 2, JSON.stringify(sent)); // starting, healthy
    } finally {
      feed.close();
    }
  });

  it('a stop while waiting ends the wait (STOPPED, nothing spawned)', async () => {
    await d.client.stopAllProcesses(true);
    await d.client.startProcess('db', false);
    await d.client.startProcess('api', false);
    const api = await d.client.getProcessInfo('api');
    if (api.pid === 0) {
      assert.equal(api.description, 'waiting for db');
      assert.equal(await d.client.stopProcess('api', true), true);
      assert.equal((await d.client.getProcessInfo('api')).statename, 'STOPPED');
    }
  });
});
