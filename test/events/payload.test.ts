// Expected strings were produced by Supervisor 4.2.5's own event classes (supervisor.events) in /usr/bin/python3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeOutput,
  processCommunicationEvent,
  processGroupEvent,
  processHealthEvent,
  processLogEvent,
  processMemoryLimitEvent,
  processStateEvent,
  remoteCommunicationEvent,
  supervisorStateChangeEvent,
  tickEvent,
} from '../../daemon/events/payload.ts';
import { codePointLength, envelopeText, SerialCounter } from '../../daemon/events/envelope.ts';
import { CONCRETE_EVENT_NAMES, canonicalEventTypeName, EVENT_TYPE_NAMES, EXTENSION_EVENT_NAMES, isSubtypeOf, matchesSubscription } from '../../src/protocol/event-types.ts';
import type { ProcessStateName } from '../../src/protocol/states.ts';

const base = { processname: 'web_01', groupname: 'web', tries: 2, pid: 4242, expected: false };

test('process state payloads, one per state, token order as Supervisor', () => {
  const cases: [ProcessStateName, ProcessStateName, string][] = [
    ['STARTING', 'BACKOFF', 'processname:web_01 groupname:web from_state:BACKOFF tries:2'],
    ['BACKOFF', 'STARTING', 'processname:web_01 groupname:web from_state:STARTING tries:2'],
    ['RUNNING', 'STARTING', 'processname:web_01 groupname:web from_state:STARTING pid:4242'],
    ['STOPPING', 'RUNNING', 'processname:web_01 groupname:web from_state:RUNNING pid:4242'],
    ['STOPPED', 'STOPPING', 'processname:web_01 groupname:web from_state:STOPPING pid:4242'],
    ['EXITED', 'RUNNING', 'processname:web_01 groupname:web from_state:RUNNING expected:0 pid:4242'],
    ['FATAL', 'BACKOFF', 'processname:web_01 groupname:web from_state:BACKOFF'],
    ['UNKNOWN', 'RUNNING', 'processname:web_01 groupname:web from_state:RUNNING'],
  ];
  for (const [to, from, payload] of cases) {
    const e = processStateEvent({ ...base, from, to });
    assert.equal(e.name, `PROCESS_STATE_${to}`);
    assert.equal(e.payload, payload);
  }
  assert.equal(
    processStateEvent({ ...base, from: 'RUNNING', to: 'EXITED', expected: true }).payload,
    'processname:web_01 groupname:web from_state:RUNNING expected:1 pid:4242',
  );
});

test('log, communication, remote, group, tick and supervisor payloads', () => {
  const log = processLogEvent('stdout', 'web_01', 'web', 4242, Buffer.from('hello\n'));
  assert.deepEqual(log, { name: 'PROCESS_LOG_STDOUT', payload: 'processname:web_01 groupname:web pid:4242 channel:stdout\nhello\n' });
  assert.equal(processLogEvent('stderr', 'p', 'g', 1, Buffer.from('x')).name, 'PROCESS_LOG_STDERR');
  const comm = processCommunicationEvent('stdout', 'web_01', 'web', 4242, Buffer.from('café'));
  assert.deepEqual(comm, { name: 'PROCESS_COMMUNICATION_STDOUT', payload: 'processname:web_01 groupname:web pid:4242\ncafé' });
  assert.equal(processCommunicationEvent('stderr', 'p', 'g', 1, Buffer.from('x')).name, 'PROCESS_COMMUNICATION_STDERR');
  assert.deepEqual(remoteCommunicationEvent('t', 'café'), { name: 'REMOTE_COMMUNICATION', payload: 'type:t\ncafé' });
  assert.deepEqual(processGroupEvent('ADDED', 'g'), { name: 'PROCESS_GROUP_ADDED', payload: 'groupname:g\n' });
  assert.deepEqual(processGroupEvent('REMOVED', 'g'), { name: 'PROCESS_GROUP_REMOVED', payload: 'groupname:g\n' });
  assert.deepEqual(tickEvent(60, 1795464540), { name: 'TICK_60', payload: 'when:1795464540' });
  assert.equal(tickEvent(5, 5).name, 'TICK_5');
  assert.equal(tickEvent(3600, 3600).name, 'TICK_3600');
  assert.deepEqual(supervisorStateChangeEvent('RUNNING'), { name: 'SUPERVISOR_STATE_CHANGE_RUNNING', payload: '' });
  assert.deepEqual(supervisorStateChangeEvent('STOPPING'), { name: 'SUPERVISOR_STATE_CHANGE_STOPPING', payload: '' });
});

test('invalid UTF-8 becomes Undecodable: with Python bytes repr (quote choice and escapes)', () => {
  const cases: [number[], string][] = [
    [[255, 39, 0, 92, 111, 107, 9], "Undecodable: b\"\\xff'\\x00\\\\ok\\t\""],
    [[105, 116, 39, 115, 32, 34, 120, 255], "Undecodable: b'it\\'s \"x\\xff'"],
    [[105, 116, 39, 115, 254, 127, 13], "Undecodable: b\"it's\\xfe\\x7f\\r\""],
    [[237, 160, 128], "Undecodable: b'\\xed\\xa0\\x80'"], // an encoded surrogate is invalid UTF-8 for Python too
  ];
  for (const [bytes, text] of cases) assert.equal(decodeOutput(Buffer.from(bytes)), text);
});

test('envelope: fixed token order, len in code points, no terminator', () => {
  const e = remoteCommunicationEvent('t', 'café');
  assert.equal(codePointLength(e.payload), 11);
  assert.equal(Buffer.byteLength(e.payload), 12);
  assert.equal(
    envelopeText({ server: 'svb', serial: 11, pool: 'all', poolserial: 0 }, e),
    'ver:3.0 server:svb serial:11 pool:all poolserial:0 eventname:REMOTE_COMMUNICATION len:11\ntype:t\ncafé',
  );
  assert.equal(
    envelopeText({ server: 'supervisor', serial: 0, pool: 'all', poolserial: 0 }, processGroupEvent('ADDED', 'all')),
    'ver:3.0 server:supervisor serial:0 pool:all poolserial:0 eventname:PROCESS_GROUP_ADDED len:14\ngroupname:all\n',
  );
  assert.equal(
    envelopeText({ server: 's', serial: 3, pool: 'p', poolserial: 3 }, supervisorStateChangeEvent('RUNNING')),
    'ver:3.0 server:s serial:3 pool:p poolserial:3 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n',
  );
  assert.equal(codePointLength('a😀b'), 3); // astral code point counts once
});

test('every concrete type serializes into an envelope whose len frames the payload', () => {
  const events = [
    ...(['STOPPED', 'EXITED', 'STARTING', 'STOPPING', 'BACKOFF', 'FATAL', 'RUNNING', 'UNKNOWN'] as const).map((to) =>
      processStateEvent({ ...base, from: 'STOPPED', to }),
    ),
    processLogEvent('stdout', 'p', 'g', 1, Buffer.from('ü\n')),
    processLogEvent('stderr', 'p', 'g', 1, Buffer.from([0xff])),
    processCommunicationEvent('stdout', 'p', 'g', 1, Buffer.from('x')),
    processCommunicationEvent('stderr', 'p', 'g', 1, Buffer.from('x')),
    remoteCommunicationEvent('t', 'd'),
    supervisorStateChangeEvent('RUNNING'),
    supervisorStateChangeEvent('STOPPING'),
    tickEvent(5, 5),
    tickEvent(60, 60),
    tickEvent(3600, 3600),
    processGroupEvent('ADDED', 'g'),
    processGroupEvent('REMOVED', 'g'),
    processMemoryLimitEvent({ name: 'PROCESS_MEMORY_LIMIT', processname: 'p', groupname: 'g', pid: 1, rss: 2048, limit: 1024 }),
    ...(['PROCESS_HEALTH_HEALTHY', 'PROCESS_HEALTH_UNHEALTHY'] as const).map((name) =>
      processHealthEvent({ name, processname: 'p', groupname: 'g', pid: 1, from: 'starting', failures: 0, detail: 'HTTP 200 é' }),
    ),
  ];
  assert.deepEqual(new Set(events.map((e) => e.name)), new Set(CONCRETE_EVENT_NAMES));
  for (const e of events) {
    const text = envelopeText({ server: 's', serial: 1, pool: 'p', poolserial: 2 }, e);
    const nl = text.indexOf('\n');
    const header = text.slice(0, nl);
    assert.match(header, new RegExp(`^ver:3\\.0 server:s serial:1 pool:p poolserial:2 eventname:${e.name} len:\\d+$`));
    const len = Number(header.split('len:')[1]);
    assert.equal([...text.slice(nl + 1)].slice(0, len).join(''), e.payload);
  }
});

test('serial counters start at 0 and wrap to 0 after max', () => {
  const c = new SerialCounter(2);
  assert.deepEqual([c.next(), c.next(), c.next(), c.next()], [0, 1, 2, 0]);
});

test('hierarchy: parents deliver children, names are case-insensitive', () => {
  // Supervisor's 27 types (20 concrete) and our 4 (3 concrete: PROCESS_MEMORY_LIMIT and the two health verdicts), which no Supervisor type covers.
  assert.equal(EVENT_TYPE_NAMES.length, 31);
  assert.equal(CONCRETE_EVENT_NAMES.length, 23);
  for (const n of CONCRETE_EVENT_NAMES) assert.equal(isSubtypeOf(n, 'EVENT'), !EXTENSION_EVENT_NAMES.includes(n), n);
  for (const n of EXTENSION_EVENT_NAMES) {
    for (const s of EVENT_TYPE_NAMES.filter((t) => !EXTENSION_EVENT_NAMES.includes(t))) assert.ok(!isSubtypeOf(n, s), `${n} under ${s}`);
  }
  assert.ok(isSubtypeOf('PROCESS_HEALTH_UNHEALTHY', 'PROCESS_HEALTH'));
  assert.ok(isSubtypeOf('PROCESS_STATE_EXITED', 'PROCESS_STATE'));
  assert.ok(isSubtypeOf('TICK_5', 'TICK'));
  assert.ok(!isSubtypeOf('TICK_5', 'PROCESS_STATE'));
  assert.ok(!isSubtypeOf('PROCESS_LOG_STDOUT', 'PROCESS_COMMUNICATION'));
  assert.ok(matchesSubscription('PROCESS_GROUP_REMOVED', ['TICK', 'PROCESS_GROUP']));
  assert.ok(!matchesSubscription('PROCESS_STATE_RUNNING', ['PROCESS_STATE_EXITED']));
  assert.equal(canonicalEventTypeName('process_state'), 'PROCESS_STATE');
  assert.equal(canonicalEventTypeName('FOO'), null);
});
