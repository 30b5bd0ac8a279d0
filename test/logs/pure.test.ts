import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnsiStripper } from '../../daemon/logs/strip-ansi.ts';
import { formatLogLine, formatTimestamp } from '../../daemon/logs/line-format.ts';
import { LEVELS, isLevelName, levelValue } from '../../daemon/logs/levels.ts';
import { rotationRenames } from '../../daemon/logs/rotation.ts';
import { autoLogName, autoLogPattern, randomSuffix } from '../../daemon/logs/auto-logs.ts';
import { readWindow, tailWindow } from '../../daemon/logs/read-log.ts';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';

test('level tokens and numbers are Supervisor\'s', () => {
  assert.deepEqual(
    Object.entries(LEVELS).map(([n, l]) => `${n}=${l.token}/${l.value}`),
    ['critical=CRIT/50', 'error=ERRO/40', 'warn=WARN/30', 'info=INFO/20', 'debug=DEBG/10', 'trace=TRAC/5', 'blather=BLAT/3'],
  );
  assert.equal(levelValue('debug'), 10);
  assert.equal(levelValue(7), 7);
  assert.equal(isLevelName('warn'), true);
  assert.equal(isLevelName('warning'), false);
  assert.equal(isLevelName('constructor'), false);
});

test('main-log lines: local time, comma and zero-padded milliseconds', () => {
  const d = new Date(2026, 0, 5, 3, 4, 5, 7);
  assert.equal(formatTimestamp(d), '2026-01-05 03:04:05,007');
  assert.equal(formatLogLine(d, 'INFO', "spawned: 'x' with pid 42"), "2026-01-05 03:04:05,007 INFO spawned: 'x' with pid 42\n");
  assert.equal(formatLogLine(d, 'DEBG', "'fail' stderr output:\nfailing\n"), "2026-01-05 03:04:05,007 DEBG 'fail' stderr output:\nfailing\n\n");
});

test('strip_ansi removes ESC[ … terminator, like stripEscapes', () => {
  const s = new AnsiStripper();
  assert.equal(s.strip(Buffer.from('\x1b[1;31mred\x1b[0m plain\x1b[2K\n')).toString(), 'red plain\n');
  assert.equal(s.strip(Buffer.from('no escapes')).toString(), 'no escapes');
  // A lone ESC not followed by '[' is kept, as in Supervisor.
  assert.equal(s.strip(Buffer.from('a\x1bb')).toString(), 'a\x1bb');
  // Everything up to the first terminator letter goes, even other letters (Supervisor's rule).
  assert.equal(s.strip(Buffer.from('x\x1b[?25lY')).toString(), 'xY');
});

test('strip_ansi state carries across chunk boundaries', () => {
  const s = new AnsiStripper();
  const parts = ['red\x1b', '[3', '1mtext\x1b[', '0', 'm end\x1b', 'Z\n'].map((p) => s.strip(Buffer.from(p)).toString());
  assert.equal(parts.join(''), 'redtext end\x1bZ\n');
  // A lone ESC at the very end of the stream is output by end(), which also resets the state.
  assert.equal(s.strip(Buffer.from('tail\x1b')).toString(), 'tail');
  assert.equal(s.end().toString(), '\x1b');
  assert.equal(s.strip(Buffer.from('[0mfresh')).toString(), '[0mfresh');
  assert.equal(s.end().length, 0);
});

test('rotation renames oldest first, then the file to .1', () => {
  assert.deepEqual(rotationRenames('/l/f.log', 3), [
    ['/l/f.log.2', '/l/f.log.3'],
    ['/l/f.log.1', '/l/f.log.2'],
    ['/l/f.log', '/l/f.log.1'],
  ]);
  assert.deepEqual(rotationRenames('/l/f.log', 1), [['/l/f.log', '/l/f.log.1']]);
  assert.deepEqual(rotationRenames('/l/f.log', 0), []);
});

test('AUTO names and the cleanup regex', () => {
  assert.match(randomSuffix(), /^[a-z0-9_]{8}$/);
  assert.equal(autoLogName('sleeper', 'stdout', 'supervisor', '5inla0oi'), 'sleeper-stdout---supervisor-5inla0oi.log');
  const re = autoLogPattern('supervisor');
  for (const n of ['sleeper-stdout---supervisor-5inla0oi.log', 'a-stderr---supervisor-x_1.log.1', 'a-stdout---supervisor-abc.log.10'])
    assert.equal(re.test(n), true, n);
  for (const n of ['sleeper.log', 'a-stdout---other-abc.log', 'a-stdout--supervisor-abc.log', '---supervisor-abc.log'])
    assert.equal(re.test(n), false, n);
  // The identifier is taken literally.
  assert.equal(autoLogPattern('a.b').test('p-stdout---axb-12345678.log'), false);
});

function fault(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RpcFault);
    return err.faultCode;
  }
  return 0;
}

test('readLog ranges (§5.4 table)', () => {
  // offset ≥ 0, length 0: to EOF; past EOF: nothing
  assert.deepEqual(readWindow(9, 0, 0), { start: 0, count: 9 });
  assert.deepEqual(readWindow(9, 4, 0), { start: 4, count: 5 });
  assert.deepEqual(readWindow(9, 20, 0), { start: 9, count: 0 });
  // offset ≥ 0, length > 0: up to length bytes
  assert.deepEqual(readWindow(9, 2, 3), { start: 2, count: 3 });
  assert.deepEqual(readWindow(9, 7, 100), { start: 7, count: 2 });
  assert.deepEqual(readWindow(9, 20, 4), { start: 9, count: 0 });
  // offset < 0, length 0: the last -offset bytes, whole file if shorter
  assert.deepEqual(readWindow(9, -4, 0), { start: 5, count: 4 });
  assert.deepEqual(readWindow(9, -100, 0), { start: 0, count: 9 });
  // offset < 0 with length ≠ 0, or length < 0: BAD_ARGUMENTS
  assert.equal(fault(() => readWindow(9, -4, 2)), Faults.BAD_ARGUMENTS);
  assert.equal(fault(() => readWindow(9, -4, -2)), Faults.BAD_ARGUMENTS);
  assert.equal(fault(() => readWindow(9, 0, -1)), Faults.BAD_ARGUMENTS);
});

test('tail arithmetic reproduces the observed rows on a 9-byte file', () => {
  const text = 'err text\n';
  const tail = (offset: number, length: number): [string, number, boolean] => {
    const w = tailWindow(text.length, offset, length);
    return [text.slice(w.start, w.start + w.count), text.length, w.overflow];
  };
  assert.deepEqual(tail(0, 100), ['err text\n', 9, false]);
  assert.deepEqual(tail(0, 4), ['ext\n', 9, true]);
  assert.deepEqual(tail(5, 4), ['ext\n', 9, false]);
  assert.deepEqual(tail(9, 4), ['', 9, false]);
  assert.deepEqual(tail(20, 4), ['', 9, false]);
  assert.deepEqual(tail(-5, 4), ['ext\n', 9, true]);
  assert.deepEqual(tail(0, 0), ['', 9, true]);
});

test('tail arithmetic on an empty file and for supervisorctl tail -f polling', () => {
  assert.deepEqual(tailWindow(0, 0, 1600), { start: 0, count: 0, overflow: false });
  // Cross-checked against 4.2.5's tailFile: a window reaching past EOF slides back to end at EOF.
  assert.deepEqual(tailWindow(5000, 5000 - 1600, 1600), { start: 3400, count: 1600, overflow: false });
  assert.deepEqual(tailWindow(5100, 5000, 1600), { start: 3500, count: 1600, overflow: false });
  assert.deepEqual(tailWindow(9000, 5000, 1600), { start: 7400, count: 1600, overflow: true });
});
