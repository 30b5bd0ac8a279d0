import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChannelLog } from '../../daemon/logs/channel-log.ts';
import { followFile, TRUNCATED_LINE, type FollowEvent } from '../../daemon/logs/follow.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

function collector(): { text: () => string; events: FollowEvent['type'][]; onData: (b: Buffer) => void; onEvent: (e: FollowEvent) => void } {
  const chunks: Buffer[] = [];
  const events: FollowEvent['type'][] = [];
  return {
    text: () => Buffer.concat(chunks).toString('utf8'),
    events,
    onData: (b) => void chunks.push(Buffer.from(b)),
    onEvent: (e) => void events.push(e.type),
  };
}

test('starts with the last 1024 bytes, then delivers each appended line', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 'f.log');
  const head = 'h'.repeat(2000) + '\n';
  writeFileSync(p, head);
  const c = collector();
  const f = followFile(p, c.onData, c.onEvent);
  t.after(() => f.stop());
  await waitFor(() => c.text() === head.slice(-1024), { message: 'initial 1024 bytes' });
  appendFileSync(p, 'one line\n');
  await waitFor(() => c.text().endsWith('one line\n'), { message: 'the appended line' });
  appendFileSync(p, 'two\nthree\n');
  await waitFor(() => c.text() === head.slice(-1024) + 'one line\ntwo\nthree\n', { message: 'two more lines' });
});

test('a small file is sent whole; initialBytes is configurable', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 's.log');
  writeFileSync(p, 'short\n');
  const a = collector();
  const fa = followFile(p, a.onData);
  const b = collector();
  const fb = followFile(p, b.onData, undefined, { initialBytes: 3 });
  t.after(() => {
    fa.stop();
    fb.stop();
  });
  await waitFor(() => a.text() === 'short\n' && b.text() === 'rt\n', { message: 'initial data' });
});

test('follows rotation: the rest of the old file, then the new file from its start', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 'rot.log');
  const log = new ChannelLog({ path: p, maxbytes: 100, backups: 3, stripAnsi: false });
  t.after(() => log.close());
  const c = collector();
  const f = followFile(p, c.onData, c.onEvent);
  t.after(() => f.stop());
  // One line at a time: a follower that keeps up sees every line across rotations (one that falls behind by
  // more than a whole file skips the middle file, as Supervisor's does).
  let expected = '';
  for (let i = 0; i < 12; i++) {
    const line = `line ${i} ${'.'.repeat(20)}\n`;
    expected += line;
    log.write(Buffer.from(line));
    await waitFor(() => c.text() === expected, { message: `line ${i}` });
  }
  await waitFor(() => c.events.filter((e) => e === 'reopened').length === 3, { message: 'three rotations (after lines 4, 8, 12)' });
});

test('in-place truncation: the truncation line, then the new content', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 't.log');
  writeFileSync(p, 'first content\n');
  const c = collector();
  const f = followFile(p, c.onData, c.onEvent);
  t.after(() => f.stop());
  await waitFor(() => c.text() === 'first content\n');
  truncateSync(p, 0);
  await waitFor(() => c.events.includes('truncated'), { message: 'truncation noticed' });
  appendFileSync(p, 'after\n');
  await waitFor(() => c.text() === `first content\n${TRUNCATED_LINE}after\n`, { message: 'content after truncation' });
});

test('clear() and a file moved away and re-created are followed; a missing file is waited for', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 'c.log');
  const c = collector();
  const f = followFile(p, c.onData, c.onEvent);
  t.after(() => f.stop());
  await waitFor(() => c.events.includes('missing'));
  const log = new ChannelLog({ path: p, maxbytes: 0, backups: 0, stripAnsi: false });
  t.after(() => log.close());
  log.write(Buffer.from('a\n'));
  await waitFor(() => c.text() === 'a\n', { message: 'file appeared' });
  log.clear();
  log.write(Buffer.from('b\n'));
  await waitFor(() => c.text() === 'a\nb\n', { message: 'followed clear()' });
  renameSync(p, `${p}.moved`);
  log.reopen();
  log.write(Buffer.from('c\n'));
  await waitFor(() => c.text() === 'a\nb\nc\n', { message: 'followed a logrotate-style move' });
});

test('back-pressure: onData returning false pauses until resume(); stop() ends delivery', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 'bp.log');
  writeFileSync(p, '');
  const got: string[] = [];
  const f = followFile(p, (b) => {
    got.push(b.toString());
    return false;
  });
  appendFileSync(p, 'x'.repeat(200_000));
  await waitFor(() => got.length === 1, { message: 'first chunk' });
  appendFileSync(p, 'more\n');
  // An absence can only be checked by letting time pass: several 25 ms polls and the watch event run meanwhile.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(got.length, 1);
  f.resume();
  await waitFor(() => got.length === 2);
  f.stop();
  f.resume();
  appendFileSync(p, 'after stop\n');
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(!got.join('').includes('after stop'));
});
