import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ChannelLog } from '../../daemon/logs/channel-log.ts';
import type { LogFileError } from '../../daemon/logs/log-file.ts';
import { openOutputPipe, warmOutputPipes } from '../../daemon/logs/output-pipe.ts';
import { pipeOutput, type ChunkHandler } from '../../daemon/logs/pipe-output.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { runProcess } from '../helpers/cli.ts';
import { checkLines, expectedOutput } from './line-check.ts';
import { skipReason } from '../helpers/tools.ts';
import { makeFifo } from './fifo.ts';
import { waitFor } from '../helpers/wait.ts';

const WRITER = join(import.meta.dirname, 'fixtures', 'writer.mjs');

interface Run {
  child: ChildProcess;
  done: Promise<void>;
  exit: Promise<number | null>;
}

interface RunOptions {
  onChunk?: ChunkHandler;
  wanted?: () => boolean;
  /** Node's own socketpair stdio instead of openOutputPipe(). */
  socketpair?: boolean;
  /** redirect_stderr: the child's stderr on the same pipe. */
  stderrToo?: boolean;
}

/** Spawn `cmd` with its stdout on a real pipe (or Node's socketpair), copied into `log` by pipeOutput. */
function runChild(cmd: string[], log: ChannelLog | null, opts: RunOptions = {}): Run {
  const pipe = opts.socketpair ? null : openOutputPipe();
  if (!opts.socketpair) assert.ok(pipe, 'mkfifo available');
  const out = pipe?.childFd ?? 'pipe';
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', out, opts.stderrToo ? out : 'inherit'] });
  pipe?.closeChildFd();
  const readable: Readable = pipe?.readable ?? child.stdout!;
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, done: pipeOutput(readable, log, opts.onChunk, opts.wanted), exit };
}

/** The test writer (fixtures/writer.mjs) with `args`. */
function runWriter(args: string[], log: ChannelLog | null, opts: RunOptions = {}): Run {
  return runChild([process.execPath, WRITER, ...args], log, opts);
}

/** Backups oldest first, then the live file. */
function concatRotated(path: string, backups: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = backups; i >= 1; i--) if (existsSync(`${path}.${i}`)) parts.push(readFileSync(`${path}.${i}`));
  parts.push(readFileSync(path));
  return Buffer.concat(parts);
}

test('50 MB in 1 MiB writes arrives byte-exact', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'big.log');
  const log = new ChannelLog({ path, maxbytes: 0, backups: 0, stripAnsi: false });
  let seen = 0;
  const run = runWriter(['0', '100', 'big', '50'], log, {
    onChunk: (c) => {
      seen += c.length;
    },
  });
  assert.equal(await run.exit, 0);
  await run.done;
  await log.close();
  const lines = Math.floor((50 << 20) / 100);
  const data = readFileSync(path);
  assert.equal(seen, lines * 100);
  assert.ok(data.equals(expectedOutput('big', lines, 100)), JSON.stringify(checkLines(data, 'big', lines, 100)));
});

test('four children × 100,000 lines, one write() per line, each byte-exact in its own file', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const tags = ['a', 'b', 'c', 'd'];
  const logs = tags.map((tag) => new ChannelLog({ path: join(dir, `${tag}.log`), maxbytes: 0, backups: 0, stripAnsi: false }));
  const runs = tags.map((tag, i) => runWriter(['100000', '100', tag], logs[i]!));
  assert.deepEqual(await Promise.all(runs.map((r) => r.exit)), [0, 0, 0, 0]);
  await Promise.all(runs.map((r) => r.done));
  await Promise.all(logs.map((l) => l.close()));
  for (const tag of tags) {
    const data = readFileSync(join(dir, `${tag}.log`));
    assert.deepEqual(checkLines(data, tag, 100_000, 100), { lines: 100_000, lost: 0, duplicated: 0, reordered: 0, torn: 0 });
    assert.ok(data.equals(expectedOutput(tag, 100_000, 100)), `${tag}.log byte-exact`);
  }
});

test('a burst across rotations: the backups plus the file are the exact output', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'rot.log');
  const log = new ChannelLog({ path, maxbytes: 1 << 20, backups: 30, stripAnsi: false });
  const run = runWriter(['100000', '100', 'r'], log);
  assert.equal(await run.exit, 0);
  await run.done;
  await log.close();
  assert.ok(existsSync(`${path}.9`), 'rotated about ten times');
  for (let i = 1; existsSync(`${path}.${i}`); i++) {
    const size = readFileSync(`${path}.${i}`).length;
    assert.ok(size >= 1 << 20 && size < (1 << 20) + 128 * 1024, `${path}.${i} is ${size} bytes: maxbytes plus less than one read`);
  }
  assert.ok(concatRotated(path, 30).equals(expectedOutput('r', 100_000, 100)));
});

test("Node's own socketpair stdio works too (fallback when there is no mkfifo)", async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'sp.log');
  const log = new ChannelLog({ path, maxbytes: 0, backups: 0, stripAnsi: false });
  const run = runWriter(['20000', '80', 's'], log, { socketpair: true });
  assert.equal(await run.exit, 0);
  await run.done;
  await log.close();
  assert.ok(readFileSync(path).equals(expectedOutput('s', 20_000, 80)));
});

test('a full disk (/dev/full): one error, the child runs to completion, the pipe is drained', async () => {
  const errors: LogFileError[] = [];
  const log = new ChannelLog({ path: '/dev/full', maxbytes: 0, backups: 0, stripAnsi: false, onError: (e) => errors.push(e) });
  let seen = 0;
  const run = runWriter(['50000', '100', 'f'], log, {
    onChunk: (c) => {
      seen += c.length;
    },
  });
  assert.equal(await run.exit, 0);
  await run.done;
  await log.close();
  assert.equal(seen, 50000 * 100);
  assert.deepEqual(
    errors.map((e) => e.message),
    ["could not write log file '/dev/full': ENOSPC: no space left on device"],
  );
});

test('NONE drains the pipe; onChunk may replace what is logged (capture mode)', async (t) => {
  const run = runWriter(['30000', '100', 'n'], null);
  assert.equal(await run.exit, 0);
  await run.done;

  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'cap.log');
  const log = new ChannelLog({ path, maxbytes: 0, backups: 0, stripAnsi: false });
  let events = 0;
  const run2 = runWriter(['1000', '50', 'k'], log, {
    onChunk: (chunk) => {
      events += chunk.length;
      return Buffer.from(chunk.toString('latin1').replace(/k /g, 'K '));
    },
  });
  await run2.done;
  await log.close();
  assert.equal(events, 50_000);
  assert.equal(readFileSync(path, 'latin1'), expectedOutput('k', 1000, 50).toString('latin1').replace(/k /g, 'K '));
});

test('redirect_stderr: stdout and stderr on one pipe, in the order written', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'both.log');
  const log = new ChannelLog({ path, maxbytes: 0, backups: 0, stripAnsi: false });
  const run = runChild(['sh', '-c', 'echo out1; echo err1 >&2; echo out2'], log, { stderrToo: true });
  assert.equal(await run.exit, 0);
  await run.done;
  await log.close();
  assert.equal(readFileSync(path, 'utf8'), 'out1\nerr1\nout2\n');
});

test('a stalled log target pauses only that child: its pipe stops being read, nothing piles up, nothing is lost', { skip: skipReason('mkfifo', 'coreutils') }, async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const fifo = join(dir, 'target');
  const out = join(dir, 'out');
  await makeFifo(fifo);
  // The target's reader starts only when told; a second reader end keeps the FIFO open meanwhile.
  const reader = spawn('sh', ['-c', `read go; exec cat "${fifo}" > "${out}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
  const holder = spawn('sh', ['-c', `exec 3<"${fifo}"; read x`], { stdio: ['pipe', 'ignore', 'ignore'] });
  t.after(() => {
    reader.kill();
    holder.kill();
  });
  const log = new ChannelLog({ path: fifo, maxbytes: 0, backups: 0, stripAnsi: false });
  let received = 0;
  const run = runWriter(['0', '100', 'bp', '8'], log, {
    onChunk: (c) => {
      received += c.length;
    },
  });
  // The writer ends up blocked on its stdout pipe, repeatedly: we stopped reading it.
  let blocked = 0;
  await waitFor(
    () => {
      const wchan = readFileSync(`/proc/${run.child.pid}/wchan`, 'utf8');
      blocked = /pipe_write/.test(wchan) ? blocked + 1 : 0;
      return blocked >= 5;
    },
    { message: 'the writer to block on its pipe', intervalMs: 20 },
  );
  assert.ok(received < 2 << 20, `read ${received} bytes of 8 MiB while the target was stalled`);
  assert.equal(run.child.exitCode, null);
  reader.stdin.end('go\n');
  assert.equal(await run.exit, 0);
  await run.done;
  await log.close();
  holder.stdin.end('\n');
  await waitFor(() => reader.exitCode !== null, { message: 'the target reader to finish' });
  const lines = Math.floor((8 << 20) / 100);
  assert.ok(readFileSync(out).equals(expectedOutput('bp', lines, 100)));
});

test('wanted() gates the chunk handler per read; the log gets every byte either way', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'gated.log');
  const log = new ChannelLog({ path, maxbytes: 0, backups: 0, stripAnsi: false });
  let asked = 0;
  let handled = 0;
  const run = runWriter(['20000', '100', 'g'], log, {
    onChunk: (c) => {
      handled += c.length;
    },
    wanted: () => ++asked % 2 === 0,
  });
  assert.equal(await run.exit, 0);
  await run.done;
  await log.close();
  assert.ok(asked > 0);
  assert.ok(handled < 20000 * 100, 'chunks were skipped while unwanted');
  assert.ok(readFileSync(path).equals(expectedOutput('g', 20000, 100)));
});

test('every pipe, from the warmed pool or a synchronous batch, carries its own bytes to its own reader', async () => {
  warmOutputPipes();
  const pipes = Array.from({ length: 70 }, () => openOutputPipe()); // more than one batch
  const got = await Promise.all(
    pipes.map((p, i) => {
      assert.ok(p);
      writeSync(p.childFd, `pipe ${i}\n`);
      p.closeChildFd();
      const chunks: Buffer[] = [];
      return pipeOutput(p.readable, null, (c) => void chunks.push(c)).then(() => Buffer.concat(chunks).toString());
    }),
  );
  assert.deepEqual(got, pipes.map((_, i) => `pipe ${i}\n`));
});

test('strip_ansi on a child\'s output; a lone ESC at EOF is kept, the next run starts clean', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'ansi.log');
  const log = new ChannelLog({ path, maxbytes: 0, backups: 0, stripAnsi: true });
  for (const script of [String.raw`printf '\033[1;31mred\033[0m plain\n\033'`, String.raw`printf '[0mnext run\n'`]) {
    const run = runChild(['sh', '-c', script], log);
    assert.equal(await run.exit, 0);
    await run.done;
  }
  await log.close();
  assert.equal(readFileSync(path, 'latin1'), 'red plain\n\x1b[0mnext run\n');
});

test('pool directories of dead daemons are removed; live ones are left alone', { skip: existsSync('/dev/shm') ? false : 'no /dev/shm' }, async () => {
  // Another process makes its pool, then dies without its exit handler (SIGKILL).
  const script = `
    import { openOutputPipe } from ${JSON.stringify(join(import.meta.dirname, '../../daemon/logs/output-pipe.ts'))};
    const p = openOutputPipe();
    p.closeChildFd();
    p.readable.destroy();
    process.kill(process.pid, 'SIGKILL');`;
  const dead = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  assert.equal(dead.signal, 'SIGKILL');
  const stale = readdirSync('/dev/shm').filter((n) => n.startsWith('svt-pipes-'));
  assert.ok(stale.length > 0, 'the killed process left its pool directory');
  // A fresh process creates its own pool and clears the dead one's.
  const fresh = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script.replace("process.kill(process.pid, 'SIGKILL');", '')]);
  assert.equal(fresh.code, 0, fresh.stderr);
  const left = readdirSync('/dev/shm').filter((n) => n.startsWith('svt-pipes-'));
  for (const n of left) {
    const owner = Number(/^svt-pipes-(\d+)-/.exec(n)?.[1]);
    assert.ok(Number.isNaN(owner) || processAlive(owner), `${n} belongs to a dead process`);
  }
});

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
