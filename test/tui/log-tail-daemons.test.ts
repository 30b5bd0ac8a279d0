/**
 * The log pane's feed against the real supervisord and ours: each line the child writes reaches
 * the pane exactly once, in order, across a reload (the stream drops, the server comes back),
 * clearProcessLogs and log rotation; and the pane goes back to the stream when it is offered again.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { LogTail } from '../../tui/effects/log-tail.ts';
import { baseConfig, startDaemonProcess, supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { say, talkerLoop } from '../helpers/talker.ts';
import { waitFor } from '../helpers/wait.ts';

function config(dir: string): string {
  const drop = join(dir, 'say');
  return [
    ...baseConfig(dir, ['[unix_http_server]', `file=${join(dir, 's.sock')}`]),
    '[program:talk]',
    `command=sh -c '${talkerLoop(drop, 0.05)}'`,
    'startsecs=0',
    `stdout_logfile=${join(dir, 'talk.log')}`,
    'stdout_logfile_maxbytes=4KB',
    'stdout_logfile_backups=2',
    '',
  ].join('\n');
}

async function scenario(t: TestContext, kind: DaemonKind): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svtui-lt-');
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(conf, config(dir));
  const client = createClient({ serverurl: `unix://${join(dir, 's.sock')}`, timeoutMs: 10_000 });
  const running = async () => (await client.getProcessInfo('talk')).statename === 'RUNNING';
  const daemon = await startDaemonProcess(kind, conf, { ready: running, timeoutMs: 15_000 }).catch((err: unknown) => {
    client.close();
    cleanup();
    throw err;
  });
  const got: string[] = [];
  const tail = new LogTail(client, 'talk', 'stdout', { append: (lines) => got.push(...lines), error: () => {} }, 200);
  t.after(async () => {
    tail.close();
    client.close();
    await daemon.stop();
    cleanup();
  });
  const expected: string[] = [];
  let n = 0;
  const sayLines = async (count: number) => {
    const batch: string[] = [];
    for (let i = 0; i < count; i++) batch.push(`line-${String(++n).padStart(4, '0')}-${'x'.repeat(40)}`);
    expected.push(...batch);
    say(join(dir, 'say'), batch.join('\n') + '\n');
    await waitFor(() => got.includes(batch[batch.length - 1]!), { message: `${batch[batch.length - 1]} in the pane (got ${got.length} lines)`, timeoutMs: 30_000 });
  };
  const shown = () => got.filter((l) => l.startsWith('line-'));

  tail.start();
  await sayLines(5);
  await waitFor(() => tail.mode === 'stream', { message: 'streaming' });

  // Reload: the stream drops and the server is away for a moment.
  await client.restart();
  await waitFor(async () => running().catch(() => false), { message: 'back after reload', timeoutMs: 20_000 });
  await sayLines(5);
  await waitFor(() => tail.mode === 'stream', { message: 'streaming again after the reload', timeoutMs: 15_000 });
  await sayLines(3);

  // clear: the file shrinks under the pane's offset.
  await client.clearProcessLogs('talk');
  await sayLines(4);

  // Rotation: 4 KB files; 60 lines of ~50 bytes rotate at least once.
  for (let i = 0; i < 6; i++) await sayLines(10);

  assert.deepEqual(shown(), expected, 'every line exactly once, in order');
  assert.ok(got.some((l) => /truncated/.test(l)), 'the clear is noted');
}

test('log pane feed against our daemon: each line once across reload, clear and rotation', { timeout: 120_000 }, (t) => scenario(t, 'ours'));
test('log pane feed against real supervisord: each line once across reload, clear and rotation', { skip: supervisordSkipReason(), timeout: 120_000 }, (t) => scenario(t, 'real'));
