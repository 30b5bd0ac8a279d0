/**
 * stdout_logfile_compress=gzip with our daemon and a real writer: after a burst, zcat of every backup
 * (oldest first) followed by the live file is byte-for-byte what the child wrote. The burst is
 * POLICY_BURST_MB megabytes (default 24; the 200 MB run is `POLICY_BURST_MB=200 node test/run.mjs test/policy/compress`).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { allCompressed, gzipShiftRenames } from '../../daemon/logs/compress-backups.ts';
import { LogFile } from '../../daemon/logs/log-file.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { expectedOutput } from '../logs/line-check.ts';
import { startDaemon } from '../reliability/daemon.ts';
import { waitFor } from '../helpers/wait.ts';

const WRITER = join(import.meta.dirname, '..', 'logs', 'fixtures', 'writer.mjs');
const BURST_MB = Number(process.env['POLICY_BURST_MB'] ?? 24);
const LEN = 100;

test('gzipShiftRenames: f.(n-1).gz → f.n.gz … f.1.gz → f.2.gz, oldest first', () => {
  assert.deepEqual(gzipShiftRenames('/l/f', 3), [
    ['/l/f.2.gz', '/l/f.3.gz'],
    ['/l/f.1.gz', '/l/f.2.gz'],
  ]);
  assert.deepEqual(gzipShiftRenames('/l/f', 1), []);
});

test('a log closed while its backups compress and reopened at once (a process restart) keeps them in rotation order', async () => {
  const { dir, cleanup } = makeTmpDir('svgz-');
  try {
    const path = join(dir, 'p.log');
    const lines = 60_000; // 6 MB of 100-byte lines in 256 KiB writes, 1 MiB files
    const data = expectedOutput('r', lines, LEN);
    const half = data.length / 2;
    const open = (): LogFile => new LogFile({ path, maxbytes: 1 << 20, backups: 20, compress: 'gzip' });
    const writeAll = (f: LogFile, buf: Buffer): void => {
      for (let i = 0; i < buf.length; i += 256 * 1024) f.write(buf.subarray(i, Math.min(buf.length, i + 256 * 1024)));
    };
    const first = open();
    writeAll(first, data.subarray(0, half));
    const closed = first.close(); // not awaited: the next run opens the file again meanwhile
    const second = open();
    writeAll(second, data.subarray(half));
    await Promise.all([closed, second.close()]);
    await allCompressed();
    const gz = readdirSync(dir)
      .filter((n) => /^p\.log\.\d+\.gz$/.test(n))
      .map((n) => Number(n.split('.')[2]))
      .sort((a, b) => b - a);
    assert.ok(gz.length >= 4, readdirSync(dir).join(' '));
    const all = Buffer.concat([...gz.map((i) => gunzipSync(readFileSync(`${path}.${i}.gz`))), readFileSync(path)]);
    assert.ok(all.equals(data), 'zcat of the backups + live file is every line, in order');
  } finally {
    cleanup();
  }
});

test(`gzip rotation under a ${BURST_MB} MB burst: no line lost or torn, live file and tail as without compression`, async (t) => {
  const maxMB = Math.max(1, Math.round(BURST_MB / 24));
  const backups = Math.ceil(BURST_MB / maxMB) + 4;
  const d = await startDaemon({
    programs: [
      '[program:burst]',
      `command=${process.execPath} ${WRITER} 0 ${LEN} b ${BURST_MB}`,
      'startsecs=0',
      'autorestart=false',
      'stdout_logfile={DIR}/burst.log',
      `stdout_logfile_maxbytes=${maxMB}MB`,
      `stdout_logfile_backups=${backups}`,
      'stdout_logfile_compress=gzip',
      // fills the main log (spawned/exited lines) so that it rotates too
      '[program:chatter]',
      'command=/bin/sh -c "exit 1"',
      'startsecs=0',
      'autorestart=true',
      'restart_delay_max=0.2',
    ].join('\n'),
    supervisord: 'logfile_compress=gzip\nlogfile_maxbytes=1KB\nlogfile_backups=3',
  });
  try {
    const log = join(d.dir, 'burst.log');
    const started = Date.now();
    await waitFor(async () => (await d.client.getProcessInfo('burst')).statename === 'EXITED', {
      timeoutMs: 300_000,
      intervalMs: 200,
      message: 'the writer to finish',
    });
    await waitFor(() => !readdirSync(d.dir).some((f) => f.startsWith('burst.log.rotating')), {
      timeoutMs: 120_000,
      intervalMs: 100,
      message: 'compression to catch up',
    });
    t.diagnostic(`${BURST_MB} MB written and compressed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const names = readdirSync(d.dir).filter((f) => f.startsWith('burst.log'));
    assert.ok(!names.some((n) => /^burst\.log\.\d+$/.test(n)), `no plain backups: ${names.join(' ')}`);
    const gz = names.filter((n) => /^burst\.log\.\d+\.gz$/.test(n)).map((n) => Number(n.split('.')[2]));
    gz.sort((a, b) => b - a);
    assert.ok(gz.length >= 2, `rotated several times: ${names.join(' ')}`);
    assert.deepEqual(gz, Array.from({ length: gz.length }, (_, i) => gz.length - i), 'numbered 1..n without gaps');
    const parts = gz.map((i) => gunzipSync(readFileSync(`${log}.${i}.gz`)));
    const live = readFileSync(log);
    parts.push(live);
    const total = Math.floor((BURST_MB * (1 << 20)) / LEN);
    const all = Buffer.concat(parts);
    assert.equal(all.length, total * LEN);
    assert.ok(all.equals(expectedOutput('b', total, LEN)), 'zcat of the backups + live file is exactly what the child wrote');
    // the live file reads as before: tail is its end
    const tail = await d.client.tailProcessLog('burst', 'stdout', 0, 1000);
    assert.equal(tail[0], live.subarray(live.length - 1000).toString('latin1'));
    // the main log rotated with gzip too, and is still readable by readLog
    await waitFor(() => existsSync(join(d.dir, 'sd.log.1.gz')), { message: 'the main log to rotate into sd.log.1.gz' });
    assert.match(gunzipSync(readFileSync(join(d.dir, 'sd.log.1.gz'))).toString(), /INFO/);
    assert.equal(typeof (await d.client.readLog(0, 0)), 'string');
  } finally {
    await d.stop();
  }
});
