import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventPool, type ListenerProcess, type PoolLogLevel } from '../../daemon/events/pool.ts';
import { EventRouter } from '../../daemon/events/router.ts';
import { processGroupEvent, remoteCommunicationEvent, tickEvent } from '../../daemon/events/payload.ts';
import type { EventTypeName } from '../../src/protocol/event-types.ts';

/** A scripted listener process: records what it was sent. */
class FakeListener implements ListenerProcess {
  running = true;
  pipeOpen = true;
  readonly received: string[] = [];
  constructor(readonly name: string) {}
  isRunning(): boolean {
    return this.running;
  }
  write(data: Buffer): boolean {
    if (!this.pipeOpen) return false;
    this.received.push(data.toString('utf8'));
    return true;
  }
  headers(): string[] {
    return this.received.map((r) => r.slice(0, r.indexOf('\n')));
  }
}

function makePool(name: string, events: EventTypeName[], bufferSize = 10) {
  const logs: [PoolLogLevel, string][] = [];
  const pool = new EventPool({ name, bufferSize, events, server: 'sv', log: (l, m) => logs.push([l, m]) });
  return { pool, logs };
}

/** A router with one pool `p` whose members are spawned (ACKNOWLEDGED) in the given order. */
function onePool(memberNames: string[], bufferSize = 10) {
  const router = new EventRouter();
  const { pool, logs } = makePool('p', ['EVENT'], bufferSize);
  router.addPool(pool);
  const members = memberNames.map((n) => {
    const l = new FakeListener(n);
    pool.listenerSpawned(l);
    return l;
  });
  return { router, pool, logs, members };
}

const ready = (pool: EventPool, l: FakeListener): void => pool.listenerOutput(l.name, Buffer.from('READY\n'));
const answer = (pool: EventPool, l: FakeListener, body: string, again = true): void =>
  pool.listenerOutput(l.name, Buffer.from(`RESULT ${body.length}\n${body}${again ? 'READY\n' : ''}`));

test('events wait in the buffer until a listener is RUNNING and READY, then go oldest first', () => {
  const router = new EventRouter();
  const { pool } = makePool('p', ['EVENT']);
  router.addPool(pool);
  const l = new FakeListener('p_0');
  l.running = false;
  pool.listenerSpawned(l);
  router.publish(processGroupEvent('ADDED', 'a'));
  router.publish(processGroupEvent('ADDED', 'b'));
  ready(pool, l); // READY but still STARTING (startsecs): nothing is sent
  assert.equal(l.received.length, 0);
  l.running = true;
  pool.dispatch();
  assert.deepEqual(l.received, ['ver:3.0 server:sv serial:0 pool:p poolserial:0 eventname:PROCESS_GROUP_ADDED len:12\ngroupname:a\n']);
  answer(pool, l, 'OK');
  assert.equal(l.received.length, 2);
  assert.match(l.received[1]!, /^ver:3\.0 server:sv serial:1 pool:p poolserial:1 eventname:PROCESS_GROUP_ADDED len:12\ngroupname:b\n$/);
  assert.equal(pool.pending.length, 0);
});

test('global serial only when some pool accepts; poolserial per pool', () => {
  const router = new EventRouter();
  const ticks = makePool('ticks', ['TICK']).pool;
  const groups = makePool('groups', ['PROCESS_GROUP', 'TICK_60']).pool;
  router.addPool(ticks);
  router.addPool(groups);
  assert.equal(router.wants('REMOTE_COMMUNICATION'), false);
  assert.equal(router.wants('TICK_3600'), true);
  router.publish(remoteCommunicationEvent('t', 'nobody listens')); // consumes no serial
  router.publish(tickEvent(5, 5));
  router.publish(processGroupEvent('ADDED', 'g'));
  router.publish(tickEvent(60, 60));
  assert.deepEqual(ticks.pending.map((q) => [q.event.name, q.serial, q.poolserial]), [['TICK_5', 0, 0], ['TICK_60', 2, 1]]);
  assert.deepEqual(groups.pending.map((q) => [q.event.name, q.serial, q.poolserial]), [['PROCESS_GROUP_ADDED', 1, 0], ['TICK_60', 2, 1]]);
});

test('overflow drops the oldest with an ERRO line', () => {
  const router = new EventRouter();
  const { pool, logs } = makePool('small', ['EVENT'], 2);
  router.addPool(pool);
  for (const g of ['a', 'b', 'c']) router.publish(processGroupEvent('ADDED', g));
  assert.deepEqual(pool.pending.map((q) => q.serial), [1, 2]);
  assert.deepEqual(logs.filter(([l]) => l === 'error'), [['error', 'pool small event buffer overflowed, discarding event 0']]);
});

test('FAIL re-queues at the head of its own pool only, with the same serials', () => {
  const router = new EventRouter();
  const failer = makePool('failer', ['REMOTE_COMMUNICATION']);
  const other = makePool('other', ['EVENT']);
  router.addPool(failer.pool);
  router.addPool(other.pool);
  const f = new FakeListener('failer');
  const o = new FakeListener('other');
  failer.pool.listenerSpawned(f);
  other.pool.listenerSpawned(o);
  ready(failer.pool, f);
  ready(other.pool, o);
  router.publish(processGroupEvent('ADDED', 'x')); // serial 0, only `other`
  answer(other.pool, o, 'OK');
  router.publish(remoteCommunicationEvent('t', 'd')); // serial 1 to both
  answer(failer.pool, f, 'FAIL');
  answer(failer.pool, f, 'FAIL');
  answer(failer.pool, f, 'OK');
  answer(other.pool, o, 'OK');
  assert.deepEqual(f.headers(), Array(3).fill('ver:3.0 server:sv serial:1 pool:failer poolserial:0 eventname:REMOTE_COMMUNICATION len:8'));
  assert.deepEqual(o.headers(), [
    'ver:3.0 server:sv serial:0 pool:other poolserial:0 eventname:PROCESS_GROUP_ADDED len:12',
    'ver:3.0 server:sv serial:1 pool:other poolserial:1 eventname:REMOTE_COMMUNICATION len:8',
  ]);
  assert.ok(failer.logs.some(([l, m]) => l === 'warn' && m === 'failer: event was rejected'));
});

test('re-queued event goes before newer ones', () => {
  const { router, pool, members: [l] } = onePool(['p']);
  ready(pool, l!);
  router.publish(processGroupEvent('ADDED', 'a'));
  router.publish(processGroupEvent('ADDED', 'b'));
  answer(pool, l!, 'FAIL');
  answer(pool, l!, 'OK');
  answer(pool, l!, 'OK');
  assert.deepEqual(l!.received.map((r) => r.split('\n')[1]), ['groupname:a', 'groupname:a', 'groupname:b']);
});

test('garbage result line → UNKNOWN, event goes to the next member', () => {
  const { router, pool, logs, members } = onePool(['p_0', 'p_1']);
  const [a, b] = members as [FakeListener, FakeListener];
  ready(pool, a);
  router.publish(processGroupEvent('ADDED', 'g'));
  assert.equal(a.received.length, 1);
  pool.listenerOutput('p_0', Buffer.from('garbage\n'));
  assert.equal(pool.listenerState('p_0'), 'UNKNOWN');
  assert.ok(logs.some(([l, m]) => l === 'warn' && m === "p_0: bad result line: 'garbage'"));
  ready(pool, b);
  assert.deepEqual(b.headers(), ['ver:3.0 server:sv serial:0 pool:p poolserial:0 eventname:PROCESS_GROUP_ADDED len:12']);
  ready(pool, a); // UNKNOWN ignores everything
  router.publish(processGroupEvent('ADDED', 'h'));
  assert.equal(a.received.length, 1);
});

test('listener dying while BUSY: the event is sent again after restart', () => {
  const { router, pool, members } = onePool(['p']);
  const l = members[0]!;
  ready(pool, l);
  router.publish(processGroupEvent('ADDED', 'g'));
  l.running = false;
  pool.listenerExited('p');
  assert.equal(pool.pending.length, 1);
  const l2 = new FakeListener('p');
  pool.listenerSpawned(l2);
  assert.equal(pool.listenerState('p'), 'ACKNOWLEDGED');
  ready(pool, l2);
  assert.deepEqual(l2.headers(), ['ver:3.0 server:sv serial:0 pool:p poolserial:0 eventname:PROCESS_GROUP_ADDED len:12']);
});

test('a closed stdin pipe makes the pool try the next member', () => {
  const { router, pool, members } = onePool(['a', 'b']);
  const [a, b] = members as [FakeListener, FakeListener];
  a.pipeOpen = false;
  ready(pool, a);
  ready(pool, b);
  router.publish(processGroupEvent('ADDED', 'g'));
  assert.equal(b.received.length, 1);
  assert.equal(pool.listenerState('a'), 'READY');
});

test('removing a pool unsubscribes it and drops its buffer', () => {
  const router = new EventRouter();
  const { pool } = makePool('p', ['EVENT']);
  router.addPool(pool);
  router.publish(processGroupEvent('ADDED', 'g'));
  assert.equal(router.removePool('p'), pool);
  assert.equal(pool.pending.length, 0);
  router.publish(processGroupEvent('ADDED', 'h'));
  assert.equal(pool.pending.length, 0);
  assert.equal(router.removePool('p'), null);
});

test('deferred dispatch: an event re-queued by a dying listener goes out before newer ones', () => {
  const queued: (() => void)[] = [];
  const router = new EventRouter(undefined, (run) => queued.push(run));
  const { pool } = makePool('p', ['EVENT']);
  router.addPool(pool);
  const a = new FakeListener('a');
  const b = new FakeListener('b');
  pool.listenerSpawned(a);
  pool.listenerSpawned(b);
  ready(pool, a);
  router.publish(processGroupEvent('ADDED', 'old'));
  queued.shift()!();
  assert.equal(a.received.length, 1); // a holds `old`
  ready(pool, b);
  // As when a's exit is announced: the exit's own event is published, then a's event is re-queued.
  router.publish(processGroupEvent('ADDED', 'new'));
  a.running = false;
  pool.listenerExited('a');
  assert.deepEqual(b.received.map((r) => r.split('\n')[1]), ['groupname:old']);
  answer(pool, b, 'OK');
  queued.shift()?.();
  assert.deepEqual(b.received.map((r) => r.split('\n')[1]), ['groupname:old', 'groupname:new']);
});
