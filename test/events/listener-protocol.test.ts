import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListenerProtocol, RESULT_LINE_MAX, type ProtocolEffect } from '../../daemon/events/listener-protocol.ts';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const kinds = (effects: ProtocolEffect[]): string[] => effects.filter((e) => e.kind !== 'log').map((e) => e.kind);
const warnings = (effects: ProtocolEffect[]): string[] =>
  effects.flatMap((e) => (e.kind === 'log' && e.level === 'warn' ? [e.message] : []));
const UNKNOWN_LINE = 'l: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol';

test('READY then RESULT OK, byte by byte', () => {
  const p = new ListenerProtocol('l');
  assert.equal(p.state, 'ACKNOWLEDGED');
  for (const c of 'READY') assert.deepEqual(p.feed(b(c)), []);
  const fx = p.feed(b('\n'));
  assert.equal(p.state, 'READY');
  assert.deepEqual(fx, [{ kind: 'log', level: 'debug', message: 'l: ACKNOWLEDGED -> READY' }]);
  p.sent();
  assert.equal(p.state, 'BUSY');
  const all: ProtocolEffect[] = [];
  for (const c of 'RESULT 2\nOK') all.push(...p.feed(b(c)));
  assert.deepEqual(kinds(all), ['processed']);
  assert.equal(p.state, 'ACKNOWLEDGED');
});

test('RESULT 2\\nOKREADY\\n in one write is fine', () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\n'));
  p.sent();
  const fx = p.feed(b('RESULT 2\nOKREADY\n'));
  assert.deepEqual(kinds(fx), ['processed']);
  assert.equal(p.state, 'READY');
});

test('any body other than OK rejects the event and acknowledges', () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\n'));
  p.sent();
  const fx = p.feed(b('RESULT 4\nFAIL'));
  assert.deepEqual(kinds(fx), ['rejected']);
  assert.deepEqual(warnings(fx), ['l: event was rejected']);
  assert.equal(p.state, 'ACKNOWLEDGED');
  p.feed(b('READY\n'));
  p.sent();
  assert.deepEqual(kinds(p.feed(b('RESULT 3\nok!'))), ['rejected']);
});

test('the RESULT prefix is not verified, only its 7-char length', () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\n'));
  p.sent();
  assert.deepEqual(kinds(p.feed(b('XXXXXX 2\nOK'))), ['processed']);
});

test('bad result line: WARN lines, UNKNOWN, event rejected; UNKNOWN is a dead end', () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\n'));
  p.sent();
  const fx = p.feed(b('RESULT two\n'));
  assert.deepEqual(warnings(fx), ["l: bad result line: 'RESULT two'", UNKNOWN_LINE]);
  assert.deepEqual(kinds(fx), ['rejected']);
  assert.equal(p.state, 'UNKNOWN');
  assert.deepEqual(p.feed(b('READY\n')), []);
  assert.equal(p.state, 'UNKNOWN');
  assert.throws(() => p.sent());
});

test('garbage instead of READY → UNKNOWN once 6 bytes are in', () => {
  const p = new ListenerProtocol('l');
  assert.deepEqual(p.feed(b('hello')), []);
  assert.equal(p.state, 'ACKNOWLEDGED');
  const fx = p.feed(b('!'));
  assert.equal(p.state, 'UNKNOWN');
  assert.deepEqual(warnings(fx), [UNKNOWN_LINE]);
  assert.deepEqual(kinds(fx), []);
});

test('bytes while READY → UNKNOWN', () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\nx'));
  assert.equal(p.state, 'UNKNOWN');
});

test('RESULT 0 completes at once with an empty (rejected) body', () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\n'));
  p.sent();
  assert.deepEqual(kinds(p.feed(b('RESULT 0\n'))), ['rejected']);
  assert.equal(p.state, 'ACKNOWLEDGED');
});

test('undecodable bad result line is logged as Python would', () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\n'));
  p.sent();
  assert.deepEqual(warnings(p.feed(Buffer.from([0xff, 0x0a])))[0], "l: bad result line: 'Undecodable: b'\\xff''");
});

test('a huge result body is counted, not stored: any chunking gives the same verdicts, and OKx is not OK', () => {
  for (const [body, verdict] of [['OK', 'processed'], ['OKx', 'rejected'], ['O', 'rejected'], ['x'.repeat(3_000_000), 'rejected']] as const) {
    for (const size of [1, 7, 65_536, 10_000_000]) {
      const p = new ListenerProtocol('l');
      p.feed(b('READY\n'));
      p.sent();
      const wire = b(`RESULT ${body.length}\n${body}READY\n`);
      const all: ProtocolEffect[] = [];
      for (let i = 0; i < wire.length; i += size) all.push(...p.feed(wire.subarray(i, i + size)));
      assert.deepEqual(kinds(all), [verdict], `${body.length} bytes in chunks of ${size}`);
      assert.equal(p.state, 'READY');
    }
  }
});

test(`a result line longer than ${RESULT_LINE_MAX} bytes is a protocol violation, seen as soon as the cap is passed`, () => {
  const p = new ListenerProtocol('l');
  p.feed(b('READY\n'));
  p.sent();
  assert.deepEqual(p.feed(b('RESULT ' + ' '.repeat(RESULT_LINE_MAX - 8))), []);
  assert.equal(p.state, 'BUSY');
  const fx = p.feed(b('  2'));
  assert.deepEqual(kinds(fx), ['rejected']);
  assert.equal(p.state, 'UNKNOWN');
  assert.match(warnings(fx)[0] ?? '', /^l: bad result line: 'RESULT {74}\.\.\. \(longer than 1024 bytes\)'$/);
  assert.deepEqual(p.feed(b('x'.repeat(1_000_000))), [], 'ignored once UNKNOWN');
});
