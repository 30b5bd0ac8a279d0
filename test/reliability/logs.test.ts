/**
 * Log faults on the whole daemon: the log file moved or deleted under a writing child (SIGUSR2
 * reopens, nothing is lost across a move), a full disk (/dev/full), and a /logtail reader that
 * never reads while its process floods (the daemon's memory stays flat).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { openRaw } from '../rpc/raw-http.ts';
import { waitFor } from '../helpers/wait.ts';
import { checkSeqRun } from './load.ts';
import { startDaemon } from './daemon.ts';

const size = (p: string): number => (existsSync(p) ? statSync(p).size : 0);

test('a log moved or deleted while written: output follows the moved file, SIGUSR2 reopens by name, a move loses nothing', async () => {
  const d = await startDaemon({
    programs: `[program:ticker]\ncommand=sh -c 'i=0; while :; do i=$((i+1)); echo $i; sleep 0.01; done'\nstartsecs=0\nstdout_logfile={DIR}/ticker.log\n`,
  });
  try {
    const log = join(d.dir, 'ticker.log');
    await waitFor(() => size(log) > 20);
    // logrotate without copytruncate: rename, the writer keeps its descriptor, then SIGUSR2.
    renameSync(log, `${log}.1`);
    const moved = size(`${log}.1`);
    await waitFor(() => size(`${log}.1`) > moved, { message: 'output to keep landing in the moved file' });
    assert.equal(existsSync(log), false);
    d.child.kill('SIGUSR2');
    await waitFor(() => size(log) > 10, { message: 'a new file by the configured name after SIGUSR2' });
    const run = checkSeqRun(`\n${readFileSync(`${log}.1`, 'utf8')}${readFileSync(log, 'utf8')}`);
    assert.ok(!('error' in run), `moved + new file are one contiguous run: ${'error' in run ? run.error : ''}`);
    // Deleted: the bytes written to the unlinked file before the reopen are gone (as under
    // Supervisor, which also writes to the open descriptor); SIGUSR2 brings the name back.
    unlinkSync(log);
    d.child.kill('SIGUSR2');
    await waitFor(() => size(log) > 10, { message: 'the deleted log re-created after SIGUSR2' });
    assert.equal((await d.client.getProcessInfo('ticker')).statename, 'RUNNING');
    assert.match(d.mainLog(), /received SIGUSR2 indicating log reopen request/);
  } finally {
    await d.stop();
  }
});

test('stdout_logfile=/dev/full: one error line for the file, the child keeps running, the daemon keeps serving', async (t) => {
  const d = await startDaemon({
    programs:
      `[program:full]\ncommand=sh -c 'while :; do echo filling-the-disk; sleep 0.005; done'\nstartsecs=0\nstdout_logfile=/dev/full\n` +
      `[program:fine]\ncommand=sh -c 'echo fine; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/fine.log\n`,
  });
  try {
    const pid = (await d.client.getProcessInfo('full')).pid;
    await waitFor(() => /\/dev\/full/.test(d.mainLog()), { message: 'the ENOSPC error in the main log' });
    // Many more writes fail after the first; the line stays single.
    for (let i = 0; i < 20; i++) await d.client.getState();
    await waitFor(async () => (await d.client.tailProcessLog('fine', 'stdout', 0, 100))[0].includes('fine'));
    const errors = d.mainLog().split('\n').filter((l) => l.includes('/dev/full'));
    assert.equal(errors.length, 1, errors.join('\n'));
    t.diagnostic(errors[0]!);
    assert.match(errors[0]!, /ERRO|CRIT|WARN/);
    const p = await d.client.getProcessInfo('full');
    assert.deepEqual([p.statename, p.pid], ['RUNNING', pid]);
  } finally {
    await d.stop();
  }
});

test('a /logtail reader that never reads: the flood goes on to disk, the daemon does not buffer it', async (t) => {
  const MB = 160;
  const d = await startDaemon({
    programs:
      `[program:flood]\ncommand=sh -c 'sleep 0.3; head -c ${MB}000000 /dev/zero | tr "\\\\0" x; touch {DIR}/done; exec sleep 100000'\n` +
      `startsecs=0\nstdout_logfile={DIR}/flood.log\nstdout_logfile_maxbytes=20MB\nstdout_logfile_backups=1\n`,
  });
  try {
    const before = d.memory().rssKiB;
    const reader = await openRaw({ path: d.sock });
    reader.socket.write('GET /logtail/flood HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await reader.waitFor((t) => t.startsWith('HTTP/1.1 200'));
    reader.socket.pause(); // and never read again: the kernel buffers fill, then the daemon must hold back
    await waitFor(() => existsSync(join(d.dir, 'done')), { timeoutMs: 60_000, message: `${MB} MB written through the daemon` });
    const { rssKiB, peakKiB } = d.memory();
    const grewMiB = (peakKiB - before) / 1024;
    t.diagnostic(`RSS ${(before / 1024).toFixed(0)} MiB before, peak ${(peakKiB / 1024).toFixed(0)} MiB with ${MB} MB past a stalled /logtail reader`);
    assert.ok(grewMiB < MB / 2, `RSS grew ${grewMiB.toFixed(0)} MiB while ${MB} MB passed by a stalled reader (now ${(rssKiB / 1024).toFixed(0)} MiB)`);
    assert.equal(reader.closed(), false, 'the reader is still connected');
    assert.equal((await d.client.getProcessInfo('flood')).statename, 'RUNNING');
    reader.close();
  } finally {
    await d.stop();
  }
});
