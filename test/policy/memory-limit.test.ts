/**
 * memory_limit with our daemon: a child whose process tree grows past the limit is restarted
 * (stopsignal to its group), the main log says by how much, and only a listener naming
 * PROCESS_MEMORY_LIMIT receives the event (one subscribed to EVENT sees nothing new).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryLimitMessage } from '../../daemon/policy/memory-limit.ts';
import { PYTHON } from '../helpers/daemon.ts';
import { startDaemon } from '../reliability/daemon.ts';
import { waitFor } from '../helpers/wait.ts';

const LISTENER = join(import.meta.dirname, '..', 'events', 'fixtures', 'listener.py');

test('memoryLimitMessage: why and by how much', () => {
  assert.equal(
    memoryLimitMessage('web', 42, 600 * 1024 * 1024, 512 * 1024 * 1024),
    'memory limit: web (pid 42) process tree uses 600.0 MiB, 88.0 MiB over memory_limit 512.0 MiB: restarting',
  );
});

function records(path: string): Array<Record<string, string>> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, string>);
}

test('a process tree over memory_limit is restarted, logged and announced to listeners naming the event', async () => {
  // The shell stays small: the 96 MiB are held by its python child (the tree counts).
  const hog = `${PYTHON} -c "import time; b = bytearray(96 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(1000)"`;
  const d = await startDaemon({
    programs: [
      '[program:hog]',
      `command=/bin/sh -c '${hog.replace(/'/g, "'\\''")} & wait'`,
      'stopasgroup=true',
      'startsecs=0',
      'memory_limit=48MB',
      'memory_limit_interval=0.3',
      '[program:calm]',
      'command=/bin/sleep 1000',
      'memory_limit=48MB',
      'memory_limit_interval=0.3',
      '[eventlistener:named]',
      `command=${PYTHON} ${LISTENER} {DIR}/named.jsonl ok`,
      'events=PROCESS_MEMORY_LIMIT',
      '[eventlistener:everything]',
      `command=${PYTHON} ${LISTENER} {DIR}/everything.jsonl ok`,
      'events=EVENT',
    ].join('\n'),
  });
  try {
    await waitFor(() => (d.mainLog().match(/spawned: 'hog'/g) ?? []).length >= 2, { timeoutMs: 60_000, intervalMs: 200, message: 'hog to be restarted' });
    const log = d.mainLog();
    const m = /WARN memory limit: hog \(pid (\d+)\) process tree uses ([\d.]+) MiB, ([\d.]+) MiB over memory_limit 48\.0 MiB: restarting/.exec(log);
    assert.ok(m, `the limit line in:\n${log}`);
    assert.ok(Number(m[2]) > 48, `tree RSS ${m[2]} MiB`); // sampled while the child still grows toward 96 MiB
    assert.ok(Math.abs(Number(m[2]) - 48 - Number(m[3])) < 0.2);
    // an ordinary stop (stopsignal to the group), then a start
    const after = log.slice(m.index);
    assert.match(after, /stopped: hog \(terminated by SIGTERM\)/);
    assert.match(after, /spawned: 'hog'/);
    assert.ok(!/memory limit: calm/.test(log));
    await waitFor(() => records(join(d.dir, 'named.jsonl')).length >= 1, { timeoutMs: 30_000, message: 'the named listener to get the event' });
    const ev = records(join(d.dir, 'named.jsonl'))[0]!;
    assert.equal(ev['eventname'], 'PROCESS_MEMORY_LIMIT');
    assert.match(ev['payload']!, new RegExp(`^processname:hog groupname:hog pid:${m[1]} rss:\\d+ limit:${48 * 1024 * 1024}$`));
    // the EVENT subscriber got state changes, never ours
    await waitFor(() => records(join(d.dir, 'everything.jsonl')).some((r) => r['eventname'] === 'PROCESS_STATE_STOPPED'), { timeoutMs: 30_000, message: 'EVENT listener to see the stop' });
    assert.ok(!records(join(d.dir, 'everything.jsonl')).some((r) => r['eventname'] === 'PROCESS_MEMORY_LIMIT'));
  } finally {
    await d.stop();
  }
});
