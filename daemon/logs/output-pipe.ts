/**
 * Real pipes for child stdout/stderr, read without a memory allocation per read.
 *
 * Node's `stdio: 'pipe'` gives the child a unix socketpair, not a pipe: every write() of the child becomes
 * a socket buffer the reader frees one by one, which made line-by-line logging cost ~9 ms CPU per MB in the
 * daemon (supervisord, with os.pipe(), ~3 ms). A kernel pipe packs small writes into pages. Node cannot call
 * pipe(2), so we make FIFOs with `mkfifo` in a private 0700 directory (on tmpfs when possible; many per
 * spawn of mkfifo, ahead of need), open both ends and unlink the name at once: what is left is an anonymous
 * pipe.
 *
 * The read end is a net.Socket whose reads land in one buffer shared by every output pipe (net's `onread`
 * option), instead of a fresh 64 KiB ArrayBuffer per read whose garbage collection was the largest CPU cost
 * of large writes. Sharing is safe because each read is consumed synchronously, before the next read.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface OutputPipe {
  /** The read end, for pipeOutput(). */
  readable: Socket;
  /** The write end: pass it in the child's stdio (`[stdin, fd, fd]` for redirect_stderr). */
  childFd: number;
  /** Close the daemon's copy of the write end; call right after spawn (or after a failed spawn), else EOF never comes. */
  closeChildFd(): void;
}

/** Consumes one read; the chunk is valid only during the call. Returns false to pause the pipe. */
export type PipeReader = (chunk: Buffer) => boolean;

/** A pipe holds 64 KiB: a read of this size empties it, and a full read makes libuv read again at once. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** Reads that arrive before pipeOutput attaches are copied, up to this much; then the pipe pauses. */
const EARLY_LIMIT = 1024 * 1024;

interface ReaderState {
  reader: PipeReader | null;
  early: Buffer[];
  earlyBytes: number;
}

const states = new WeakMap<Readable, ReaderState>();

/**
 * Route the reads of a socket made by openOutputPipe() to `reader` (reads made before this call are
 * delivered first). Returns false for any other Readable: read it with 'data' events instead.
 */
export function attachPipeReader(readable: Readable, reader: PipeReader): boolean {
  const st = states.get(readable);
  if (st === undefined) return false;
  st.reader = reader;
  const early = st.early;
  const wasPaused = st.earlyBytes >= EARLY_LIMIT;
  st.early = [];
  st.earlyBytes = 0;
  let ok = true;
  for (const b of early) ok = reader(b) && ok;
  if (wasPaused && ok) readable.resume();
  return true;
}

function onRead(st: ReaderState, n: number): boolean {
  const view = READ_BUFFER.subarray(0, n);
  if (st.reader !== null) return st.reader(view);
  st.early.push(Buffer.from(view));
  st.earlyBytes += n;
  return st.earlyBytes < EARLY_LIMIT;
}

/**
 * FIFOs made per mkfifo spawn; doubles (up to MAX_BATCH) whenever spawning outruns the pool. 128 to
 * begin with: a crash loop takes 2 per restart, and at 32 every 16th restart paid a second fork for
 * mkfifo (~6 % of its CPU); 128 empty FIFOs on tmpfs cost ~1 ms to make and no memory to speak of.
 */
let batch = 128;
const MAX_BATCH = 512;

let dir: string | null = null;
let counter = 0;
const ready: string[] = [];
let refilling = false;
let unavailable = false;

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone: nothing to clean
  }
}

const PREFIX = 'svt-pipes-';

/** `svt-pipes-<pid>-XXXXXX`: the pid tells a later daemon whether the directory's owner is gone. */
function ownerPid(name: string): number | null {
  const m = /^svt-pipes-(\d+)-/.exec(name);
  return m === null ? null : Number(m[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove pool directories left by daemons that died without running their exit handler (SIGKILL). */
function removeStale(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = ownerPid(name);
    if (pid !== null && pid !== process.pid && !alive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** A tmpfs when there is one: making 1,000 FIFOs took ~8 ms in /dev/shm and ~470 ms on an ext4 /tmp. */
function makeFifoDir(): string {
  for (const parent of ['/dev/shm', tmpdir()]) {
    try {
      const d = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
      removeStale(parent);
      return d;
    } catch {
      // not there or not writable: try the next place
    }
  }
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

function fifoDir(): string {
  if (dir === null) {
    dir = makeFifoDir();
    const d = dir;
    process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  }
  return dir;
}

function nextNames(n: number): string[] {
  const d = fifoDir();
  return Array.from({ length: n }, () => join(d, `p${counter++}`));
}

/** Make more FIFOs in the background so the next spawns do not wait for mkfifo. */
function refill(): void {
  if (refilling || unavailable) return;
  refilling = true;
  const names = nextNames(batch);
  const child = spawn('mkfifo', ['-m', '600', ...names], { stdio: 'ignore' });
  child.once('error', () => {
    refilling = false;
  });
  child.once('exit', (code) => {
    refilling = false;
    if (code === 0) ready.push(...names);
  });
}

function takeFifo(): string | null {
  if (ready.length === 0 && !unavailable) {
    // Many spawns in one synchronous pass (start-up of hundreds of programs): make bigger batches.
    batch = Math.min(MAX_BATCH, batch * 2);
    const names = nextNames(batch);
    try {
      execFileSync('mkfifo', ['-m', '600', ...names], { stdio: 'ignore' });
      ready.push(...names);
    } catch {
      unavailable = true;
    }
  }
  const name = ready.shift() ?? null;
  if (ready.length < batch / 2) refill();
  return name;
}

/**
 * Start making FIFOs in the background (call at daemon start-up), so the first spawn does not wait
 * ~5 ms for a synchronous mkfifo.
 */
export function warmOutputPipes(): void {
  if (ready.length < batch / 2) refill();
}

/**
 * A fresh pipe for one child channel (synchronous; normally served from the pool without a process
 * spawn). Returns null when FIFOs cannot be made (no mkfifo): use `stdio: 'pipe'` then.
 */
export function openOutputPipe(): OutputPipe | null {
  const name = takeFifo();
  if (name === null) return null;
  let readFd: number | null = null;
  let writeFd: number;
  try {
    // Read end first and non-blocking, so opening the write end finds a reader and does not block.
    readFd = openSync(name, constants.O_RDONLY | constants.O_NONBLOCK);
    writeFd = openSync(name, constants.O_WRONLY);
  } catch {
    if (readFd !== null) closeSync(readFd);
    return null;
  } finally {
    unlinkQuietly(name);
  }
  const st: ReaderState = { reader: null, early: [], earlyBytes: 0 };
  // `onread` is honoured by the Socket constructor (net.js) though @types/node lists it for connect() only.
  const opts: SocketConstructorOpts & { onread: OnReadOpts } = {
    fd: readFd,
    readable: true,
    writable: false,
    onread: { buffer: READ_BUFFER, callback: (n: number) => onRead(st, n) },
  };
  const socket = new Socket(opts);
  states.set(socket, st);
  let open = true;
  return {
    readable: socket,
    childFd: writeFd,
    closeChildFd(): void {
      if (!open) return;
      open = false;
      closeSync(writeFd);
    },
  };
}
