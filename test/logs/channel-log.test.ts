import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChannelLog } from '../../daemon/logs/channel-log.ts';
import type { LogFileError } from '../../daemon/logs/log-file.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { runProcess } from '../helpers/cli.ts';
import { skipReason } from '../helpers/tools.ts';
import { makeFifo } from './fifo.ts';
import { waitFor } from '../helpers/wait.ts';

const line60 = (i: number): Buffer => Buffer.from(`line ${String(i).padStart(3, '0')} `.padEnd(59, '.') + '\n');

function sizes(path: string, backups: number): number[] {
  const out = [statSync(path).size];
  for (let i = 1; i <= backups; i++) out.push(existsSync(`${path}.${i}`) ? statSync(`${path}.${i}`).size : -1);
  return out;
}

test('rotation: the observed example (maxbytes=1KB, backups=2, 60-byte lines → 1080/1080/360)', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'rot.log');
  const log = new ChannelLog({ path, maxbytes: 1024, backups: 2, stripAnsi: false });
  for (let i = 0; i < 60; i++) log.write(line60(i));
  await log.close();
  assert.deepEqual(sizes(path, 2), [360, 1080, 1080]);
  assert.equal(existsSync(`${path}.3`), false);
  // Oldest data discarded; the rest is in order across .2, .1 and the file.
  const all = Buffer.concat([readFileSync(`${path}.2`), readFileSync(`${path}.1`), readFileSync(path)]);
  assert.deepEqual(all, Buffer.concat(Array.from({ length: 42 }, (_, k) => line60(k + 18))));
});

test('rotation counts existing content, backups=0 truncates, maxbytes=0 never rotates', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const a = join(dir, 'a.log');
  writeFileSync(a, 'x'.repeat(1000));
  const la = new ChannelLog({ path: a, maxbytes: 1024, backups: 0, stripAnsi: false });
  la.write(line60(0)); // 1060 ≥ 1024: truncated in place, no backup
  la.write(line60(1));
  await la.close();
  assert.deepEqual(readFileSync(a), line60(1));
  assert.equal(existsSync(`${a}.1`), false);

  const b = join(dir, 'b.log');
  const lb = new ChannelLog({ path: b, maxbytes: 0, backups: 3, stripAnsi: false });
  for (let i = 0; i < 100; i++) lb.write(line60(i));
  await lb.close();
  assert.equal(statSync(b).size, 6000);
  assert.equal(existsSync(`${b}.1`), false);
});

test('a big chunk may exceed maxbytes by one chunk, then rotates', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 'big.log');
  const log = new ChannelLog({ path: p, maxbytes: 100, backups: 1, stripAnsi: false });
  log.write(Buffer.alloc(50, 'a'));
  log.write(Buffer.alloc(500, 'b'));
  log.write(Buffer.alloc(10, 'c'));
  await log.close();
  assert.equal(readFileSync(`${p}.1`).toString(), 'a'.repeat(50) + 'b'.repeat(500));
  assert.equal(readFileSync(p).toString(), 'c'.repeat(10));
});

test('reopen() after the file was moved writes to a new file by that name (logrotate)', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 'app.log');
  const log = new ChannelLog({ path: p, maxbytes: 0, backups: 0, stripAnsi: false });
  log.write(Buffer.from('before\n'));
  await log.flushed();
  renameSync(p, `${p}.old`);
  log.write(Buffer.from('still old\n')); // written before the reopen request: goes to the moved file
  log.reopen();
  log.write(Buffer.from('after\n'));
  await log.close();
  assert.equal(readFileSync(`${p}.old`, 'utf8'), 'before\nstill old\n');
  assert.equal(readFileSync(p, 'utf8'), 'after\n');
});

test('clear() deletes and re-creates the file (new inode); backups stay', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const p = join(dir, 'c.log');
  writeFileSync(`${p}.1`, 'backup\n');
  const log = new ChannelLog({ path: p, maxbytes: 0, backups: 1, stripAnsi: false });
  log.write(Buffer.from('old data\n'));
  await log.flushed();
  const ino = statSync(p).ino;
  log.clear();
  assert.equal(statSync(p).size, 0);
  assert.notEqual(statSync(p).ino, ino);
  log.write(Buffer.from('new data\n'));
  await log.close();
  assert.equal(readFileSync(p, 'utf8'), 'new data\n');
  assert.equal(readFileSync(`${p}.1`, 'utf8'), 'backup\n');
});

test('NONE logs nothing; strip_ansi applies to the file', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const none = new ChannelLog({ path: null, maxbytes: 0, backups: 0, stripAnsi: false });
  assert.equal(none.write(Buffer.from('dropped')), true);
  await none.close();
  const p = join(dir, 'ansi.log');
  const log = new ChannelLog({ path: p, maxbytes: 0, backups: 0, stripAnsi: true });
  log.write(Buffer.from('\x1b[32mgreen\x1b'));
  log.write(Buffer.from('[0m ok\n'));
  await log.close();
  assert.equal(readFileSync(p, 'utf8'), 'green ok\n');
});

test('an unopenable path throws a one-line error naming it', () => {
  assert.throws(
    () => new ChannelLog({ path: '/nonexistent-dir/x.log', maxbytes: 0, backups: 0, stripAnsi: false }),
    /^LogFileError: could not open log file '\/nonexistent-dir\/x.log': ENOENT: no such file or directory$/,
  );
});

test('/dev/full: ENOSPC is reported once, writes are dropped, nothing throws', async () => {
  const errors: LogFileError[] = [];
  const log = new ChannelLog({ path: '/dev/full', maxbytes: 1024, backups: 2, stripAnsi: false, onError: (e) => errors.push(e) });
  for (let i = 0; i < 50; i++) log.write(line60(i));
  await log.flushed();
  for (let i = 0; i < 50; i++) log.write(line60(i));
  await log.close();
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.code, 'ENOSPC');
  assert.equal(errors[0]!.message, "could not write log file '/dev/full': ENOSPC: no space left on device");
});

test('a non-regular target (a FIFO read by cat) gets every byte, unseeked and unrotated', { skip: skipReason('mkfifo', 'coreutils') }, async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const fifo = join(dir, 'fifo');
  const out = join(dir, 'out');
  await makeFifo(fifo);
  const cat = spawn('sh', ['-c', `exec cat "${fifo}" > "${out}"`], { stdio: 'ignore' });
  const exited = new Promise((r) => cat.on('exit', r));
  const log = new ChannelLog({ path: fifo, maxbytes: 100, backups: 1, stripAnsi: false }); // opening waits for cat
  const expected: Buffer[] = [];
  for (let i = 0; i < 5000; i++) {
    const b = line60(i);
    expected.push(b);
    log.write(b);
  }
  await log.close();
  await exited;
  assert.deepEqual(readFileSync(out), Buffer.concat(expected));
  assert.equal(existsSync(`${fifo}.1`), false);
});

test('a slow non-regular target applies back-pressure: write() returns false, then drain', { skip: skipReason('mkfifo', 'coreutils') }, async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const fifo = join(dir, 'slow');
  await makeFifo(fifo);
  // The reader takes nothing until we let it go: a 64 KiB pipe fills at once.
  const reader = spawn('sh', ['-c', `read go; exec cat "${fifo}" > /dev/null`], { stdio: ['pipe', 'ignore', 'ignore'] });
  const holder = spawn('sh', ['-c', `exec 3<"${fifo}"; read x`], { stdio: ['pipe', 'ignore', 'ignore'] }); // keeps a reader so open() does not block
  t.after(() => {
    reader.kill();
    holder.kill();
  });
  const log = new ChannelLog({ path: fifo, maxbytes: 0, backups: 0, stripAnsi: false });
  let accepted = true;
  let n = 0;
  while (accepted && n < 100_000) accepted = log.write(Buffer.alloc(4096, 'z')) && ++n > 0;
  assert.equal(accepted, false, 'write() reported back-pressure');
  const drained = new Promise<void>((r) => log.once('drain', r));
  reader.stdin.end('go\n');
  await drained;
  await log.close();
  holder.stdin.end('\n'); // only now: with no reader at all, a write in flight would fail with EPIPE
  await waitFor(() => reader.exitCode !== null || reader.signalCode !== null, { message: 'reader to finish' });
});

test('/dev/stdout as the log, on a pipe and on a socket (ENXIO to open: fd 1 is used), never rotated', async () => {
  const script = `
    import { ChannelLog } from ${JSON.stringify(join(import.meta.dirname, '../../daemon/logs/channel-log.ts'))};
    const log = new ChannelLog({ path: '/dev/stdout', maxbytes: 100, backups: 2, stripAnsi: false });
    for (let i = 0; i < 2000; i++) log.write(Buffer.from('line ' + i + '\\n'));
    await log.close();
    console.log('still open');`;
  const expected = Array.from({ length: 2000 }, (_, i) => `line ${i}\n`).join('') + 'still open\n';
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  // Node's child stdio is a socketpair: opening /dev/stdout fails with ENXIO (as with systemd's journal).
  const onSocket = await runProcess(node[0]!, node.slice(1));
  assert.equal(onSocket.code, 0, onSocket.stderr);
  assert.equal(onSocket.stdout, expected);
  const onPipe = await runProcess('sh', ['-c', `"$0" "$@" | cat`, ...node]);
  assert.equal(onPipe.code, 0, onPipe.stderr);
  assert.equal(onPipe.stdout, expected);
});

test('a log whose directory vanished reports once, drops output, and resumes when it is back', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  const p = join(sub, 'x.log');
  const errors: string[] = [];
  const log = new ChannelLog({ path: p, maxbytes: 0, backups: 0, stripAnsi: false, onError: (e) => errors.push(e.message) });
  t.after(() => log.close());
  log.write(Buffer.from('one\n'));
  await log.flushed();
  rmSync(sub, { recursive: true });
  log.reopen(); // SIGUSR2 with the directory gone
  log.write(Buffer.from('lost\n'));
  await log.flushed();
  assert.deepEqual(errors, [`could not open log file '${p}': ENOENT: no such file or directory`]);
  mkdirSync(sub);
  await waitFor(
    async () => {
      log.write(Buffer.from('back\n'));
      await log.flushed();
      return existsSync(p);
    },
    { message: 'the log to be re-created', intervalMs: 100 },
  );
  assert.match(readFileSync(p, 'utf8'), /^(back\n)+$/);
});

test('a writer that ignores back-pressure is cut off at 64 MiB queued: dropped and reported once', { skip: skipReason('mkfifo', 'coreutils') }, async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const fifo = join(dir, 'stuck');
  await makeFifo(fifo);
  const holder = spawn('sh', ['-c', `exec 3<"${fifo}"; read x`], { stdio: ['pipe', 'ignore', 'ignore'] }); // never reads
  t.after(() => holder.kill());
  const errors: string[] = [];
  const log = new ChannelLog({ path: fifo, maxbytes: 0, backups: 0, stripAnsi: false, onError: (e) => errors.push(e.message) });
  const mib = Buffer.alloc(1 << 20, 'y');
  for (let i = 0; i < 80; i++) log.write(mib);
  assert.deepEqual(errors, [`dropping output for log file '${fifo}': 67108864 bytes are waiting to be written`]);
  holder.kill();
});
