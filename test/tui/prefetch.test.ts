/**
 * The dashboard's mount-time calls sent early (tui/prefetch.ts): which call receives the early answer
 * (a table over a recording client), and the wrapper around a real client on a real daemon.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import { IDENTIFY_METHOD } from '../../src/protocol/identify.ts';
import { prefetchFleetContact, prefetchMountCalls } from '../../tui/prefetch.ts';
import { FEED_STATS_METHOD } from '../../src/live/feed-protocol.ts';
import { baseConfig, startDaemonProcess } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { fakeClient } from '../ctl/fake.ts';

/** Every request it receives, by method; each answer names its request (`getAllConfigInfo#2`). */
function recording(): { client: SupervisorClient; sent: string[] } {
  const sent: string[] = [];
  const answer = (name: string) => {
    sent.push(name);
    return Promise.resolve(`${name}#${sent.filter((s) => s === name).length}`);
  };
  const client = fakeClient({
    serverurl: 'unix:///x.sock',
    listMethods: () => answer('listMethods') as never,
    getSupervisorVersion: () => answer('getSupervisorVersion') as never,
    getIdentification: () => answer('getIdentification') as never,
    getAllConfigInfo: () => answer('getAllConfigInfo') as never,
    getState: () => answer('getState') as never,
    call: (method: string, params?: unknown[]) => answer(`call:${method}:${params?.length ?? 0}`) as never,
  });
  return { client, sent };
}

test('the mount-time calls leave at once; the first of each gets that answer, later ones ask the server', async () => {
  const { client, sent } = recording();
  const c = prefetchMountCalls(client);
  assert.deepEqual(sent.sort(), [`call:${IDENTIFY_METHOD}:0`, 'getAllConfigInfo', 'getIdentification', 'getSupervisorVersion', 'listMethods']);
  const cases: [string, () => Promise<unknown>, string][] = [
    ['first getAllConfigInfo: the early answer', () => c.getAllConfigInfo(), 'getAllConfigInfo#1'],
    ['second getAllConfigInfo: asked again', () => c.getAllConfigInfo(), 'getAllConfigInfo#2'],
    ['first listMethods', () => c.listMethods(), 'listMethods#1'],
    ['first identify', () => c.call(IDENTIFY_METHOD), `call:${IDENTIFY_METHOD}:0#1`],
    ['identify again', () => c.call(IDENTIFY_METHOD), `call:${IDENTIFY_METHOD}:0#2`],
    ['another method through call: never prefetched', () => c.call('supervisor.getPID'), 'call:supervisor.getPID:0#1'],
    ['a method not sent early', () => c.getState(), 'getState#1'],
    ['first getSupervisorVersion', () => c.getSupervisorVersion(), 'getSupervisorVersion#1'],
    ['first getIdentification', () => c.getIdentification(), 'getIdentification#1'],
  ];
  for (const [name, call, want] of cases) assert.equal(await call(), want, name);
  assert.equal(c.serverurl, 'unix:///x.sock', 'properties read through');
});

test('an early answer older than its freshness is dropped: the first call then asks the server', async () => {
  const { client } = recording();
  let now = 0;
  const c = prefetchMountCalls(client, 5000, () => now);
  now = 4000;
  assert.equal(await c.listMethods(), 'listMethods#1');
  now = 5001;
  assert.equal(await c.getAllConfigInfo(), 'getAllConfigInfo#2');
});

test('a fault sent early is the first caller\'s answer, and nothing is left unhandled', async () => {
  const faulty = fakeClient({
    listMethods: () => Promise.reject(new Error('UNKNOWN_METHOD')),
    getSupervisorVersion: () => Promise.resolve('4.2.5'),
    getIdentification: () => Promise.reject(new Error('x')),
    getAllConfigInfo: () => Promise.resolve([]),
    call: () => Promise.reject(new Error('UNKNOWN_METHOD')),
  });
  const c = prefetchMountCalls(faulty);
  await new Promise((r) => setImmediate(r)); // an unhandled rejection would fail the test here
  await assert.rejects(c.listMethods(), /UNKNOWN_METHOD/);
  assert.equal(await c.getSupervisorVersion(), '4.2.5');
});

/** A server whose method list is `methods` (or fails), counting what it is sent. */
function polled(methods: string[] | Error): { client: SupervisorClient; sent: string[] } {
  const sent: string[] = [];
  const count = (name: string) => {
    sent.push(name);
    return sent.filter((s) => s === name).length;
  };
  const client = fakeClient({
    listMethods: () => (count('listMethods'), methods instanceof Error ? Promise.reject(methods) : Promise.resolve(methods)),
    getSupervisorVersion: () => Promise.resolve(`getSupervisorVersion#${count('getSupervisorVersion')}`),
    getIdentification: () => Promise.resolve(`getIdentification#${count('getIdentification')}`),
    getAllConfigInfo: () => Promise.resolve([`getAllConfigInfo#${count('getAllConfigInfo')}`]) as never,
    call: (method: string) => Promise.resolve(`${method}#${count(method)}`),
    multicall: (calls) => {
      const name = `multicall:${calls.map((c) => c.methodName).join(',')}`;
      return Promise.resolve([`${name}#${count(name)}`]);
    },
  });
  return { client, sent };
}

const FULL_POLL = 'multicall:supervisor.getState,supervisor.getAllProcessInfo';
const poll = [{ methodName: 'supervisor.getState' }, { methodName: 'supervisor.getAllProcessInfo' }];

test('a fleet server: its first full poll leaves once its method list says it is polled; the priorities wait', async () => {
  const cases: [name: string, methods: string[] | Error, polledEarly: boolean][] = [
    ['a supervisord (no feed)', ['supervisor.getState', 'system.multicall'], true],
    ['ours (the feed)', ['supervisor.getState', FEED_STATS_METHOD], false],
    ['a method list that fails', new Error('refused'), false],
  ];
  for (const [name, methods, polledEarly] of cases) {
    const { client, sent } = polled(methods);
    const c = prefetchFleetContact(client);
    await new Promise((r) => setImmediate(r));
    assert.equal(sent.includes(FULL_POLL), polledEarly, `${name}: sent early`);
    assert.ok(!sent.includes('getAllConfigInfo'), `${name}: the fleet asks the priorities later`);
    assert.deepEqual(await c.multicall(poll), [`${FULL_POLL}#1`], `${name}: the first full poll`);
    assert.deepEqual(await c.multicall(poll), [`${FULL_POLL}#2`], `${name}: the next one asks the server`);
    assert.deepEqual(await c.multicall([{ methodName: 'supervisor.getProcessInfo', params: ['x'] }]), ['multicall:supervisor.getProcessInfo#1'], `${name}: other multicalls go to the server`);
  }
});

test('one server: the mount-time calls also carry a polled server\'s first full poll', async () => {
  const { client, sent } = polled(['supervisor.getState']);
  const c = prefetchMountCalls(client);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sent.filter((x) => x.startsWith('multicall') || x === 'getAllConfigInfo').sort(), ['getAllConfigInfo', FULL_POLL]);
  assert.deepEqual(await c.multicall(poll), [`${FULL_POLL}#1`]);
});

test('around a real client on our daemon: early answers equal the server\'s, the client works on', { timeout: 60_000 }, async (t) => {
  const tmp = makeTmpDir('svtui-prefetch-');
  const sock = join(tmp.dir, 's.sock');
  const conf = join(tmp.dir, 'supervisord.conf');
  writeFileSync(conf, `${baseConfig(tmp.dir, ['[unix_http_server]', `file=${sock}`]).join('\n')}\n\n[program:a]\ncommand=sleep 1000\nstartsecs=0\npriority=7\n`);
  const plain = createClient({ serverurl: `unix://${sock}`, timeoutMs: 20_000 });
  const daemon = await startDaemonProcess('ours', conf, { cwd: tmp.dir, ready: async () => (await plain.getAllProcessInfo()).every((p) => p.statename === 'RUNNING'), timeoutMs: 30_000 });
  t.after(async () => {
    plain.close();
    await daemon.stop();
    tmp.cleanup();
  });
  const inner = createClient({ serverurl: `unix://${sock}`, timeoutMs: 20_000 });
  const c = prefetchMountCalls(inner);
  try {
    assert.deepEqual(await c.getAllConfigInfo(), await plain.getAllConfigInfo());
    assert.deepEqual(await c.listMethods(), await plain.listMethods());
    assert.equal(await c.getSupervisorVersion(), await plain.getSupervisorVersion());
    assert.deepEqual(await c.call(IDENTIFY_METHOD), await plain.call(IDENTIFY_METHOD));
    assert.equal(c.isLocal, true);
    assert.deepEqual((await c.getAllProcessInfo()).map((p) => [p.name, p.statename]), [['a', 'RUNNING']]);
  } finally {
    c.close();
  }
});
