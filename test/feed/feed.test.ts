/**
 * The change feed served by a real engine with real children: snapshot then changes, resume
 * from a serial or resnapshot, stats samples of the named rows, and a reader that stops reading.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UnixServerConfig } from '../../src/config/types.ts';
import { createClient } from '../../src/client/client.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import type { StatsMessage } from '../../src/live/feed-protocol.ts';
import { serveSupervisor } from '../../daemon/http/serve.ts';
import type { FeedHub } from '../../daemon/feed/hub.ts';
import type { HttpServers } from '../../daemon/http/server.ts';
import type { Supervisor } from '../../daemon/supervisor.ts';
import { makeConfig, newSupervisor, processConfig, program, shutdown, waitState } from '../daemon/helpers.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { openFeed, type FeedReader } from './feed-reader.ts';

const tmp = makeTmpDir('svfd-');
const D = tmp.dir;
const sock = join(D, 'f.sock');
const MANY = 200;
const QUEUE = 64 * 1024;
let sv: Supervisor;
let servers: HttpServers & { feed: FeedHub };
let client: SupervisorClient;

before(async () => {
  const unix: UnixServerConfig = { name: null, section: 'unix_http_server', family: 'unix', file: sock, chmod: 0o700, chown: [-1, -1], username: null, password: null };
  const many = Array.from({ length: MANY }, (_, i) => processConfig(`m${String(i).padStart(3, '0')}`, 'sleep 1000', { startsecs: 0, autostart: false }));
  const config = {
    ...makeConfig(D, [
      program('cat', 'cat', { startsecs: 0 }),
      program('sleeper', 'sleep 1000', { startsecs: 0 }),
      { type: 'group' as const, name: 'many', priority: 999, processes: many },
    ]),
    http_servers: [unix],
  };
  ({ sv } = newSupervisor(config));
  servers = await serveSupervisor(sv, config, () => {}, { queueBytes: QUEUE, journal: { records: 50, bytes: 1 << 20 } });
  sv.start();
  await waitState(sv, 'cat', 'RUNNING');
  await waitState(sv, 'sleeper', 'RUNNING');
  client = createClient({ serverurl: `unix://${sock}`, timeoutMs: 60_000 });
});

after(async () => {
  client?.close();
  await servers.close();
  await shutdown(sv);
  tmp.cleanup();
});

const stateIn = (r: FeedReader, name: string): string | undefined => r.table()?.infos.find((p) => p.name === name)?.statename;

describe('GET /supervisortui/feed', () => {
  it('starts with hello and a snapshot equal to getAllProcessInfo, then sends changes', async () => {
    const r = await openFeed(sock);
    await r.until((x) => x.table() !== null);
    const hello = r.hello();
    assert.equal(hello.resumed, false);
    const infos = await client.getAllProcessInfo();
    assert.deepEqual(
      r.table()!.infos.map((p) => [p.group, p.name, p.statename, p.pid]),
      infos.map((p) => [p.group, p.name, p.statename, p.pid]),
    );
    assert.equal(r.table()!.state.statename, 'RUNNING');
    await client.stopProcess('sleeper');
    await r.until((x) => stateIn(x, 'sleeper') === 'STOPPED');
    const after = await client.getProcessInfo('sleeper');
    const seen = r.table()!.infos.find((p) => p.name === 'sleeper')!;
    assert.deepEqual({ ...seen, now: 0 }, { ...after, now: 0 });
    r.close();
  });

  it('a reconnect with the last serial gets what it missed; an unknown or too old one a snapshot', async () => {
    const first = await openFeed(sock);
    await first.until((x) => x.table() !== null);
    const { epoch } = first.hello();
    const table = first.table()!;
    const serial = first.serial();
    first.close();
    await client.startProcess('sleeper');
    await client.stopProcess('sleeper');
    const again = await openFeed(sock, `?since=${epoch}:${serial}`, { table, serial });
    await again.until((x) => stateIn(x, 'sleeper') === 'STOPPED' && x.serial() > serial + 1);
    assert.equal(again.hello().resumed, true);
    assert.ok(!again.messages.some((m) => m.t === 'snapshot'), 'no snapshot when resuming');
    assert.ok(again.messages.some((m) => m.t === 'changes' && m.processes?.some((p) => p.name === 'sleeper' && p.statename === 'RUNNING')));
    again.close();

    const other = await openFeed(sock, `?since=xyz:${serial}`);
    await other.until((x) => x.table() !== null);
    assert.equal(other.hello().resumed, false);
    other.close();

    // The journal holds 50 messages here: after 60 more, that serial is too old.
    const old = servers.feed.epoch;
    for (let i = 0; i < 30; i++) {
      await client.startProcess('sleeper');
      await client.stopProcess('sleeper');
    }
    const stale = await openFeed(sock, `?since=${old}:${serial}`);
    await stale.until((x) => x.table() !== null);
    assert.equal(stale.hello().resumed, false);
    assert.equal(stateIn(stale, 'sleeper'), 'STOPPED');
    stale.close();
  });

  it('samples CPU%/RSS of the named rows, and feedStats changes them without reconnecting', async () => {
    const r = await openFeed(sock, '?stats=250&names=cat');
    const stats = () => r.messages.filter((m): m is StatsMessage => m.t === 'stats');
    await r.until((x) => stats().length > 0);
    const catPid = (await client.getProcessInfo('cat')).pid;
    const row = stats()[0]!.rows['cat'];
    assert.ok(row !== undefined && row[1] > 0 && row[2] >= row[1], `cat's row: ${JSON.stringify(row)} (pid ${catPid})`);
    assert.ok(stats()[0]!.host.mem_total > 0);
    assert.equal(await client.call('supervisortui.feedStats', [r.hello().id, 250, ['sleeper', 'many:m001', 'nosuch']]), true);
    await r.until((x) => stats().some((m) => m.rows['sleeper'] !== undefined));
    const last = stats().at(-1)!;
    assert.deepEqual(last.rows['sleeper'], [0, 0, 0], 'a stopped process has no figures');
    assert.equal(last.rows['cat'], undefined, 'rows no longer named are not sent');
    await assert.rejects(client.call('supervisortui.feedStats', ['nosuch', 250, []]), /BAD_NAME/);
    await assert.rejects(client.call('supervisortui.feedStats', [r.hello().id, 5, []]), /INCORRECT_PARAMETERS/);
    r.close();
  });

  it('a reader that stops reading holds at most its queue; on reading again it gets the present', async () => {
    const r = await openFeed(sock);
    await r.until((x) => x.table() !== null);
    r.pause();
    const skippedBefore = servers.feed.skipped;
    let peak = 0;
    // Storms until the stalled reader has missed many messages: its buffer must stay bounded.
    for (let round = 0; servers.feed.skipped - skippedBefore < 20 || round < 3; round++) {
      await client.startProcessGroup('many');
      peak = Math.max(peak, servers.feed.bufferedBytes());
      await client.stopProcessGroup('many');
      peak = Math.max(peak, servers.feed.bufferedBytes());
      assert.ok(round < 40, 'the reader was never marked lagging');
    }
    // One snapshot of ~200 processes is the largest message written in one go.
    const largest = 200 * 1024;
    assert.ok(peak <= QUEUE + largest, `buffered ${peak} bytes for a stalled reader (queue ${QUEUE})`);
    await client.startProcess('sleeper');
    r.resume();
    await r.until((x) => stateIn(x, 'sleeper') === 'RUNNING' && (x.table()?.infos.filter((p) => p.group === 'many' && p.statename === 'STOPPED').length ?? 0) === MANY);
    assert.ok(r.messages.filter((m) => m.t === 'snapshot').length >= 2, 'a fresh snapshot after the stall');
    r.close();
    await waitFor(() => servers.feed.subscriberCount === 0, { message: 'closed readers to be dropped' });
  });
});
